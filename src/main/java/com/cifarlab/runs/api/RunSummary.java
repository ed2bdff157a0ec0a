package com.cifarlab.runs.api;

import com.cifarlab.runs.RunProgress;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.training.TrainingSpec;
import java.time.Instant;

/** One line of a run list: the run without its curves, history and test report (GET the run for those). */
record RunSummary(String id, String sessionId, String sessionName, RunState state, String reason, TrainingSpec spec,
                  Instant submittedAt, Instant startedAt, Instant endedAt, int epochsDone, Integer bestEpoch,
                  Double bestValidationAccuracy, Double testAccuracy, RunProgress progress, Integer queuePosition,
                  Instant estimatedStart, boolean modelAvailable) {

    static RunSummary of(RunSnapshot run) {
        return new RunSummary(run.id(), run.sessionId(), run.sessionName(), run.state(), run.reason(), run.spec(),
                run.submittedAt(), run.startedAt(), run.endedAt(), run.epochs().size(), run.bestEpoch(),
                run.bestValidationAccuracy(), run.test() == null ? null : run.test().accuracy(), run.progress(),
                run.queuePosition(), run.estimatedStart(), run.modelAvailable());
    }
}
