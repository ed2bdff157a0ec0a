package com.cifarlab.testdata;

import com.cifarlab.dataset.CifarBinaryFormat;
import com.cifarlab.dataset.CifarImages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
