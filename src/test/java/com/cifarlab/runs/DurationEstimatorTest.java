package com.cifarlab.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.TrainingSpec;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationEstimatorTest {

    private final DurationEstimator estimator = new DurationEstimator();

    private static EpochMetrics took(double seconds) {
        return new EpochMetrics(1, 2, 0.2, 2, 0.2, seconds);
    }

    @Test
    void beforeAnyMeasurementAFullMlpEpochIsAboutFifteenSecondsAndACnnEpochLonger() {
        TrainingSpec mlp = TrainingSpec.labDefaults();

        assertThat(estimator.epoch(mlp)).isEqualTo(Duration.ofSeconds(15));
        assertThat(estimator.testPass(mlp).toMillis()).as("10,000 images forward only").isBetween(500L, 540L);
        assertThat(estimator.run(mlp)).isEqualTo(Duration.ofSeconds(15 * 50).plus(estimator.testPass(mlp)));
        assertThat(estimator.epoch(mlp.withModel(ModelSpec.smallCnn()))).isEqualTo(Duration.ofSeconds(71));
    }

    @Test
    void aRunOnFewImagesCountsItsTestPassWhichCostsAsMuchAsAValidation() {
        TrainingSpec cnn = TrainingSpec.labDefaults().withModel(ModelSpec.smallCnn()).withEpochs(3).withTrainSize(1000);
        estimator.record(cnn, new EpochMetrics(1, 2, 0.3, 2, 0.3, 192));

        // Of 192 s per epoch, validating 10,000 images takes about 156 s: the test pass costs as much.
        assertThat(estimator.testPass(cnn).toSeconds()).isBetween(154L, 158L);
        assertThat(estimator.run(cnn).toSeconds()).isBetween(3 * 192L + 154, 3 * 192L + 158);
    }

    @Test
    void aFirstCnnOnFewImagesIsPromisedMostlyValidationNotTheMlpsShareOfIt() {
        TrainingSpec cnn = TrainingSpec.labDefaults().withModel(ModelSpec.smallCnn()).withEpochs(3).withTrainSize(1000);

        // 1,000 images train in about 1.6 s, validating 10,000 takes about 7 s: about 9 s an epoch.
        assertThat(estimator.epoch(cnn).toMillis()).isBetween(8_500L, 9_100L);
        assertThat(estimator.testPass(cnn).toMillis()).isBetween(6_800L, 7_200L);
    }

    @Test
    void aMeasuredEpochPredictsTheSameNetworkOnMoreImages() {
        TrainingSpec small = TrainingSpec.labDefaults().withTrainSize(10_000);
        estimator.record(small, took(4));

        Duration full = estimator.epoch(TrainingSpec.labDefaults());

        assertThat(full.toMillis()).isBetween(14_000L, 16_000L);
        assertThat(estimator.epoch(small)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void anotherNetworkOfTheSameArchitectureUsesItsMeasurementsUntilItHasItsOwn() {
        TrainingSpec slowBatch = TrainingSpec.labDefaults();
        TrainingSpec otherBatch = new TrainingSpec(slowBatch.model(), slowBatch.optimizer(), slowBatch.learningRate(),
                slowBatch.loss(), 5, 256, 42, 0, 0);
        estimator.record(slowBatch, took(60));

        assertThat(estimator.epoch(otherBatch)).isEqualTo(Duration.ofSeconds(60));
        estimator.record(otherBatch, took(10));
        assertThat(estimator.epoch(otherBatch)).isEqualTo(Duration.ofSeconds(10));
        assertThat(estimator.epoch(slowBatch)).isEqualTo(Duration.ofSeconds(60));
    }
}
