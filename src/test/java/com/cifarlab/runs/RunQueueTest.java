package com.cifarlab.runs;

import static com.cifarlab.runs.TestRuns.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunQueueTest {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

    private final RunQueue queue = new RunQueue(() -> new SessionLimits(1, 3));

    private List<String> startAll() {
        List<String> sessions = new ArrayList<>();
        Optional<RunQueue.Entry> next;
        while ((next = queue.startNext()).isPresent()) {
            sessions.add(next.get().sessionId());
            queue.finished(next.get().runId());
        }
        return sessions;
    }

    @Test
    void sessionsTakeTurnsWhateverOrderTheySubmittedIn() {
        for (int i = 0; i < 3; i++) {
            queue.add("a" + i, "A", spec(i));
        }
        queue.add("b0", "B", spec(10));
        queue.add("c0", "C", spec(20));
        queue.add("b1", "B", spec(11));

        assertThat(startAll()).containsExactly("A", "B", "C", "A", "B", "A");
    }

    @Test
    void aSessionThatWasJustServedWaitsBehindOneThatWasNot() {
        queue.add("a0", "A", spec(0));
        RunQueue.Entry first = queue.startNext().orElseThrow();
        queue.finished(first.runId());
        queue.add("b0", "B", spec(1));
        queue.add("a1", "A", spec(2));

        assertThat(startAll()).containsExactly("B", "A");
    }

    @Test
    void aSessionAtItsRunningLimitIsSkippedUntilItsRunEnds() {
        queue.add("a0", "A", spec(0));
        queue.add("a1", "A", spec(1));
        RunQueue.Entry running = queue.startNext().orElseThrow();

        assertThat(queue.startNext()).isEmpty();
        queue.finished(running.runId());
        assertThat(queue.startNext()).map(RunQueue.Entry::runId).contains("a1");
    }

    @Test
    void aSessionMayHaveMaxRunningPlusMaxWaitingUnfinishedRuns() {
        for (int i = 0; i < 4; i++) {
            queue.add("a" + i, "A", spec(i));
        }
        queue.startNext();

        assertThat(queue.quota("A")).isEqualTo(new SessionQuota(1, 3, 1, 3));
        assertThatThrownBy(() -> queue.add("a4", "A", spec(4))).isInstanceOf(QueueFullException.class);
        queue.add("b0", "B", spec(10));
    }

    @Test
    void thePlanGivesEachWaitingRunItsPositionAndStartTime() {
        queue.add("a0", "A", spec(0));
        queue.add("a1", "A", spec(1));
        queue.add("b0", "B", spec(2));
        queue.add("c0", "C", spec(3));
        queue.startNext();

        Map<String, RunQueue.Slot> plan = queue.plan(NOW, 2, running -> Duration.ofMinutes(4), spec -> TEN_MINUTES);

        // Worker 1 frees at +4 (A's run), worker 2 is free now: B now, C at +4, A's second at +10 (after B).
        assertThat(plan).containsOnly(
                Map.entry("b0", new RunQueue.Slot(0, NOW)),
                Map.entry("c0", new RunQueue.Slot(1, NOW.plus(Duration.ofMinutes(4)))),
                Map.entry("a1", new RunQueue.Slot(2, NOW.plus(TEN_MINUTES))));
    }

    @Test
    void thePlanWaitsForASessionsRunningRunBeforeStartingItsNextOne() {
        queue.add("a0", "A", spec(0));
        queue.add("a1", "A", spec(1));
        queue.startNext();

        Map<String, RunQueue.Slot> plan = queue.plan(NOW, 2, running -> Duration.ofMinutes(4), spec -> TEN_MINUTES);

        assertThat(plan).containsOnly(Map.entry("a1", new RunQueue.Slot(0, NOW.plus(Duration.ofMinutes(4)))));
    }
}
