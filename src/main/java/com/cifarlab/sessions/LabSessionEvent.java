package com.cifarlab.sessions;

/** What happens to lab sessions; the run service and the instructor's view listen. */
public sealed interface LabSessionEvent {

    LabSession session();

    record Joined(LabSession session) implements LabSessionEvent {
    }

    /** The student came back in, with their resume code, after the session had ended. */
    record Resumed(LabSession session) implements LabSessionEvent {
    }

    record Renamed(LabSession session) implements LabSessionEvent {
    }

    /** The student left or the session expired: its waiting runs go; it can be resumed by code. */
    record Ended(LabSession session, String reason) implements LabSessionEvent {
    }

    /** The instructor removed the student: the session is gone, its run records stay. */
    record Removed(LabSession session) implements LabSessionEvent {
    }
}
