package com.cifarlab.dataset;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Reads and checks the official CIFAR-10 binary layout: a folder holding {@code data_batch_1.bin}
 * … {@code data_batch_5.bin}, {@code test_batch.bin} and {@code batches.meta.txt}.
 *
 * <p>Every check ends in a {@link DatasetException} whose one sentence names the file and the
 * problem. Methods taking a {@code shownAs} function name files the way the user knows them (for
 * example inside the archive they imported) rather than by the staging folder they were unpacked to.
 */
public final class CifarBinaryFormat {

    public static final String FOLDER = "cifar-10-batches-bin";
    public static final int RECORD = 1 + CifarImages.PIXELS;
    public static final int RECORDS_PER_BATCH = 10_000;
    public static final long BATCH_BYTES = (long) RECORD * RECORDS_PER_BATCH;
    public static final List<String> TRAIN_BATCHES = List.of(
            "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    public static final String TEST_BATCH = "test_batch.bin";
    public static final String META = "batches.meta.txt";
    public static final int CLASSES = 10;
    /** Ten short names fit in a few hundred bytes; anything far larger is not a meta file. */
    static final long MAX_META_BYTES = 4096;
    /** Every file a complete folder holds, batches first. */
    public static final List<String> FILES = Stream.concat(
            Stream.concat(TRAIN_BATCHES.stream(), Stream.of(TEST_BATCH)), Stream.of(META)).toList();

    private CifarBinaryFormat() {
    }

    /** Checks everything a reader relies on without keeping the pixels: sizes, labels, class names. */
    public static void verify(Path folder) {
        verify(folder, name -> folder.resolve(name).toString(), bytes -> { });
    }

    /**
     * Like {@link #verify(Path)}, naming each file in messages by {@code shownAs.apply(fileName)}
     * and telling {@code bytesChecked} about each batch it has checked.
     */
    public static void verify(Path folder, UnaryOperator<String> shownAs, LongConsumer bytesChecked) {
        checkLayout(folder, shownAs);
        readClassNames(folder, shownAs);
        for (String batch : allBatches()) {
            scanBatch(folder.resolve(batch), shownAs.apply(batch), null, null, 0);
            bytesChecked.accept(BATCH_BYTES);
        }
    }

    /**
     * The quick part of {@link #verify}: every file is there and has a plausible size. Lets an
     * import refuse a bad folder before copying 184 MB.
     */
    public static void checkLayout(Path folder, UnaryOperator<String> shownAs) {
        for (String name : FILES) {
            Path file = folder.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw missing(shownAs.apply(name));
            }
            try {
                checkSize(name, Files.size(file), shownAs);
            } catch (IOException e) {
                throw new DatasetException(shownAs.apply(name) + " cannot be read: " + describe(e) + ".", e);
            }
        }
    }

    /** Refuses a file of the layout whose size cannot be right, before anything reads it. */
    public static void checkSize(String name, long size, UnaryOperator<String> shownAs) {
        if (META.equals(name)) {
            if (size > MAX_META_BYTES) {
                throw new DatasetException(shownAs.apply(name) + " has " + size + " bytes, far too many for "
                        + "ten class names, so it is not a CIFAR-10 " + META + ".");
            }
        } else if (size < BATCH_BYTES) {
            throw new DatasetException(shownAs.apply(name) + " is truncated: it has " + String.format("%,d", size)
                    + " bytes, but a CIFAR-10 batch has exactly " + String.format("%,d", BATCH_BYTES)
                    + " (10,000 records of 3,073 bytes).");
        } else if (size > BATCH_BYTES) {
            throw new DatasetException(shownAs.apply(name) + " has " + String.format("%,d", size)
                    + " bytes, more than the " + String.format("%,d", BATCH_BYTES)
                    + " of a CIFAR-10 batch (10,000 records of 3,073 bytes), so it is not a CIFAR-10 batch.");
        }
    }

    /** Reads the whole data set into memory, checking it as it goes. */
    public static CifarDataset read(Path folder) {
        UnaryOperator<String> shownAs = name -> folder.resolve(name).toString();
        checkLayout(folder, shownAs);
        List<String> classes = readClassNames(folder, shownAs);
        CifarImages train = readBatches(folder, TRAIN_BATCHES, shownAs);
        CifarImages test = readBatches(folder, List.of(TEST_BATCH), shownAs);
        return new CifarDataset(classes, train, test, folder);
    }

    static List<String> allBatches() {
        return FILES.subList(0, FILES.size() - 1);
    }

    static List<String> readClassNames(Path folder, UnaryOperator<String> shownAs) {
        Path meta = folder.resolve(META);
        List<String> names;
        try {
            names = Files.readAllLines(meta, StandardCharsets.UTF_8).stream().map(String::strip).toList();
        } catch (IOException e) {
            throw new DatasetException(shownAs.apply(META) + " cannot be read as UTF-8 text: " + describe(e) + ".", e);
        }
        // The official file ends with a blank line; some copies do not.
        int end = names.size();
        while (end > 0 && names.get(end - 1).isEmpty()) {
            end--;
        }
        names = names.subList(0, end);
        if (names.size() != CLASSES || names.stream().anyMatch(String::isEmpty)) {
            throw new DatasetException(shownAs.apply(META) + " should list " + CLASSES
                    + " class names, one per line, but has " + names.size() + " lines.");
        }
        return List.copyOf(names);
    }

    private static CifarImages readBatches(Path folder, List<String> batches, UnaryOperator<String> shownAs) {
        int images = batches.size() * RECORDS_PER_BATCH;
        byte[] labels = new byte[images];
        byte[] pixels = new byte[images * CifarImages.PIXELS];
        for (int b = 0; b < batches.size(); b++) {
            String name = batches.get(b);
            scanBatch(folder.resolve(name), shownAs.apply(name), labels, pixels, b * RECORDS_PER_BATCH);
        }
        return new CifarImages(labels, pixels);
    }

    /**
     * Reads one batch record by record, checking every label. With {@code labels} null it only
     * checks, so verifying a folder never holds a batch's pixels.
     */
    private static void scanBatch(Path file, String shownAs, byte[] labels, byte[] pixels, int firstImage) {
        byte[] record = new byte[RECORD];
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            for (int r = 0; r < RECORDS_PER_BATCH; r++) {
                if (in.readNBytes(record, 0, RECORD) < RECORD) {
                    throw new DatasetException(shownAs + " is truncated: it ends inside record " + r
                            + " of " + RECORDS_PER_BATCH + ".");
                }
                int label = record[0] & 0xFF;
                if (label >= CLASSES) {
                    throw new DatasetException(shownAs + " has label " + label + " in record " + r
                            + "; CIFAR-10 labels are 0 to 9.");
                }
                if (labels != null) {
                    int image = firstImage + r;
                    labels[image] = (byte) label;
                    System.arraycopy(record, 1, pixels, image * CifarImages.PIXELS, CifarImages.PIXELS);
                }
            }
        } catch (IOException e) {
            throw new DatasetException(shownAs + " cannot be read: " + describe(e) + ".", e);
        }
    }

    private static DatasetException missing(String shownAs) {
        return new DatasetException(shownAs + " is missing; a CIFAR-10 folder needs "
                + String.join(", ", allBatches()) + " and " + META + ".");
    }

    /**
     * An exception's message to end a sentence with: without its own final full stop, and the
     * exception's type when it has no message (as some JDK I/O errors do).
     */
    static String describe(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        message = message.strip();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}
