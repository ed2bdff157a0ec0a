package com.cifarlab.evaluation;

/** A network's mean loss and accuracy on a set of images. */
public record LossAndAccuracy(double loss, double accuracy) {
}
