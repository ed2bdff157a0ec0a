package com.cifarlab.sessions;

/** A join or resume that cannot go ahead; the message says what to do. */
public class JoinRefusedException extends RuntimeException {

    public enum Reason {
        /** A wrong class code or an unknown resume code: correct it. */
        WRONG_CODE,
        /** Too many tries from one address: wait. */
        THROTTLED,
        /** The server cannot keep the session: try later. */
        UNAVAILABLE
    }

    private final Reason reason;

    JoinRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
