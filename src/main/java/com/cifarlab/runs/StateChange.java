package com.cifarlab.runs;

import java.time.Instant;
import java.util.Objects;

/**
 * One step of a run's history.
 *
 * @param reason why it happened, for a person (failure message, who cancelled); null when
 *               there is nothing to explain
 */
public record StateChange(RunState state, Instant at, String reason) {

    public StateChange {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(at, "at");
    }
}
