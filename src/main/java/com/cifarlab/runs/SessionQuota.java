package com.cifarlab.runs;

/**
 * How much of its queue a session uses: it may have {@code maxRunning + maxWaiting} unfinished
 * runs, at most {@code maxRunning} of them training.
 */
public record SessionQuota(int running, int waiting, int maxRunning, int maxWaiting) {

    /** Whether a further submission would be refused. */
    public boolean full() {
        return running + waiting >= maxRunning + maxWaiting;
    }
}
