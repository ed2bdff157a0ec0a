package com.cifarlab.training;

/** A run that could not finish; the message is the reason a student reads. */
public class TrainingFailedException extends RuntimeException {

    public TrainingFailedException(String reason) {
        super(reason);
    }

    public TrainingFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
