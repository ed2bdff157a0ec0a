package com.cifarlab.runs;

import com.cifarlab.training.TrainingPhase;
import java.time.Duration;

/**
 * Where a running run is within its training.
 *
 * @param epoch            the epoch in progress or just ended, 1-based (0 before the first batch)
 * @param epochs           the epochs the spec asks for
 * @param batch            batches done in this epoch
 * @param batchesPerEpoch  batches in one epoch
 * @param samplesPerSecond recent training speed; 0 until measured
 * @param phase            what the run is doing: preparing, training, validating, testing or saving
 * @param timeLeft         how long it still needs, from its own measured phases
 * @param cancelling       whether someone asked it to stop and it has not stopped yet
 */
public record RunProgress(int epoch, int epochs, int batch, int batchesPerEpoch, double samplesPerSecond,
                          TrainingPhase phase, Duration timeLeft, boolean cancelling) {

    /** The share of the current epoch's batches done, 0–1. */
    public double epochFraction() {
        return batchesPerEpoch == 0 ? 0 : Math.min(1, (double) batch / batchesPerEpoch);
    }
}
