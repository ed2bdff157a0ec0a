package com.cifarlab.sessions;

import java.time.Instant;
import java.util.Objects;

/**
 * One student's seat in the class, kept on disk so that it outlives a closed browser and a
 * server restart. Runs belong to it. Its credentials (browser cookies, API tokens) and resume
 * code are not part of this value: it is shown, logged and sent to pages.
 *
 * @param id         public identifier, shown to the instructor and stored with each run
 * @param name       the display name, unique in the class ignoring case and accents
 * @param joinedAt   when the student joined
 * @param lastSeenAt when one of the session's credentials was last used
 * @param endedAt    when the student left or the session expired; null while it is active
 */
public record LabSession(String id, String name, Instant joinedAt, Instant lastSeenAt, Instant endedAt) {

    public LabSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(joinedAt, "joinedAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
    }

    public boolean active() {
        return endedAt == null;
    }

    LabSession withName(String newName) {
        return new LabSession(id, newName, joinedAt, lastSeenAt, endedAt);
    }

    LabSession seenAt(Instant at) {
        return new LabSession(id, name, joinedAt, at.isAfter(lastSeenAt) ? at : lastSeenAt, endedAt);
    }

    LabSession endedAt(Instant at) {
        return new LabSession(id, name, joinedAt, lastSeenAt, at);
    }

    LabSession resumedAt(Instant at) {
        return new LabSession(id, name, joinedAt, at, null);
    }
}
