package com.cifarlab.dataset;

import java.util.Objects;

/**
 * A block of CIFAR-10 images kept exactly as the binary files store them: one label byte and
 * 3,072 pixel bytes (1,024 red, then green, then blue, each plane row-major) per image. The whole
 * data set is held once per server as bytes (184 MB) and shared read-only; pixels become floats
 * only per mini-batch, so a run never owns a 737 MB float copy.
 */
public final class CifarImages {

    public static final int SIDE = 32;
    public static final int PLANE = SIDE * SIDE;
    public static final int PIXELS = 3 * PLANE;
    /** {@code v / 255f} for every byte value: a look-up costs less than a division per pixel, to the same bits. */
    private static final float[] NORMALISED = normalised();

    private final byte[] labels;
    private final byte[] pixels;

    /** Takes ownership of both arrays; callers must not change them afterwards. */
    public CifarImages(byte[] labels, byte[] pixels) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(pixels, "pixels");
        if (pixels.length != labels.length * PIXELS) {
            throw new IllegalArgumentException(
                    "expected " + labels.length * PIXELS + " pixel bytes for " + labels.length + " images, got " + pixels.length);
        }
        this.labels = labels;
        this.pixels = pixels;
    }

    private static float[] normalised() {
        float[] values = new float[256];
        for (int v = 0; v < values.length; v++) {
            values[v] = v / 255f;
        }
        return values;
    }

    public int size() {
        return labels.length;
    }

    public int label(int image) {
        return labels[image];
    }

    /** The raw 0–255 value of one channel (0 red, 1 green, 2 blue) at (row, col). */
    public int pixel(int image, int channel, int row, int col) {
        return pixels[image * PIXELS + channel * PLANE + row * SIDE + col] & 0xFF;
    }

    /**
     * Writes one image as floats scaled to 0–1 (the lab's {@code x / 255.0}) in channel-major
     * order, which is both DL4J's NCHW layout and the flattened MLP input.
     */
    public void copyNormalised(int image, float[] target, int offset) {
        int base = image * PIXELS;
        for (int i = 0; i < PIXELS; i++) {
            target[offset + i] = NORMALISED[pixels[base + i] & 0xFF];
        }
    }


    /** Counts of images per class label (index = label). */
    public int[] countPerClass(int classes) {
        int[] counts = new int[classes];
        for (byte label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /** Counts per class label of the images at {@code indices}, e.g. one side of a {@link DataSplit}. */
    public int[] countPerClass(int[] indices, int classes) {
        int[] counts = new int[classes];
        for (int index : indices) {
            counts[labels[index]]++;
        }
        return counts;
    }
}
