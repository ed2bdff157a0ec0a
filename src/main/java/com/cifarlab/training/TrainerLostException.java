package com.cifarlab.training;

/**
 * The machine that trained a run is gone (stopped, killed or cut off) before the run ended: the
 * run did not fail and may be queued again. The message is written for a student.
 */
public class TrainerLostException extends RuntimeException {

    public TrainerLostException(String message) {
        super(message);
    }
}
