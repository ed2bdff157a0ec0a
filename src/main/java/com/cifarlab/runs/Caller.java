package com.cifarlab.runs;

import com.cifarlab.sessions.LabSession;
import java.util.Objects;

/**
 * Who is asking. Every run-service method takes one, so the access rules live in the service
 * and hold for the UI and the JSON API alike: a student sees only their own session's runs,
 * the instructor sees every run.
 */
public sealed interface Caller {

    static Caller student(LabSession session) {
        return new Student(session.id());
    }

    static Caller student(String sessionId) {
        return new Student(sessionId);
    }

    static Caller instructor() {
        return new Instructor();
    }

    /** Whether this caller may see, download and cancel runs of the session {@code sessionId}. */
    boolean mayAccess(String sessionId);

    /** Written into the history when this caller cancels a run. */
    String cancelReason();

    record Student(String sessionId) implements Caller {

        public Student {
            Objects.requireNonNull(sessionId, "sessionId");
        }

        @Override
        public boolean mayAccess(String runSessionId) {
            return sessionId.equals(runSessionId);
        }

        @Override
        public String cancelReason() {
            return "cancelled by the student";
        }
    }

    record Instructor() implements Caller {

        @Override
        public boolean mayAccess(String sessionId) {
            return true;
        }

        @Override
        public String cancelReason() {
            return "cancelled by the instructor";
        }
    }
}
