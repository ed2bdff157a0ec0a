package com.cifarlab.runs;

import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.TrainingSpec;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/** A run on a worker right now: what the trainer reports as it goes, and how to stop it. */
final class ActiveRun {

    /** Why the run was asked to stop, and what it becomes when the trainer honours that. */
    record Stop(RunState outcome, String reason) {
    }

    final String id;
    final String sessionId;
    final TrainingSpec spec;
    final Instant startedAt;
    final CancelSignal signal = new CancelSignal();
    final PhaseClock phases;
    private final AtomicReference<Stop> stop = new AtomicReference<>();
    private volatile Future<?> timeLimit;

    ActiveRun(String id, String sessionId, TrainingSpec spec, Instant startedAt, PhaseClock phases) {
        this.id = id;
        this.sessionId = sessionId;
        this.spec = spec;
        this.startedAt = startedAt;
        this.phases = phases;
    }

    /** Asks the trainer to stop; the first reason given is the one recorded. */
    void stop(Stop why) {
        stop.compareAndSet(null, why);
        signal.cancel();
    }

    /** The stop that was asked for, or null when the trainer stopped without being asked. */
    Stop stopRequest() {
        return stop.get();
    }

    /** Where the run is at {@code now}, with the time it still needs. */
    RunProgress progress(Instant now) {
        return phases.progress(now, stop.get() != null);
    }

    void timeLimit(Future<?> timer) {
        timeLimit = timer;
    }

    void cancelTimeLimit() {
        Future<?> timer = timeLimit;
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
