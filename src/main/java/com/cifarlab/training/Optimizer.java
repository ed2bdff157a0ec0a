package com.cifarlab.training;

/** The optimizers the lab compares, each with Keras's default learning rate. */
public enum Optimizer {
    ADAM(0.001), SGD(0.01), RMSPROP(0.001);

    private final double defaultLearningRate;

    Optimizer(double defaultLearningRate) {
        this.defaultLearningRate = defaultLearningRate;
    }

    public double defaultLearningRate() {
        return defaultLearningRate;
    }
}
