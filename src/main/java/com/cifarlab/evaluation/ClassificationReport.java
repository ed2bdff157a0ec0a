package com.cifarlab.evaluation;

import java.util.List;

/**
 * Per-class precision, recall, F1 and support with accuracy, macro and weighted averages, as
 * scikit-learn's {@code classification_report} gives them.
 */
public record ClassificationReport(List<ClassMetrics> perClass, double accuracy, ClassMetrics macroAverage,
                                   ClassMetrics weightedAverage) {

    public ClassificationReport {
        perClass = List.copyOf(perClass);
    }
}
