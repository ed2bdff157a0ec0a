package com.cifarlab.ui.components;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns a stream of "something changed" signals into at most one refresh per interval. With a
 * class of thirty training at once, progress events arrive far faster than anyone can read, and
 * every refresh is a round trip to the browser. The last signal is never lost: a refresh always
 * follows it, at most one interval later.
 */
public final class RefreshThrottle {

    /** Runs a task after a delay: Spring's task scheduler on the server, a manual one in tests. */
    @FunctionalInterface
    public interface Delays {
        void after(Duration delay, Runnable task);
    }

    private final Duration interval;
    private final Clock clock;
    private final Delays delays;
    private final Runnable refresh;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile Instant lastRefresh;

    /** @param clock the clock {@code delays} counts in */
    public RefreshThrottle(Duration interval, Clock clock, Delays delays, Runnable refresh) {
        this.interval = interval;
        this.clock = clock;
        this.delays = delays;
        this.refresh = refresh;
        this.lastRefresh = clock.instant().minus(interval);
    }

    /** Asks for a refresh; callable from any thread. */
    public void request() {
        if (scheduled.compareAndSet(false, true)) {
            Duration wait = Duration.between(clock.instant(), lastRefresh.plus(interval));
            delays.after(wait.isNegative() ? Duration.ZERO : wait, this::refreshNow);
        }
    }

    private void refreshNow() {
        // The time first: a request that sees the flag cleared must also see when this refresh ran,
        // or it would schedule another at once. Cleared before refreshing: a signal that arrives
        // during the refresh gets a refresh of its own.
        lastRefresh = clock.instant();
        scheduled.set(false);
        refresh.run();
    }
}
