package com.cifarlab.testdata;

import com.cifarlab.dataset.CifarBinaryFormat;
import com.cifarlab.dataset.CifarImages;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes small but complete CIFAR-10 folders in the official binary layout, so tests never need
 * the real data. Batch files keep their official size (10,000 records); the pixels follow a
 * formula of (image, channel, row, col) and the labels cycle 0..9 starting at {@code firstLabel},
 * so tests can predict every byte.
 */
public final class CifarFixtures {

    public static final List<String> CLASS_NAMES = List.of(
            "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private CifarFixtures() {
    }

    /** The pixel value the fixture writes for image {@code index} of a batch. */
    public static int pixel(int index, int channel, int row, int col) {
        return (index * 7 + channel * 50 + row * 3 + col) & 0xFF;
    }

    /** The label the fixture writes for record {@code index} of batch {@code batch} (0..5, test = 5). */
    public static int label(int batch, int index) {
        return (batch + index) % 10;
    }

    /** Writes a complete valid {@code cifar-10-batches-bin} folder below {@code parent} and returns it. */
    public static Path writeFolder(Path parent) throws IOException {
        Path folder = Files.createDirectories(parent.resolve(CifarBinaryFormat.FOLDER));
        List<String> batches = new java.util.ArrayList<>(CifarBinaryFormat.TRAIN_BATCHES);
        batches.add(CifarBinaryFormat.TEST_BATCH);
        for (int b = 0; b < batches.size(); b++) {
            writeBatch(folder.resolve(batches.get(b)), b);
        }
        Files.writeString(folder.resolve(CifarBinaryFormat.META), String.join("\n", CLASS_NAMES) + "\n\n",
                StandardCharsets.UTF_8);
        return folder;
    }

    /** Packs {@code folder} into a {@code .tar.gz} the way the official archive is packed: {@code <folder name>/<file>}. */
    public static Path writeArchive(Path folder, Path archive) throws IOException {
        try (TarGz tarGz = TarGz.create(archive)) {
            tarGz.addFolder(folder, folder.getFileName().toString());
        }
        return archive;
    }

    /** Overwrites the label byte of record {@code record} in a batch file, e.g. with an impossible 12. */
    public static void writeLabel(Path batch, int record, int label) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(batch.toFile(), "rw")) {
            file.seek((long) record * CifarBinaryFormat.RECORD);
            file.write(label);
        }
    }

    /** Cuts a file down to its first {@code size} bytes. */
    public static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    /**
     * Writes a {@code .tar.gz} entry by entry, for archives shaped like the official one and for
     * hostile ones (entries climbing out with {@code ..}, links). Compresses fast: the fixture's
     * pixels shrink well at any level.
     */
    public static final class TarGz implements Closeable {

        private final TarArchiveOutputStream tar;

        private TarGz(TarArchiveOutputStream tar) {
            this.tar = tar;
        }

        public static TarGz create(Path archive) throws IOException {
            GzipParameters parameters = new GzipParameters();
            parameters.setCompressionLevel(Deflater.BEST_SPEED);
            TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(archive), 1 << 20), parameters));
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            return new TarGz(tar);
        }

        /** Adds a folder entry and every regular file of {@code folder} as {@code <entryFolder>/<name>}. */
        public TarGz addFolder(Path folder, String entryFolder) throws IOException {
            tar.putArchiveEntry(new TarArchiveEntry(entryFolder + "/"));
            tar.closeArchiveEntry();
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    TarArchiveEntry entry = new TarArchiveEntry(entryFolder + "/" + file.getFileName());
                    entry.setSize(Files.size(file));
                    tar.putArchiveEntry(entry);
                    Files.copy(file, tar);
                    tar.closeArchiveEntry();
                }
            }
            return this;
        }

        public TarGz addFile(String entryName, byte[] content) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(entryName);
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
            return this;
        }

        public TarGz addSymlink(String entryName, String target) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(entryName, TarConstants.LF_SYMLINK);
            entry.setLinkName(target);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
            return this;
        }

        @Override
        public void close() throws IOException {
            tar.close();
        }
    }

    private static void writeBatch(Path file, int batch) throws IOException {
        byte[] record = new byte[CifarBinaryFormat.RECORD];
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (int i = 0; i < CifarBinaryFormat.RECORDS_PER_BATCH; i++) {
                record[0] = (byte) label(batch, i);
                for (int c = 0; c < 3; c++) {
                    for (int r = 0; r < CifarImages.SIDE; r++) {
                        for (int col = 0; col < CifarImages.SIDE; col++) {
                            record[1 + c * CifarImages.PLANE + r * CifarImages.SIDE + col] = (byte) pixel(i, c, r, col);
                        }
                    }
                }
                out.write(record);
            }
        }
    }
}
