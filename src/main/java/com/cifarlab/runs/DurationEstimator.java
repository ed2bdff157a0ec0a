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

    /** Validating an image costs about a seventh of training on it (2.9 ms vs 21 ms per 64 images). */
    private static final double VALIDATION_COST = 1.0 / 7;

    /**
     * Seconds of a full 40,000-image epoch before anything is measured. MLP: about 15 s on the
     * 2-core class machine (shared/notes/engine-measurements.md). CNN: not measured yet;
     * convolutions cost roughly ten times as much per image on a CPU.
     */
    private static final Map<Architecture, Double> DEFAULT_FULL_EPOCH_SECONDS = new EnumMap<>(Map.of(
            Architecture.LAB_MLP, 15.0,
            Architecture.CUSTOM_MLP, 15.0,
            Architecture.SMALL_CNN, 150.0));

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
        return seconds(secondsPerImage(spec) * TEST_IMAGES * VALIDATION_COST);
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
                ? DEFAULT_FULL_EPOCH_SECONDS.get(spec.model().architecture()) / imagesPerEpoch(0)
                : samples.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private static double imagesPerEpoch(TrainingSpec spec) {
        return imagesPerEpoch(spec.trainSize());
    }

    /** Training images plus validation converted to training-image equivalents. */
    private static double imagesPerEpoch(int trainSize) {
        int training = trainSize == 0 ? TrainingSpec.MAX_TRAIN_SIZE : trainSize;
        return training + VALIDATION_IMAGES * VALIDATION_COST;
    }

    private static void add(Deque<Double> samples, double value) {
        samples.addLast(value);
        if (samples.size() > SAMPLES) {
            samples.removeFirst();
        }
    }
}
