package com.cifarlab.training.dl4j;

import java.util.Map;

/**
 * Where one epoch's time went.
 *
 * @param epoch             1-based
 * @param seconds           wall-clock time of the epoch, validation included (as in the curves)
 * @param trainImages       images trained on in the epoch
 * @param validationSeconds the part of {@code seconds} spent validating
 * @param cpuSeconds        CPU time of the run's thread during the epoch: the work itself, which a
 *                          busy machine stretches far less than {@code seconds}
 * @param trainingCpuSeconds the part of {@code cpuSeconds} spent on the training steps, validation excluded
 * @param steps             training steps in the epoch
 * @param phaseSeconds      the thread's CPU seconds per part of the steps when profiling, else empty
 */
public record EpochTiming(int epoch, double seconds, int trainImages, double validationSeconds, double cpuSeconds,
                          double trainingCpuSeconds, int steps, Map<StepPhase, Double> phaseSeconds) {

    public EpochTiming {
        phaseSeconds = Map.copyOf(phaseSeconds);
    }

    /** The run thread's CPU milliseconds per training step: the figure to hold against another engine's step. */
    public double cpuMillisPerStep() {
        return steps > 0 ? 1000 * trainingCpuSeconds / steps : 0;
    }

    /** Training images per second of the whole epoch. */
    public double samplesPerSecond() {
        return seconds > 0 ? trainImages / seconds : 0;
    }
}
