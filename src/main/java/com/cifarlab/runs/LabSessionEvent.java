package com.cifarlab.runs;

/** What happens to lab sessions; the run service and the instructor's view listen. */
public sealed interface LabSessionEvent {

    LabSession session();

    record Opened(LabSession session) implements LabSessionEvent {
    }

    record Renamed(LabSession session) implements LabSessionEvent {
    }

    record Closed(LabSession session, String reason) implements LabSessionEvent {
    }
}
