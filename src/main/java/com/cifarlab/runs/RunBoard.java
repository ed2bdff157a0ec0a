package com.cifarlab.runs;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * What pages read, without the run service's lock: every run's record, the runs on a worker, and
 * what is derived from all of them (queue positions and start estimates, how many students share a
 * result), worked out once per change rather than once per read. The service changes it under its
 * lock; a page's {@code get} or {@code list} reads the newest state and never waits for a change
 * that is being made, nor for the disk.
 */
final class RunBoard {

    /** How many runs take one computation's result, and when it came: for the "computed once" notes. */
    private record Sharing(Set<String> sessions, Instant computedAt) {
    }

    private record Finished(RunRecord record, Sharing sharing, boolean hasModel, RunSnapshot snapshot) {

        boolean holdsFor(RunRecord current, Sharing currentSharing, boolean currentHasModel) {
            return record == current && sharing.equals(currentSharing) && hasModel == currentHasModel;
        }
    }

    private final Clock clock;
    private final Map<String, RunRecord> records = new ConcurrentHashMap<>();
    /** Run ids in submission order; appended to only when a run is new. */
    private final List<String> order = new CopyOnWriteArrayList<>();
    /** The RUNNING computations, by the id of the run they train as. */
    private final Map<String, ActiveRun> active = new ConcurrentHashMap<>();
    /** Succeeded runs whose model file was found missing or damaged. */
    private final Set<String> modelsGone = ConcurrentHashMap.newKeySet();
    /**
     * Snapshots of finished runs, which change only when their record, their model or the students
     * sharing their result do: the instructor's page lists every run of the term several times a second.
     */
    private final Map<String, Finished> finished = new ConcurrentHashMap<>();
    private volatile Map<String, RunQueue.Slot> plan = Map.of();
    private volatile Map<String, Sharing> sharing = Map.of();

    RunBoard(Clock clock) {
        this.clock = clock;
    }

    void clear() {
        records.clear();
        order.clear();
        active.clear();
        modelsGone.clear();
        finished.clear();
        plan = Map.of();
        sharing = Map.of();
    }

    /** Under the service's lock. */
    void put(RunRecord record) {
        if (records.put(record.id(), record) == null) {
            order.add(record.id());
        }
    }

    RunRecord get(String runId) {
        return runId == null ? null : records.get(runId);
    }

    boolean contains(String runId) {
        return records.containsKey(runId);
    }

    /** The records, in submission order. */
    List<RunRecord> all() {
        return order.stream().map(records::get).toList();
    }

    int size() {
        return records.size();
    }

    void started(ActiveRun run) {
        active.put(run.id, run);
    }

    ActiveRun active(String trainingRunId) {
        return active.get(trainingRunId);
    }

    boolean isActive(String trainingRunId) {
        return active.containsKey(trainingRunId);
    }

    void ended(ActiveRun run) {
        active.remove(run.id);
    }

    List<ActiveRun> activeRuns() {
        return List.copyOf(active.values());
    }

    int activeCount() {
        return active.size();
    }

    void modelGone(String runId) {
        modelsGone.add(runId);
    }

    /** A succeeded run whose model file is still there (as far as the last look at it said). */
    boolean hasModel(RunRecord record) {
        return record.state() == RunState.SUCCEEDED && !modelsGone.contains(record.id());
    }

    /** Under the service's lock, after a change: the queue's plan given, the sharing worked out again. */
    void derive(Map<String, RunQueue.Slot> newPlan) {
        Map<String, Sharing> byComputation = new HashMap<>();
        for (RunRecord record : records.values()) {
            if (record.computationKey() == null || record.state() == RunState.CANCELLED
                    || record.state() == RunState.FAILED || record.state() == RunState.INTERRUPTED) {
                continue;
            }
            Instant at = record.state() == RunState.SUCCEEDED && (record.shared() == null || !record.shared().reused())
                    ? record.history().get(record.history().size() - 1).at() : null;
            byComputation.merge(record.computationId(), new Sharing(new HashSet<>(Set.of(record.sessionId())), at),
                    (a, b) -> {
                        a.sessions().addAll(b.sessions());
                        return new Sharing(a.sessions(), a.computedAt() == null ? b.computedAt() : a.computedAt());
                    });
        }
        plan = Map.copyOf(newPlan);
        sharing = byComputation;
    }

    /** The run as a page shows it now. */
    RunSnapshot snapshot(RunRecord record) {
        String computationId = record.computationId();
        Sharing shared = sharing.getOrDefault(computationId, new Sharing(Set.of(record.sessionId()), null));
        if (!record.state().isFinal()) {
            return snapshot(record, shared);
        }
        boolean model = hasModel(record);
        Finished cached = finished.get(record.id());
        if (cached != null && cached.holdsFor(record, shared, model)) {
            return cached.snapshot();
        }
        RunSnapshot snapshot = snapshot(record, shared);
        finished.put(record.id(), new Finished(record, shared, model, snapshot));
        return snapshot;
    }

    private RunSnapshot snapshot(RunRecord record, Sharing shared) {
        String computationId = record.computationId();
        ActiveRun run = record.state() == RunState.RUNNING ? active.get(computationId) : null;
        RunQueue.Slot slot = record.state() == RunState.QUEUED ? plan.get(computationId) : null;
        Integer bestEpoch = record.bestEpochSoFar();
        List<StateChange> history = record.history();
        return new RunSnapshot(record.id(), record.sessionId(), record.sessionName(), record.spec(), record.state(),
                record.reason(), history, record.submittedAt(), record.when(RunState.RUNNING).orElse(null),
                record.state().isFinal() ? history.get(history.size() - 1).at() : null,
                record.epochs(), bestEpoch, record.validationAccuracyAt(bestEpoch),
                run == null ? null : run.progress(clock.instant()),
                slot == null ? null : slot.position(), slot == null ? null : slot.estimatedStart(),
                record.test(), hasModel(record), record.shared(), shared.sessions().size(), shared.computedAt());
    }

    /** The snapshots of the runs that pass {@code filter}, oldest submission first. */
    List<RunSnapshot> snapshots(Predicate<RunRecord> filter) {
        return all().stream().filter(filter).map(this::snapshot).toList();
    }
}
