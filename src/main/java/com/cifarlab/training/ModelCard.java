package com.cifarlab.training;

import java.util.List;

/**
 * The description stored beside the network in every model file ({@code model-card.json}):
 * enough to know what the file is, how to feed it, and how it did, without loading the weights.
 *
 * @param format          the card format, {@value #FORMAT}
 * @param cifarLabVersion the CIFAR Lab version that trained it
 * @param dl4jVersion     the DL4J version whose serializer wrote the network
 * @param createdAt       when the file was made (ISO-8601 instant)
 * @param spec            everything the run was trained with
 * @param seed            the run's seed (also in {@code spec}), shown on its own for people reading the file
 * @param classNames      the ten output classes, in output order
 * @param normalisation   what the network expects as input
 * @param parameters      the network's parameter count
 * @param epochs          the learning curves, one entry per epoch that ran
 * @param bestEpoch       the epoch with the lowest validation loss
 * @param test            the test-set result the file's network achieved
 */
public record ModelCard(String format, String cifarLabVersion, String dl4jVersion, String createdAt,
                        TrainingSpec spec, long seed, List<String> classNames, String normalisation,
                        long parameters, List<EpochMetrics> epochs, int bestEpoch, TestSummary test) {

    public static final String FORMAT = "cifar-lab-model/1";
    public static final String NORMALISATION = "pixels/255, NCHW 3x32x32";

    public ModelCard {
        classNames = List.copyOf(classNames);
        epochs = List.copyOf(epochs);
    }

    /**
     * The headline test figures.
     *
     * @param loss     mean test loss with the run's loss function
     * @param accuracy share of the test images classified right
     * @param macroF1  the unweighted mean F1 over the classes
     */
    public record TestSummary(double loss, double accuracy, double macroF1) {
    }
}
