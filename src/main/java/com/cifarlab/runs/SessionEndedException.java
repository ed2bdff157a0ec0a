package com.cifarlab.runs;

/** The caller's lab session is closed or unknown (it timed out, or the server restarted). */
public class SessionEndedException extends RuntimeException {

    public SessionEndedException() {
        super("Your lab session has ended; start a new one to train again.");
    }
}
