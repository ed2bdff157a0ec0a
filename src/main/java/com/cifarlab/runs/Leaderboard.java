package com.cifarlab.runs;

import com.cifarlab.training.TrainingSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The class's leaderboard: each student's best test accuracy, best first. A student is a lab
 * session, so two students who chose the same name still get a line each. Only runs that
 * succeeded have a test accuracy; students without one are not on the board yet.
 */
public final class Leaderboard {

    /**
     * One student's line.
     *
     * @param rank         1 for the best; students with the same accuracy share a rank (1, 2, 2, 4)
     * @param sessionId    the student's lab session
     * @param studentName  the student's display name
     * @param testAccuracy the best test accuracy of the student's runs
     * @param runId        the run that reached it (the earliest, when several did)
     * @param spec         what that run trained
     * @param achievedAt   when that run ended
     */
    public record Entry(int rank, String sessionId, String studentName, double testAccuracy, String runId,
                        TrainingSpec spec, Instant achievedAt) {
    }

    /** Higher accuracy first; on a tie, whoever got there first. */
    private static final Comparator<RunSnapshot> BETTER_FIRST = Comparator
            .comparingDouble((RunSnapshot run) -> -run.test().accuracy())
            .thenComparing(RunSnapshot::endedAt)
            .thenComparing(RunSnapshot::id);

    private Leaderboard() {
    }

    public static List<Entry> of(Collection<RunSnapshot> runs) {
        Map<String, RunSnapshot> bestBySession = new LinkedHashMap<>();
        runs.stream()
                .filter(run -> run.state() == RunState.SUCCEEDED && run.test() != null)
                .sorted(BETTER_FIRST)
                .forEach(run -> bestBySession.putIfAbsent(run.sessionId(), run));
        List<Entry> board = new ArrayList<>();
        for (RunSnapshot best : bestBySession.values()) {
            double accuracy = best.test().accuracy();
            int rank = board.isEmpty() || board.get(board.size() - 1).testAccuracy() != accuracy
                    ? board.size() + 1
                    : board.get(board.size() - 1).rank();
            board.add(new Entry(rank, best.sessionId(), best.sessionName(), accuracy, best.id(), best.spec(),
                    best.endedAt()));
        }
        return List.copyOf(board);
    }
}
