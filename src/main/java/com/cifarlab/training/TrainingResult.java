package com.cifarlab.training;

import com.cifarlab.evaluation.TestReport;
import java.util.List;

/**
 * What a finished run produced.
 *
 * @param spec      what was trained
 * @param epochs    the curves, one entry per epoch that ran
 * @param bestEpoch the epoch with the lowest validation loss (whose weights were kept when
 *                  early stopping ended the run)
 * @param test      the evaluation on the 10,000 test images
 * @param model     the trained network, ready to be saved
 */
public record TrainingResult(TrainingSpec spec, List<EpochMetrics> epochs, int bestEpoch, TestReport test,
                             ModelArtifact model) {

    public TrainingResult {
        epochs = List.copyOf(epochs);
    }
}
