package com.cifarlab.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Which training images a run learns from and which it validates on, as indices into
 * {@link CifarDataset#train()}. The lab's split is 80/20 with seed 42.
 *
 * @param trainIndices      images used for fitting, in the order of the seeded shuffle
 * @param validationIndices images held out for validation
 */
public record DataSplit(int[] trainIndices, int[] validationIndices) {

    public static final double VALIDATION_FRACTION = 0.2;

    /** The lab's seed: everyone in the class gets the same split, so results can be compared. */
    public static final long LAB_SEED = 42;

    /**
     * Shuffles {@code 0..imageCount-1} with {@code seed} and holds out the last 20% for
     * validation, like scikit-learn's {@code train_test_split(test_size=0.2)}: the same seed always
     * gives the same split.
     */
    public static DataSplit of(int imageCount, long seed) {
        int[] order = shuffled(imageCount, new Random(seed));
        int validation = (int) Math.round(imageCount * VALIDATION_FRACTION);
        int train = imageCount - validation;
        return new DataSplit(Arrays.copyOfRange(order, 0, train), Arrays.copyOfRange(order, train, imageCount));
    }

    /**
     * Keeps {@code size} training images, as equal a number from each class as the split allows
     * (the first ones of each class in shuffled order), for quick runs. The validation images stay.
     */
    public DataSplit withBalancedSubset(int size, CifarImages images, int classes, long seed) {
        if (size <= 0 || size >= trainIndices.length) {
            return this;
        }
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int index : trainIndices) {
            byClass.get(images.label(index)).add(index);
        }
        int[] chosen = new int[size];
        int taken = 0;
        for (int round = 0; taken < size; round++) {
            for (int c = 0; c < classes && taken < size; c++) {
                if (round < byClass.get(c).size()) {
                    chosen[taken++] = byClass.get(c).get(round);
                }
            }
        }
        shuffleInPlace(chosen, new Random(seed ^ 0x5DEECE66DL));
        return new DataSplit(chosen, validationIndices);
    }

    public int trainSize() {
        return trainIndices.length;
    }

    public int validationSize() {
        return validationIndices.length;
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffleInPlace(order, random);
        return order;
    }

    private static void shuffleInPlace(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
