package com.cifarlab.ui.instructor;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns a stream of "something changed" signals into at most one refresh per interval. With a
 * class of thirty training at once, progress events arrive far faster than anyone can read, and
 * every refresh is a round trip to the browser. The last signal is never lost: a refresh always
 * follows it, at most one interval later.
 */
final class RefreshThrottle {

    /** One daemon thread for every page: it only hands refreshes to the UIs, which do the work. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "cifar-lab-ui-refresh");
        thread.setDaemon(true);
        return thread;
    });

    private final long intervalNanos;
    private final Runnable refresh;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long lastRefresh;

    RefreshThrottle(Duration interval, Runnable refresh) {
        this.intervalNanos = interval.toNanos();
        this.refresh = refresh;
        this.lastRefresh = System.nanoTime() - intervalNanos;
    }

    /** Asks for a refresh; callable from any thread. */
    void request() {
        if (scheduled.compareAndSet(false, true)) {
            long wait = Math.max(0, lastRefresh + intervalNanos - System.nanoTime());
            TIMER.schedule(this::refreshNow, wait, TimeUnit.NANOSECONDS);
        }
    }

    private void refreshNow() {
        // The time first: a request that sees the flag cleared must also see when this refresh ran,
        // or it would schedule another at once. Cleared before refreshing: a signal that arrives
        // during the refresh gets a refresh of its own.
        lastRefresh = System.nanoTime();
        scheduled.set(false);
        refresh.run();
    }
}
