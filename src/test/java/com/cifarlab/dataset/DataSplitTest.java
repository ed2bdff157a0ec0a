package com.cifarlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataSplitTest {

    private static final int IMAGES = 50_000;

    @Test
    void theSplitHoldsFortyThousandTrainingAndTenThousandValidationImages() {
        DataSplit split = DataSplit.of(IMAGES, 42);

        assertThat(split.trainSize()).isEqualTo(40_000);
        assertThat(split.validationSize()).isEqualTo(10_000);
    }

    @Test
    void trainingAndValidationAreDisjointAndCoverAllImages() {
        DataSplit split = DataSplit.of(IMAGES, 42);

        int[] all = IntStream.concat(Arrays.stream(split.trainIndices()), Arrays.stream(split.validationIndices()))
                .sorted().toArray();
        assertThat(all).isEqualTo(IntStream.range(0, IMAGES).toArray());
    }

    @Test
    void theSplitIsTheSameForTheSameSeed() {
        DataSplit first = DataSplit.of(IMAGES, 42);
        DataSplit second = DataSplit.of(IMAGES, 42);

        assertThat(second.trainIndices()).isEqualTo(first.trainIndices());
        assertThat(second.validationIndices()).isEqualTo(first.validationIndices());
    }

    @Test
    void anotherSeedGivesAnotherSplit() {
        assertThat(DataSplit.of(IMAGES, 7).validationIndices()).isNotEqualTo(DataSplit.of(IMAGES, 42).validationIndices());
    }

    @Test
    void aBalancedSubsetTakesEquallyManyImagesOfEachClassFromTheTrainingSide() {
        CifarImages images = randomlyLabelled(IMAGES);
        DataSplit split = DataSplit.of(IMAGES, 42);

        DataSplit subset = split.withBalancedSubset(1_000, images, 10, 42);

        assertThat(images.countPerClass(subset.trainIndices(), 10)).containsOnly(100);
        assertThat(subset.trainIndices()).doesNotHaveDuplicates();
        assertThat(Arrays.stream(split.trainIndices()).boxed().toList())
                .containsAll(Arrays.stream(subset.trainIndices()).boxed().toList());
        assertThat(subset.validationIndices()).isEqualTo(split.validationIndices());
    }

    @Test
    void aSubsetSizeThatDoesNotDivideByTenDiffersByAtMostOnePerClass() {
        CifarImages images = randomlyLabelled(IMAGES);

        int[] counts = images.countPerClass(DataSplit.of(IMAGES, 42).withBalancedSubset(1_005, images, 10, 42)
                .trainIndices(), 10);

        assertThat(Arrays.stream(counts).sum()).isEqualTo(1_005);
        assertThat(Arrays.stream(counts).max().orElseThrow() - Arrays.stream(counts).min().orElseThrow()).isLessThanOrEqualTo(1);
    }

    /** Labels drawn at random, so the classes are unequal in size as in a real subset; pixels stay zero. */
    private static CifarImages randomlyLabelled(int count) {
        byte[] labels = new byte[count];
        Random random = new Random(3);
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(10);
        }
        return new CifarImages(labels, new byte[count * CifarImages.PIXELS]);
    }
}
