package com.cifarlab.training;

/** A run stopped by its {@link CancelSignal}. */
public class TrainingCancelledException extends RuntimeException {

    public TrainingCancelledException() {
        super("cancelled");
    }
}
