package com.cifarlab.training;

/**
 * One point of the accuracy and loss curves.
 *
 * @param epoch              1-based
 * @param trainLoss          mean training loss over the epoch's batches
 * @param trainAccuracy      training accuracy over the epoch's batches
 * @param validationLoss     loss on the validation images after the epoch
 * @param validationAccuracy accuracy on the validation images after the epoch
 * @param seconds            wall-clock time of the epoch, validation included
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy,
                           double validationLoss, double validationAccuracy, double seconds) {

    /** Whether this epoch is a better one to keep than {@code best} (null for none yet): a lower validation loss. */
    public boolean betterThan(EpochMetrics best) {
        return !Double.isNaN(validationLoss) && (best == null || validationLoss < best.validationLoss);
    }
}
