package com.cifarlab.runs;

import java.time.Instant;
import java.util.Objects;

/**
 * One student's seat in the lab: a browser session or a JSON-API client. Runs belong to it.
 *
 * @param id        public identifier, shown to the instructor and stored with each run
 * @param name      the display name the student chose (editable)
 * @param token     the secret that proves ownership (API bearer token); never logged
 * @param createdAt when the session was opened
 */
public record LabSession(String id, String name, String token, Instant createdAt) {

    public LabSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    LabSession withName(String newName) {
        return new LabSession(id, newName, token, createdAt);
    }

    /** Leaves the token out: session values end up in logs and debugger views. */
    @Override
    public String toString() {
        return "LabSession[id=" + id + ", name=" + name + ", createdAt=" + createdAt + "]";
    }
}
