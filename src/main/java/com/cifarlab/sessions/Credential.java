package com.cifarlab.sessions;

import java.time.Duration;
import java.time.Instant;

/**
 * One way into a lab session, known by the hash of its secret only. Each browser that joined or
 * resumed has one (in its cookie), each API client one (its bearer token). A credential not used
 * for the inactivity period stops working.
 */
record Credential(String hash, Kind kind, Instant createdAt, Instant lastUsedAt) {

    enum Kind {
        BROWSER, API
    }

    boolean expired(Instant now, Duration inactivity) {
        return !lastUsedAt.plus(inactivity).isAfter(now);
    }

    Credential usedAt(Instant at) {
        return new Credential(hash, kind, createdAt, at);
    }
}
