package com.cifarlab.runs;

import java.time.Instant;
import java.util.Objects;

/**
 * A machine that trains the class's runs: this server, or a training node that joined it.
 *
 * @param name     how the instructor tells nodes apart (unique among the nodes)
 * @param address  where it connects from, as the instructor reads it
 * @param workers  runs it trains at once
 * @param joinedAt when its workers began taking runs
 */
public record TrainingNode(String name, String address, int workers, Instant joinedAt) {

    public TrainingNode {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(joinedAt, "joinedAt");
        if (workers < 1) {
            throw new IllegalArgumentException("a training node needs at least one worker, not " + workers);
        }
    }
}
