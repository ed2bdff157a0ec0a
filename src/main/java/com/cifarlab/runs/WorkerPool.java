package com.cifarlab.runs;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that train runs, one run each, and the one time limit every run has. The run
 * service says what a worker does ({@link #start}); the pool owns the threads from start to stop
 * and counts the ones still in their loop, so the health check sees a worker that died.
 */
final class WorkerPool {

    private final int size;
    private final Duration timeLimit;
    private final AtomicInteger live = new AtomicInteger();
    private ExecutorService threads;
    private ScheduledExecutorService timer;

    WorkerPool(int size, Duration timeLimit) {
        if (size < 1) {
            throw new IllegalArgumentException("a worker pool needs at least one worker, not " + size);
        }
        this.size = size;
        this.timeLimit = timeLimit;
    }

    /** How many runs can train at once. */
    int size() {
        return size;
    }

    /** The workers in their loop now: fewer than {@link #size()} while started means one died. */
    int live() {
        return live.get();
    }

    Duration timeLimit() {
        return timeLimit;
    }

    /** Starts every worker on {@code loop}, which returns when the worker is to end. */
    synchronized void start(Runnable loop) {
        if (threads != null) {
            throw new IllegalStateException("the worker pool is started already");
        }
        timer = Executors.newSingleThreadScheduledExecutor(NamedThreads.factory("cifar-lab-run-timer"));
        threads = Executors.newFixedThreadPool(size, NamedThreads.factory("cifar-lab-worker"));
        for (int i = 0; i < size; i++) {
            threads.execute(() -> {
                live.incrementAndGet();
                try {
                    loop.run();
                } finally {
                    live.decrementAndGet();
                }
            });
        }
    }

    /** Calls {@code overTime} once a run that starts now has trained for the time limit. */
    Future<?> limit(Runnable overTime) {
        return timer.schedule(overTime, timeLimit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Lets the workers finish their loops (their runs were told to stop) for at most {@code grace}.
     *
     * @return whether every worker ended in time
     */
    boolean awaitEnd(Duration grace) {
        ExecutorService running = threads;
        running.shutdown();
        try {
            return running.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ends the threads that are left and the timer; the pool can be started again. */
    synchronized void close() {
        if (threads != null) {
            threads.shutdownNow();
            timer.shutdownNow();
            threads = null;
            timer = null;
        }
    }
}
