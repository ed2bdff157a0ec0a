package com.cifarlab.runs.api;

import com.cifarlab.evaluation.TestReport;
import com.cifarlab.runs.RunProgress;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.TrainingSpec;
import java.time.Instant;
import java.util.List;

/**
 * The API's answer about one run: its curves, history and test report with the rest. Its own type,
 * not the service's snapshot nor the stored record, so that neither can change what clients read.
 */
record RunResponse(String id, String sessionId, String sessionName, TrainingSpec spec, RunState state, String reason,
                   List<Change> history, Instant submittedAt, Instant startedAt, Instant endedAt,
                   List<EpochMetrics> epochs, Integer bestEpoch, Double bestValidationAccuracy, RunProgress progress,
                   Integer queuePosition, Instant estimatedStart, TestReport test, boolean modelAvailable,
                   Shared shared, int computedFor, Instant computedAt) {

    /** One step of the run's history. */
    record Change(RunState state, Instant at, String reason) {
    }

    /** The computation whose result the run takes, when another run's: its id, and whether it was done already. */
    record Shared(String computedBy, boolean reused) {
    }

    static RunResponse of(RunSnapshot run) {
        return new RunResponse(run.id(), run.sessionId(), run.sessionName(), run.spec(), run.state(), run.reason(),
                run.history().stream().map(change -> new Change(change.state(), change.at(), change.reason())).toList(),
                run.submittedAt(), run.startedAt(), run.endedAt(), run.epochs(), run.bestEpoch(),
                run.bestValidationAccuracy(), run.progress(), run.queuePosition(), run.estimatedStart(), run.test(),
                run.modelAvailable(), run.shared() == null ? null : new Shared(run.shared().computedBy(),
                run.shared().reused()), run.computedFor(), run.computedAt());
    }
}
