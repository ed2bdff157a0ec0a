package com.cifarlab.runs;

/**
 * Where a running run is within its training.
 *
 * @param epoch            the epoch in progress, 1-based (0 before the first batch)
 * @param epochs           the epochs the spec asks for
 * @param batch            batches done in this epoch
 * @param batchesPerEpoch  batches in one epoch
 * @param samplesPerSecond recent training speed
 */
public record RunProgress(int epoch, int epochs, int batch, int batchesPerEpoch, double samplesPerSecond) {

    /** The share of the current epoch done, 0–1. */
    public double epochFraction() {
        return batchesPerEpoch == 0 ? 0 : Math.min(1, (double) batch / batchesPerEpoch);
    }
}
