package com.cifarlab.runs;

/**
 * No such run for this caller. A run of another session gets this too, so that a student
 * cannot even learn which run ids exist.
 */
public class RunNotFoundException extends RuntimeException {

    public RunNotFoundException(String runId) {
        super("There is no run '" + runId + "' in your session.");
    }
}
