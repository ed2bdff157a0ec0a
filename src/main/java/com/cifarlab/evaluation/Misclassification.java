package com.cifarlab.evaluation;

/**
 * A test image the model got wrong, with how sure it was.
 *
 * @param testIndex      index into the test set
 * @param actualClass    the true label
 * @param predictedClass the model's answer
 * @param probability    the softmax probability of the wrong answer
 */
public record Misclassification(int testIndex, int actualClass, int predictedClass, double probability) {
}
