package com.cifarlab.runs;

/** The server cannot take new work right now, for a reason of its own, not the student's; the message says which. */
public class ServerUnavailableException extends RuntimeException {

    public ServerUnavailableException(String message) {
        super(message);
    }
}
