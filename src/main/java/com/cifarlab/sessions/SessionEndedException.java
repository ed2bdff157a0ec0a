package com.cifarlab.sessions;

/** The caller's lab session has ended (the student left, it expired, or the instructor removed it). */
public class SessionEndedException extends RuntimeException {

    public SessionEndedException() {
        super("Your lab session has ended; join again, or come back in with your resume code, to train again.");
    }
}
