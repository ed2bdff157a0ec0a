package com.cifarlab.dataset;

/**
 * One image of a subset, for showing it.
 *
 * @param subset    the subset it belongs to
 * @param index     its position in the batch files it comes from: the training batches for
 *                  {@link Subset#TRAINING} and {@link Subset#VALIDATION}, the test batch for {@link Subset#TEST}
 * @param label     its class label
 * @param className the name of that class
 */
public record Sample(Subset subset, int index, int label, String className) {
}
