package com.cifarlab.runs;

/** The server is stopping and takes no new runs. */
public class ShuttingDownException extends ServerUnavailableException {

    public ShuttingDownException() {
        super("The server is shutting down and takes no new runs; try again when it is back.");
    }
}
