package com.cifarlab.evaluation;

import java.util.List;

/**
 * A model's evaluation on the 10,000 test images.
 *
 * @param loss                 mean test loss with the run's loss function
 * @param accuracy             share of test images classified right
 * @param confusion            the 10×10 confusion matrix
 * @param report               the classification report
 * @param confidentMistakes    the most confidently misclassified images, surest first
 */
public record TestReport(double loss, double accuracy, ConfusionMatrix confusion, ClassificationReport report,
                         List<Misclassification> confidentMistakes) {

    public TestReport {
        confidentMistakes = List.copyOf(confidentMistakes);
    }
}
