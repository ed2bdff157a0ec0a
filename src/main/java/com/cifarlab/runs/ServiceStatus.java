package com.cifarlab.runs;

import java.util.Map;

/**
 * The run service at a glance, for operations.
 *
 * @param started            whether it accepts and trains runs
 * @param workers            worker threads it was started with
 * @param liveWorkers        worker threads still in their loop
 * @param busy               runs training now
 * @param waiting            runs waiting for a worker
 * @param runsByState        every run on record, by state
 * @param epochsTrained      epochs trained since the start (a shared computation's once)
 * @param epochSecondsTotal  their seconds
 */
public record ServiceStatus(boolean started, int workers, int liveWorkers, int busy, int waiting,
                            Map<RunState, Integer> runsByState, long epochsTrained, double epochSecondsTotal) {

    public ServiceStatus {
        runsByState = Map.copyOf(runsByState);
    }

    /** Every worker is in its loop. */
    public boolean workersAlive() {
        return started && liveWorkers == workers;
    }
}
