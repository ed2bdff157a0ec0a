package com.cifarlab.runs;

import com.cifarlab.model.Architecture;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.TrainingSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * How long an epoch of a spec takes, learned from the epochs runs actually took. Time scales
 * with the images an epoch sees, so measurements are kept per training image: the same network
 * and batch size measured with 2,000 images predicts a run on 40,000. Without a measurement of
 * that network and batch size it falls back to any run of the same architecture, then to a
 * default.
 */
final class DurationEstimator {

    /** Recent measurements kept per key: the machine's load changes, old epochs say less. */
    private static final int SAMPLES = 20;

    private static final int VALIDATION_IMAGES = 10_000;
    private static final int TEST_IMAGES = 10_000;

    /**
     * What validating an image costs against training on it, measured on the 2-core class machine:
     * for an MLP about a seventh (2.9 ms vs 21 ms per 64 images); for the CNN, whose forward pass
     * through oneDNN's convolutions is a larger share of a step, 0.44 (7 s to validate 10,000 images
     * against 64 s to train on 40,000). With the MLP's ratio, a CNN on 1,000 images was promised to
     * end minutes too early: most of its epoch is validation.
     */
    private static final Map<Architecture, Double> VALIDATION_COST = new EnumMap<>(Map.of(
            Architecture.LAB_MLP, 1.0 / 7,
            Architecture.CUSTOM_MLP, 1.0 / 7,
            Architecture.SMALL_CNN, 0.44));

    /**
     * Seconds of a full 40,000-image epoch, validation included, before anything is measured:
     * MLP about 15 s (shared/notes/engine-measurements.md), CNN about 71 s (64 s of training steps
     * and 7 s of validation, README's engine figures).
     */
    private static final Map<Architecture, Double> DEFAULT_FULL_EPOCH_SECONDS = new EnumMap<>(Map.of(
            Architecture.LAB_MLP, 15.0,
            Architecture.CUSTOM_MLP, 15.0,
            Architecture.SMALL_CNN, 71.0));

    private record Key(ModelSpec model, int batchSize) {
    }

    private final Map<Key, Deque<Double>> bySpec = new HashMap<>();
    private final Map<Architecture, Deque<Double>> byArchitecture = new EnumMap<>(Architecture.class);

    synchronized void record(TrainingSpec spec, EpochMetrics epoch) {
        if (!(epoch.seconds() > 0)) {
            return;
        }
        double perImage = epoch.seconds() / imagesPerEpoch(spec);
        add(bySpec.computeIfAbsent(new Key(spec.model(), spec.batchSize()), k -> new ArrayDeque<>()), perImage);
        add(byArchitecture.computeIfAbsent(spec.model().architecture(), k -> new ArrayDeque<>()), perImage);
    }

    synchronized Duration epoch(TrainingSpec spec) {
        return seconds(secondsPerImage(spec) * imagesPerEpoch(spec));
    }

    /**
     * The test pass after the last epoch: the 10,000 test images, forward only like validation.
     * Left out, a run on few images was promised to end a validation's length too early (a CNN on
     * 1,000 images: about 90 s).
     */
    synchronized Duration testPass(TrainingSpec spec) {
        return seconds(secondsPerImage(spec) * TEST_IMAGES * VALIDATION_COST.get(spec.model().architecture()));
    }

    Duration run(TrainingSpec spec) {
        return epoch(spec).multipliedBy(spec.epochs()).plus(testPass(spec));
    }

    private double secondsPerImage(TrainingSpec spec) {
        Deque<Double> samples = bySpec.get(new Key(spec.model(), spec.batchSize()));
        if (samples == null) {
            samples = byArchitecture.get(spec.model().architecture());
        }
        return samples == null
                ? DEFAULT_FULL_EPOCH_SECONDS.get(spec.model().architecture())
                        / imagesPerEpoch(0, spec.model().architecture())
                : samples.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static double imagesPerEpoch(TrainingSpec spec) {
        return imagesPerEpoch(spec.trainSize(), spec.model().architecture());
    }

    /** Training images plus validation converted to training-image equivalents. */
    private static double imagesPerEpoch(int trainSize, Architecture architecture) {
        int training = trainSize == 0 ? TrainingSpec.MAX_TRAIN_SIZE : trainSize;
        return training + VALIDATION_IMAGES * VALIDATION_COST.get(architecture);
    }

    private static void add(Deque<Double> samples, double value) {
        samples.addLast(value);
        if (samples.size() > SAMPLES) {
            samples.removeFirst();
        }
    }
}
