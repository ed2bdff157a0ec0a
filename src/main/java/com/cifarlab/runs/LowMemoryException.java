package com.cifarlab.runs;

/** The server's heap is nearly full; new runs wait until it has room, so that running ones do not fail. */
public class LowMemoryException extends ServerUnavailableException {

    /** How long a client should wait before it tries again. */
    public static final int RETRY_AFTER_SECONDS = 60;

    public LowMemoryException() {
        super("The server is short of memory right now, so it takes no new runs; try again in a minute.");
    }
}
