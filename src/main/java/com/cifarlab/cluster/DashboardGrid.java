package com.cifarlab.cluster;

import com.cifarlab.runs.RunService;
import com.cifarlab.training.EngineIdentity;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The dashboard's grid member and its node admissions outside Spring, for the commands that act
 * as a dashboard ({@code bench class --nodes}). The Spring dashboard has the same two as beans.
 */
public final class DashboardGrid implements AutoCloseable {

    private final HazelcastInstance grid;
    private final TrainingNodes nodes;

    private DashboardGrid(HazelcastInstance grid, TrainingNodes nodes) {
        this.grid = grid;
        this.nodes = nodes;
    }

    /** Starts the member on {@code settings}' address and admits nodes into {@code runs}' pool. */
    public static DashboardGrid open(ClusterProperties settings, RunService runs, Supplier<EngineIdentity> ownEngine,
                                     Clock clock) {
        HazelcastInstance grid = Hazelcast.newHazelcastInstance(Grid.member(settings));
        TrainingNodes nodes = new TrainingNodes(grid, runs, ownEngine, clock);
        nodes.start();
        return new DashboardGrid(grid, nodes);
    }

    @Override
    public void close() {
        nodes.stop();
        grid.shutdown();
    }
}
