package com.cifarlab.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderboardTest {

    private static final Instant NINE = Instant.parse("2025-03-01T09:00:00Z");

    private static RunSnapshot run(String id, String sessionId, String name, RunState state, Double accuracy,
                                   int minutesAfterNine) {
        Instant ended = state.isFinal() ? NINE.plusSeconds(60L * minutesAfterNine) : null;
        return new RunSnapshot(id, sessionId, name, TestRuns.spec(Math.abs(id.hashCode())), state, null, List.of(),
                NINE, NINE, ended, List.of(), null, null, null, null, null,
                accuracy == null ? null : FakeTrainer.report(accuracy), state == RunState.SUCCEEDED, null, 1, null);
    }

    private static RunSnapshot succeeded(String id, String sessionId, String name, double accuracy, int minutes) {
        return run(id, sessionId, name, RunState.SUCCEEDED, accuracy, minutes);
    }

    @Test
    void eachStudentAppearsOnceWithTheirBestTestAccuracyBestFirst() {
        List<Leaderboard.Entry> board = Leaderboard.of(List.of(
                succeeded("a1", "ada", "Ada", 0.41, 1),
                succeeded("b1", "bob", "Bob", 0.45, 2),
                succeeded("a2", "ada", "Ada", 0.52, 3),
                succeeded("c1", "cy", "Cy", 0.30, 4),
                succeeded("b2", "bob", "Bob", 0.44, 5)));

        assertThat(board).extracting(Leaderboard.Entry::studentName).containsExactly("Ada", "Bob", "Cy");
        assertThat(board).extracting(Leaderboard.Entry::testAccuracy).containsExactly(0.52, 0.45, 0.30);
        assertThat(board).extracting(Leaderboard.Entry::runId).containsExactly("a2", "b1", "c1");
        assertThat(board).extracting(Leaderboard.Entry::rank).containsExactly(1, 2, 3);
    }

    @Test
    void onlySucceededRunsCount() {
        List<Leaderboard.Entry> board = Leaderboard.of(List.of(
                run("r", "ada", "Ada", RunState.RUNNING, null, 0),
                run("q", "bob", "Bob", RunState.QUEUED, null, 0),
                run("f", "cy", "Cy", RunState.FAILED, null, 1),
                run("x", "dee", "Dee", RunState.CANCELLED, null, 2),
                succeeded("s", "eve", "Eve", 0.2, 3)));

        assertThat(board).extracting(Leaderboard.Entry::studentName).containsExactly("Eve");
    }

    @Test
    void studentsWithTheSameAccuracyShareARankAndTheFirstToReachItIsListedFirst() {
        List<Leaderboard.Entry> board = Leaderboard.of(List.of(
                succeeded("late", "bob", "Bob", 0.5, 9),
                succeeded("early", "ada", "Ada", 0.5, 2),
                succeeded("top", "cy", "Cy", 0.6, 5),
                succeeded("low", "dee", "Dee", 0.1, 1)));

        assertThat(board).extracting(Leaderboard.Entry::studentName).containsExactly("Cy", "Ada", "Bob", "Dee");
        assertThat(board).extracting(Leaderboard.Entry::rank).containsExactly(1, 2, 2, 4);
    }

    @Test
    void aStudentWhoReachesTheSameBestTwiceIsCreditedWithTheEarlierRun() {
        List<Leaderboard.Entry> board = Leaderboard.of(List.of(
                succeeded("second", "ada", "Ada", 0.5, 7),
                succeeded("first", "ada", "Ada", 0.5, 3)));

        assertThat(board).singleElement().satisfies(entry -> {
            assertThat(entry.runId()).isEqualTo("first");
            assertThat(entry.achievedAt()).isEqualTo(NINE.plusSeconds(180));
        });
    }

    @Test
    void twoStudentsWithTheSameNameAreTwoLines() {
        List<Leaderboard.Entry> board = Leaderboard.of(List.of(
                succeeded("one", "session-1", "Sam", 0.4, 1),
                succeeded("two", "session-2", "Sam", 0.3, 2)));

        assertThat(board).extracting(Leaderboard.Entry::sessionId).containsExactly("session-1", "session-2");
    }

    @Test
    void noFinishedRunsMeansAnEmptyBoard() {
        assertThat(Leaderboard.of(List.of())).isEmpty();
        assertThat(Leaderboard.of(List.of(run("r", "ada", "Ada", RunState.RUNNING, null, 0)))).isEmpty();
    }

    @Test
    void workerLoadCountsTheTrainingAndTheWaitingRuns() {
        WorkerLoad load = WorkerLoad.of(2, List.of(
                run("r", "ada", "Ada", RunState.RUNNING, null, 0),
                run("q1", "ada", "Ada", RunState.QUEUED, null, 0),
                run("q2", "bob", "Bob", RunState.QUEUED, null, 0),
                succeeded("s", "cy", "Cy", 0.3, 1)));

        assertThat(load).isEqualTo(new WorkerLoad(2, 1, 2));
        assertThat(load.busyFraction()).isEqualTo(0.5);
    }
}
