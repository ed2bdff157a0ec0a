package com.cifarlab.training;

/** Receives a run's events on the training thread: implementations must return quickly. */
@FunctionalInterface
public interface TrainingListener {

    TrainingListener NONE = event -> { };

    void on(TrainingEvent event);
}
