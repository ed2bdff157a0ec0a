package com.cifarlab.runs;

/** Something only a student's lab session may do, asked by the instructor. */
public class SessionRequiredException extends RuntimeException {

    public SessionRequiredException(String message) {
        super(message);
    }
}
