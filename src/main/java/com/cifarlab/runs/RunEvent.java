package com.cifarlab.runs;

import com.cifarlab.training.EpochMetrics;
import java.util.Set;

/** What a run listener hears. */
public sealed interface RunEvent {

    /** Whether {@code caller} may hear this event. */
    boolean visibleTo(Caller caller);

    /** Whether this event is about the run {@code runId}. */
    boolean concerns(String runId);

    /** A run was submitted, started or ended; {@code run} is its state right after. */
    record StateChanged(RunSnapshot run) implements OfRun {

        @Override
        public String runId() {
            return run.id();
        }

        @Override
        public String sessionId() {
            return run.sessionId();
        }
    }

    /** An event that names its run and the session that owns it. */
    sealed interface OfRun extends RunEvent {

        String runId();

        String sessionId();

        @Override
        default boolean visibleTo(Caller caller) {
            return caller.mayAccess(sessionId());
        }

        @Override
        default boolean concerns(String id) {
            return runId().equals(id);
        }
    }

    /** Throttled batch progress of a running run; old ones may be dropped for a slow listener. */
    record Progress(String runId, String sessionId, RunProgress progress) implements OfRun {
    }

    /** A running run finished an epoch: one more point of its curves. */
    record EpochCompleted(String runId, String sessionId, EpochMetrics metrics) implements OfRun {
    }

    /**
     * Queue positions or estimated start times may have moved (a run started, ended or was
     * cancelled, or an epoch time was measured): news only for the sessions with a waiting run
     * (and the instructor), whose positions and estimates it is about.
     *
     * @param waitingSessions the sessions with a run waiting, when it was published
     */
    record QueueChanged(Set<String> waitingSessions) implements RunEvent {

        public QueueChanged {
            waitingSessions = Set.copyOf(waitingSessions);
        }

        @Override
        public boolean visibleTo(Caller caller) {
            return caller instanceof Caller.Instructor || waitingSessions.stream().anyMatch(caller::mayAccess);
        }

        @Override
        public boolean concerns(String runId) {
            return true;
        }
    }
}
