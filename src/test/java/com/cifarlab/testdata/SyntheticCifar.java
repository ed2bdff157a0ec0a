package com.cifarlab.testdata;

import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.CifarImages;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.IntBinaryOperator;

/**
 * Small in-memory data sets in CIFAR-10's layout that a network can actually learn: each class
 * lights a band of rows in one colour channel over seeded noise. Labels cycle 0..9, so every
 * class is equally represented.
 */
public final class SyntheticCifar {

    private SyntheticCifar() {
    }

    public static CifarDataset dataset(int trainImages, int testImages, long seed) {
        Random random = new Random(seed);
        return new CifarDataset(CifarFixtures.CLASS_NAMES, images(trainImages, random), images(testImages, random),
                Path.of("synthetic"));
    }

    /** Images whose label is {@code i % 10}, with the class pattern over noise drawn from {@code random}. */
    public static CifarImages images(int count, Random random) {
        return images(count, random, (index, pattern) -> pattern);
    }

    /**
     * Images showing pattern {@code i % 10}, labelled {@code label.applyAsInt(i, pattern)}: lets a
     * test make some images lie about their class.
     */
    public static CifarImages images(int count, Random random, IntBinaryOperator label) {
        byte[] labels = new byte[count];
        byte[] pixels = new byte[count * CifarImages.PIXELS];
        for (int i = 0; i < count; i++) {
            int pattern = i % 10;
            labels[i] = (byte) label.applyAsInt(i, pattern);
            int base = i * CifarImages.PIXELS;
            for (int p = 0; p < CifarImages.PIXELS; p++) {
                pixels[base + p] = (byte) random.nextInt(120);
            }
            int channel = pattern % 3;
            int firstRow = pattern * 3;
            for (int row = firstRow; row < firstRow + 3; row++) {
                for (int col = 0; col < CifarImages.SIDE; col++) {
                    pixels[base + channel * CifarImages.PLANE + row * CifarImages.SIDE + col] = (byte) 230;
                }
            }
        }
        return new CifarImages(labels, pixels);
    }
}
