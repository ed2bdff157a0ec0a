package com.cifarlab.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads and checks the official CIFAR-10 binary layout: a folder holding {@code data_batch_1.bin}
 * … {@code data_batch_5.bin}, {@code test_batch.bin} and {@code batches.meta.txt}.
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

    private CifarBinaryFormat() {
    }

    /** Checks everything a reader relies on without keeping the pixels: sizes, labels, class names. */
    public static void verify(Path folder) {
        readClassNames(folder);
        for (String batch : allBatches()) {
            readBatches(folder, List.of(batch));
        }
    }

    /** Reads the whole data set into memory, checking it as it goes. */
    public static CifarDataset read(Path folder) {
        List<String> classes = readClassNames(folder);
        CifarImages train = readBatches(folder, TRAIN_BATCHES);
        CifarImages test = readBatches(folder, List.of(TEST_BATCH));
        return new CifarDataset(classes, train, test, folder);
    }

    static List<String> allBatches() {
        return java.util.stream.Stream.concat(TRAIN_BATCHES.stream(), java.util.stream.Stream.of(TEST_BATCH)).toList();
    }

    static List<String> readClassNames(Path folder) {
        Path meta = requireFile(folder, META);
        List<String> names;
        try {
            names = Files.readAllLines(meta, StandardCharsets.UTF_8).stream().map(String::strip).toList();
        } catch (IOException e) {
            throw new DatasetException(meta + " cannot be read: " + e.getMessage(), e);
        }
        // The official file ends with a blank line; some copies do not.
        int end = names.size();
        while (end > 0 && names.get(end - 1).isEmpty()) {
            end--;
        }
        names = names.subList(0, end);
        if (names.size() != CLASSES || names.stream().anyMatch(String::isEmpty)) {
            throw new DatasetException(meta + " should list " + CLASSES + " class names, one per line, but has "
                    + names.size() + " lines.");
        }
        return List.copyOf(names);
    }

    static CifarImages readBatches(Path folder, List<String> batches) {
        int images = batches.size() * RECORDS_PER_BATCH;
        byte[] labels = new byte[images];
        byte[] pixels = new byte[images * CifarImages.PIXELS];
        byte[] record = new byte[RECORD];
        int image = 0;
        for (String name : batches) {
            Path file = requireFile(folder, name);
            try {
                long size = Files.size(file);
                if (size != BATCH_BYTES) {
                    throw new DatasetException(file + " has " + size + " bytes; a CIFAR-10 batch has exactly "
                            + BATCH_BYTES + " (10,000 records of 3,073 bytes), so it is truncated or not a CIFAR-10 batch.");
                }
                try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
                    for (int r = 0; r < RECORDS_PER_BATCH; r++, image++) {
                        in.readNBytes(record, 0, RECORD);
                        int label = record[0] & 0xFF;
                        if (label >= CLASSES) {
                            throw new DatasetException(file + " record " + r + " has label " + label
                                    + "; CIFAR-10 labels are 0 to 9.");
                        }
                        labels[image] = (byte) label;
                        System.arraycopy(record, 1, pixels, image * CifarImages.PIXELS, CifarImages.PIXELS);
                    }
                }
            } catch (IOException e) {
                throw new DatasetException(file + " cannot be read: " + e.getMessage(), e);
            }
        }
        return new CifarImages(labels, pixels);
    }

    private static Path requireFile(Path folder, String name) {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + " is missing; a CIFAR-10 folder needs " + String.join(", ", allBatches())
                    + " and " + META + ".");
        }
        return file;
    }
}
