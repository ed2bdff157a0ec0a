package com.cifarlab.runs;

import java.util.EnumSet;
import java.util.Set;

/** Where a run is in its life. The last four are final. */
public enum RunState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    /** It was running or waiting when the server stopped. */
    INTERRUPTED;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    boolean mayBecome(RunState next) {
        return switch (this) {
            case QUEUED -> FROM_QUEUED.contains(next);
            case RUNNING -> next.isFinal();
            default -> false;
        };
    }

    private static final Set<RunState> FROM_QUEUED = EnumSet.of(RUNNING, CANCELLED, INTERRUPTED);
}
