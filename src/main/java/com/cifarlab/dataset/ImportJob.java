package com.cifarlab.dataset;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One import started from the dashboard, as everyone on the Data step sees it.
 *
 * @param origin    the path or site it imports from
 * @param state     running, or how it ended
 * @param progress  the latest progress report, none before the first
 * @param problem   why it failed, in one sentence
 * @param startedAt when it was started
 * @param endedAt   when it ended, none while it runs
 */
public record ImportJob(String origin, State state, Optional<ImportProgress> progress, Optional<String> problem,
                        Instant startedAt, Optional<Instant> endedAt) {

    public enum State { RUNNING, SUCCEEDED, FAILED }

    public ImportJob {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    static ImportJob started(String origin, Instant at) {
        return new ImportJob(origin, State.RUNNING, Optional.empty(), Optional.empty(), at, Optional.empty());
    }

    ImportJob withProgress(ImportProgress latest) {
        return new ImportJob(origin, state, Optional.of(latest), problem, startedAt, endedAt);
    }

    ImportJob succeeded(DatasetStatus status, Instant at) {
        return status.imported()
                ? new ImportJob(origin, State.SUCCEEDED, progress, Optional.empty(), startedAt, Optional.of(at))
                : failed(status.problem().orElse("The imported data cannot be read."), at);
    }

    ImportJob failed(String reason, Instant at) {
        return new ImportJob(origin, State.FAILED, progress, Optional.of(reason), startedAt, Optional.of(at));
    }
}
