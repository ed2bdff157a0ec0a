package com.cifarlab.training;

/** What a training run is doing now, as a student watching it would name it. */
public enum TrainingPhase {
    /** Building the network and drawing the training images, before the first batch. */
    PREPARING,
    /** Learning from the training images, batch by batch. */
    TRAINING,
    /** Measuring the epoch on the 10,000 validation images. */
    VALIDATING,
    /** The last pass: the kept weights on the 10,000 test images. */
    TESTING,
    /** Writing the trained model to the run's folder. */
    SAVING
}
