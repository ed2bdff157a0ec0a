package com.cifarlab.runs;

import com.cifarlab.evaluation.TestReport;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything kept about a run: the content of its {@code run.json}. Immutable; each change makes
 * a new record that is written before it is shown.
 *
 * @param bestEpoch the epoch whose weights the model keeps (from the trainer's result); null
 *                  until the run succeeded
 * @param test      the test-set evaluation; null until the run succeeded
 * @param model     the model file as it was saved; null until the run succeeded, and in records
 *                  written before CIFAR Lab kept it
 * @param requeuedAs for an interrupted run the student queued again, the id of the new run; else null
 * @param computationKey what determines the run's result ({@link ComputationKey}); null in records
 *                  written before CIFAR Lab shared computations
 * @param shared    where the result came from when another run computed it; null when this run's
 *                  own training did
 */
record RunRecord(String id, String sessionId, String sessionName, TrainingSpec spec, List<StateChange> history,
                 List<EpochMetrics> epochs, Integer bestEpoch, TestReport test, StoredModel model, String requeuedAs,
                 String computationKey, SharedResult shared) {

    RunRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(spec, "spec");
        history = List.copyOf(Objects.requireNonNull(history, "history"));
        if (history.isEmpty()) {
            throw new IllegalArgumentException("a run record needs at least one state");
        }
        epochs = epochs == null ? List.of() : List.copyOf(epochs);
    }

    static RunRecord queued(String id, LabSession session, TrainingSpec spec, Instant at) {
        return new RunRecord(id, session.id(), session.name(), spec, List.of(new StateChange(RunState.QUEUED, at, null)),
                List.of(), null, null, null, null, null, null);
    }

    RunState state() {
        return history.get(history.size() - 1).state();
    }

    /** Why the run is in its current state, or null. */
    String reason() {
        return history.get(history.size() - 1).reason();
    }

    Optional<Instant> when(RunState state) {
        return history.stream().filter(change -> change.state() == state).map(StateChange::at).findFirst();
    }

    Instant submittedAt() {
        return history.get(0).at();
    }

    RunRecord withState(RunState next, Instant at, String reason) {
        if (!state().mayBecome(next)) {
            throw new IllegalStateException("run " + id + " cannot go from " + state() + " to " + next);
        }
        List<StateChange> longer = new ArrayList<>(history);
        longer.add(new StateChange(next, at, reason));
        return new RunRecord(id, sessionId, sessionName, spec, longer, epochs, bestEpoch, test, model, requeuedAs,
                computationKey, shared);
    }

    RunRecord withEpoch(EpochMetrics metrics) {
        List<EpochMetrics> longer = new ArrayList<>(epochs);
        longer.add(metrics);
        return withEpochs(longer);
    }

    /** The curves so far of the computation this run joined. */
    RunRecord withEpochs(List<EpochMetrics> soFar) {
        return new RunRecord(id, sessionId, sessionName, spec, history, soFar, bestEpoch, test, model, requeuedAs,
                computationKey, shared);
    }

    /** The run succeeded: the result's curves replace the live ones (they agree unless events were missed). */
    RunRecord succeeded(TrainingResult result, StoredModel savedModel, Instant at) {
        RunRecord done = withState(RunState.SUCCEEDED, at, null);
        return new RunRecord(id, sessionId, sessionName, spec, done.history, result.epochs(), result.bestEpoch(),
                result.test(), savedModel, requeuedAs, computationKey, shared);
    }

    RunRecord computedAs(String key, SharedResult from) {
        return new RunRecord(id, sessionId, sessionName, spec, history, epochs, bestEpoch, test, model, requeuedAs, key,
                from);
    }

    /** The id of the run whose training gives this run its result: its own, or the one it shares. */
    String computationId() {
        return shared == null ? id : shared.computedBy();
    }

    /** A run that takes the result of {@code done} as it is, at once. */
    RunRecord withResultOf(RunRecord done, StoredModel linkedModel, Instant at) {
        RunRecord running = withState(RunState.RUNNING, at, null);
        return new RunRecord(id, sessionId, sessionName, spec, running.withState(RunState.SUCCEEDED, at, null).history,
                done.epochs, done.bestEpoch, done.test, linkedModel, requeuedAs, computationKey,
                new SharedResult(done.computationId(), true));
    }

    RunRecord requeuedAs(String newRunId) {
        return new RunRecord(id, sessionId, sessionName, spec, history, epochs, bestEpoch, test, model, newRunId,
                computationKey, shared);
    }

    RunRecord withSessionName(String newName) {
        return new RunRecord(id, sessionId, newName, spec, history, epochs, bestEpoch, test, model, requeuedAs,
                computationKey, shared);
    }

    /**
     * The epoch with the lowest validation loss so far (the trainer's own choice once it
     * succeeded), or null before the first epoch ended. Diverged (NaN) epochs never win.
     */
    Integer bestEpochSoFar() {
        if (bestEpoch != null) {
            return bestEpoch;
        }
        EpochMetrics best = null;
        for (EpochMetrics metrics : epochs) {
            if (metrics.betterThan(best)) {
                best = metrics;
            }
        }
        return best == null ? null : best.epoch();
    }

    Double validationAccuracyAt(Integer epoch) {
        if (epoch == null) {
            return null;
        }
        return epochs.stream().filter(m -> m.epoch() == epoch).map(EpochMetrics::validationAccuracy)
                .findFirst().orElse(null);
    }
}
