package com.cifarlab.training;

import com.cifarlab.evaluation.TestReport;

/** What a training run tells its listener, in the order it happens. */
public sealed interface TrainingEvent {

    /** Training began: the network is built and the data is split. */
    record Started(int epochs, int batchesPerEpoch, int trainImages, int validationImages, long parameters)
            implements TrainingEvent {
    }

    /** Throttled progress within an epoch (not every batch). */
    record BatchProgress(int epoch, int batch, int batchesPerEpoch, double samplesPerSecond) implements TrainingEvent {
    }

    /** The run moved on to validating an epoch, or to the test pass (training is told by {@link BatchProgress}). */
    record PhaseStarted(TrainingPhase phase, int epoch) implements TrainingEvent {
    }

    /** An epoch ended and was validated. */
    record EpochEnded(EpochMetrics metrics) implements TrainingEvent {
    }

    /** Training and the test evaluation are done. */
    record Finished(int bestEpoch, TestReport test) implements TrainingEvent {
    }

    /** The run stopped on a problem; the reason is written for a student. */
    record Failed(String reason) implements TrainingEvent {
    }

    /** The run stopped because someone cancelled it. */
    record Cancelled() implements TrainingEvent {
    }
}
