package com.cifarlab.runs;

import com.cifarlab.training.TrainingSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The waiting and running runs of all sessions, and the rule for which starts next. Not thread
 * safe: the run service guards it with its lock.
 *
 * <p>Fairness: the next run comes from the session served least recently (one that never got a
 * run comes first, in order of arrival), among sessions with a waiting run and fewer than
 * {@code maxRunning} running. A session that just got a run thus goes to the back, and a
 * student with three runs waits for every other student's turn between them.
 *
 * <p>Limits: a session may have {@code maxRunning + maxWaiting} unfinished runs; those beyond
 * {@code maxRunning} wait.
 */
final class RunQueue {

    record Entry(String runId, String sessionId, TrainingSpec spec, long order) {
    }

    /**
     * Where a waiting run stands.
     *
     * @param position       how many runs start before it (0 = it is next)
     * @param estimatedStart when it should start
     */
    record Slot(int position, Instant estimatedStart) {
    }

    private static final class Line {
        final String sessionId;
        final ArrayDeque<Entry> waiting = new ArrayDeque<>();
        int running;
        /** The instructor's preparation of the lab: as many runs at once as there are workers, and no quota. */
        boolean unbounded;
        /** The start counter value when this session last got a run; 0 = never. */
        long lastServed;

        Line(String sessionId) {
            this.sessionId = sessionId;
        }

        Line copy() {
            Line copy = new Line(sessionId);
            copy.waiting.addAll(waiting);
            copy.running = running;
            copy.lastServed = lastServed;
            copy.unbounded = unbounded;
            return copy;
        }
    }

    private static final Comparator<Line> LEAST_RECENTLY_SERVED = Comparator
            .comparingLong((Line line) -> line.lastServed)
            .thenComparingLong(line -> line.waiting.getFirst().order());

    /** Read at each use: the instructor may change them during the lab. */
    private final Supplier<SessionLimits> limits;
    private final Map<String, Line> lines = new LinkedHashMap<>();
    private final Map<String, Entry> running = new HashMap<>();
    private long submissions;
    private long starts;

    RunQueue(Supplier<SessionLimits> limits) {
        this.limits = limits;
    }

    SessionQuota quota(String sessionId) {
        Line line = lines.get(sessionId);
        SessionLimits now = limits.get();
        if (line != null && line.unbounded) {
            return new SessionQuota(line.running, line.waiting.size(), Integer.MAX_VALUE / 2, Integer.MAX_VALUE / 2);
        }
        return line == null
                ? new SessionQuota(0, 0, now.maxRunning(), now.maxWaiting())
                : new SessionQuota(line.running, line.waiting.size(), now.maxRunning(), now.maxWaiting());
    }

    /** Lets the session's line use every worker and hold any number of runs. */
    void unbound(String sessionId) {
        lines.computeIfAbsent(sessionId, Line::new).unbounded = true;
    }

    /** Throws unless the session may submit one more run. */
    void checkRoom(String sessionId) {
        SessionQuota quota = quota(sessionId);
        if (quota.full()) {
            throw new QueueFullException(quota.running(), quota.waiting());
        }
    }

    void add(String runId, String sessionId, TrainingSpec spec) {
        checkRoom(sessionId);
        lines.computeIfAbsent(sessionId, Line::new).waiting.addLast(new Entry(runId, sessionId, spec, ++submissions));
    }

    /** Takes the run that should start now and counts it as running, or empty when none may start. */
    Optional<Entry> startNext() {
        Line line = choose(lines.values(), limits.get().maxRunning());
        if (line == null) {
            return Optional.empty();
        }
        Entry entry = serve(line, ++starts);
        running.put(entry.runId(), entry);
        return Optional.of(entry);
    }

    void finished(String runId) {
        Entry entry = running.remove(runId);
        if (entry != null) {
            lines.get(entry.sessionId()).running--;
        }
    }

    /** Whether the run waits or trains in the line of {@code sessionId}. */
    boolean holds(String runId, String sessionId) {
        Line line = lines.get(sessionId);
        Entry runningEntry = running.get(runId);
        return runningEntry != null ? runningEntry.sessionId().equals(sessionId)
                : line != null && line.waiting.stream().anyMatch(entry -> entry.runId().equals(runId));
    }

    /**
     * Moves a waiting or running run to the line of another session (a computation whose first
     * student left goes on for the others); a waiting one joins the end of that line.
     */
    void transfer(String runId, String toSessionId) {
        Line to = lines.computeIfAbsent(toSessionId, Line::new);
        Entry runningEntry = running.get(runId);
        if (runningEntry != null) {
            lines.get(runningEntry.sessionId()).running--;
            to.running++;
            running.put(runId, new Entry(runId, toSessionId, runningEntry.spec(), runningEntry.order()));
            return;
        }
        for (Line line : lines.values()) {
            Optional<Entry> found = line.waiting.stream().filter(entry -> entry.runId().equals(runId)).findFirst();
            if (found.isPresent()) {
                line.waiting.remove(found.get());
                to.waiting.addLast(new Entry(runId, toSessionId, found.get().spec(), ++submissions));
                return;
            }
        }
    }

    boolean removeWaiting(String runId) {
        for (Line line : lines.values()) {
            if (line.waiting.removeIf(entry -> entry.runId().equals(runId))) {
                return true;
            }
        }
        return false;
    }

    List<Entry> removeWaitingOf(String sessionId) {
        Line line = lines.get(sessionId);
        if (line == null) {
            return List.of();
        }
        List<Entry> removed = new ArrayList<>(line.waiting);
        line.waiting.clear();
        return removed;
    }

    List<Entry> removeAllWaiting() {
        List<Entry> removed = new ArrayList<>();
        for (Line line : lines.values()) {
            removed.addAll(line.waiting);
            line.waiting.clear();
        }
        return removed;
    }

    /**
     * Plays the scheduler forward to tell each waiting run its position and start time: W
     * workers, the running runs ending after {@code remaining}, each started run taking
     * {@code duration}, the same fairness rule and per-session limit as {@link #startNext()}.
     */
    Map<String, Slot> plan(Instant now, int workers, Function<String, Duration> remaining,
                           Function<TrainingSpec, Duration> duration) {
        return plan(now, workers, remaining, duration, null);
    }

    /**
     * The plan if {@code hypothetical} (a run not submitted yet, for an estimate before Launch) were
     * added to its session's line now; its slot is under its run id.
     */
    Map<String, Slot> plan(Instant now, int workers, Function<String, Duration> remaining,
                           Function<TrainingSpec, Duration> duration, Entry hypothetical) {
        Map<String, Line> simulated = new LinkedHashMap<>();
        lines.forEach((id, line) -> simulated.put(id, line.copy()));
        if (hypothetical != null) {
            simulated.computeIfAbsent(hypothetical.sessionId(), Line::new).waiting.addLast(hypothetical);
        }
        int toPlan = simulated.values().stream().mapToInt(line -> line.waiting.size()).sum();
        PriorityQueue<Worker> byFreeTime = new PriorityQueue<>(Comparator.comparing((Worker w) -> w.freeAt));
        for (Entry entry : running.values()) {
            byFreeTime.add(new Worker(now.plus(remaining.apply(entry.runId())), entry.sessionId()));
        }
        for (int i = running.size(); i < workers; i++) {
            byFreeTime.add(new Worker(now, null));
        }
        Map<String, Slot> plan = new HashMap<>();
        long served = starts;
        List<Worker> free = new ArrayList<>();
        while (plan.size() < toPlan && !byFreeTime.isEmpty()) {
            Instant t = byFreeTime.peek().freeAt;
            while (!byFreeTime.isEmpty() && !byFreeTime.peek().freeAt.isAfter(t)) {
                Worker worker = byFreeTime.poll();
                if (worker.sessionId != null) {
                    simulated.get(worker.sessionId).running--;
                    worker.sessionId = null;
                }
                free.add(worker);
            }
            Line line = choose(simulated.values(), limits.get().maxRunning());
            if (line == null) {
                if (byFreeTime.isEmpty()) {
                    break;
                }
                Instant nextEnd = byFreeTime.peek().freeAt;
                free.forEach(worker -> worker.freeAt = nextEnd);
            } else {
                Entry entry = serve(line, ++served);
                plan.put(entry.runId(), new Slot(plan.size(), t));
                Worker worker = free.remove(free.size() - 1);
                worker.freeAt = t.plus(duration.apply(entry.spec()));
                worker.sessionId = entry.sessionId();
                byFreeTime.add(worker);
            }
            byFreeTime.addAll(free);
            free.clear();
        }
        return plan;
    }


    private static final class Worker {
        Instant freeAt;
        String sessionId;

        Worker(Instant freeAt, String sessionId) {
            this.freeAt = freeAt;
            this.sessionId = sessionId;
        }
    }

    private static Line choose(Collection<Line> lines, int maxRunning) {
        return lines.stream()
                .filter(line -> !line.waiting.isEmpty() && (line.unbounded || line.running < maxRunning))
                .min(LEAST_RECENTLY_SERVED)
                .orElse(null);
    }

    private static Entry serve(Line line, long startNumber) {
        Entry entry = line.waiting.removeFirst();
        line.running++;
        line.lastServed = startNumber;
        return entry;
    }
}
