package com.cifarlab.sessions;

/** A display name that cannot be used; the message says what a valid one looks like. */
public class InvalidSessionNameException extends IllegalArgumentException {

    public InvalidSessionNameException(String message) {
        super(message);
    }
}
