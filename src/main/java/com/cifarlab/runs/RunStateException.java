package com.cifarlab.runs;

/** The run exists but its state does not allow the request (cancel a finished run, download an unfinished one). */
public class RunStateException extends RuntimeException {

    public RunStateException(String message) {
        super(message);
    }
}
