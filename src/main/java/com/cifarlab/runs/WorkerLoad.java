package com.cifarlab.runs;

import java.util.Collection;

/**
 * How busy the server's training workers are.
 *
 * @param workers runs that can train at once
 * @param busy    runs training now
 * @param waiting runs queued for a worker
 */
public record WorkerLoad(int workers, int busy, int waiting) {

    public static WorkerLoad of(int workers, Collection<RunSnapshot> runs) {
        int busy = (int) runs.stream().filter(run -> run.state() == RunState.RUNNING).count();
        int waiting = (int) runs.stream().filter(run -> run.state() == RunState.QUEUED).count();
        return new WorkerLoad(workers, busy, waiting);
    }

    /** The share of workers in use, 0–1. */
    public double busyFraction() {
        return workers == 0 ? 0 : Math.min(1, (double) busy / workers);
    }
}
