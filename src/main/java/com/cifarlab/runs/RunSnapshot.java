package com.cifarlab.runs;

import com.cifarlab.evaluation.TestReport;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.TrainingSpec;
import java.time.Instant;
import java.util.List;

/**
 * A run as the dashboard and the API show it, at one moment. Fields that do not apply to the
 * run's state are null.
 *
 * @param id                     the run id (also its folder name)
 * @param sessionId              the lab session that submitted it
 * @param sessionName            that session's display name
 * @param spec                   what is trained
 * @param state                  the current state
 * @param reason                 why it is in that state (failure message, who cancelled), or null
 * @param history                every state with its time, oldest first
 * @param submittedAt            when it was queued
 * @param startedAt              when training began, or null
 * @param endedAt                when it reached a final state, or null
 * @param epochs                 the epochs finished so far (the curves)
 * @param bestEpoch              the epoch with the lowest validation loss so far (the one whose
 *                               weights the model keeps), or null
 * @param bestValidationAccuracy the validation accuracy at {@code bestEpoch}, or null
 * @param progress               live progress while RUNNING, else null
 * @param queuePosition          while QUEUED: how many runs start before it (0 = next), else null
 * @param estimatedStart         while QUEUED: when it should start, else null
 * @param test                   the test-set evaluation once SUCCEEDED, else null
 * @param modelAvailable         whether the model file can be downloaded
 * @param shared                 where the result came from when another run computed it, or null
 * @param computedFor            how many students' runs take this run's computation's result (1 when it is
 *                               its own)
 * @param computedAt             when that computation's result came, once it has
 */
public record RunSnapshot(
        String id,
        String sessionId,
        String sessionName,
        TrainingSpec spec,
        RunState state,
        String reason,
        List<StateChange> history,
        Instant submittedAt,
        Instant startedAt,
        Instant endedAt,
        List<EpochMetrics> epochs,
        Integer bestEpoch,
        Double bestValidationAccuracy,
        RunProgress progress,
        Integer queuePosition,
        Instant estimatedStart,
        TestReport test,
        boolean modelAvailable,
        SharedResult shared,
        int computedFor,
        Instant computedAt) {

    public RunSnapshot {
        history = List.copyOf(history);
        epochs = List.copyOf(epochs);
    }

    /** The same run with newer progress: what a progress event changes of a running run. */
    public RunSnapshot withProgress(RunProgress newer) {
        return new RunSnapshot(id, sessionId, sessionName, spec, state, reason, history, submittedAt, startedAt, endedAt,
                epochs, bestEpoch, bestValidationAccuracy, newer, queuePosition, estimatedStart, test, modelAvailable,
                shared, computedFor, computedAt);
    }
}
