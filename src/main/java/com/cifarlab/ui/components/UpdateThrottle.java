package com.cifarlab.ui.components;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Lets at most one update through per interval, timed by the injected clock. Live batch progress
 * arrives several times a second per run, and every update a page shows is a round trip to the
 * browser: a page shares one throttle between its progress displays. Safe to call from the event
 * delivery threads.
 */
public final class UpdateThrottle {

    /** Four progress updates per second are smooth to the eye and cheap for a class of 60. */
    public static final Duration PROGRESS_INTERVAL = Duration.ofMillis(250);

    private final Clock clock;
    private final Duration interval;
    private Instant lastPassed;

    public UpdateThrottle(Clock clock, Duration interval) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("A throttle interval cannot be negative (got " + interval + ").");
        }
        this.interval = interval;
    }

    /** At most four updates per second, for batch progress. */
    public static UpdateThrottle forProgress(Clock clock) {
        return new UpdateThrottle(clock, PROGRESS_INTERVAL);
    }

    /** Whether an update may go through now; if so, the next one waits a full interval. */
    public synchronized boolean tryPass() {
        Instant now = clock.instant();
        if (lastPassed != null && Duration.between(lastPassed, now).compareTo(interval) < 0) {
            return false;
        }
        lastPassed = now;
        return true;
    }
}
