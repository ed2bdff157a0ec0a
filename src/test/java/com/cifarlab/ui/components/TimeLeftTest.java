package com.cifarlab.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.runs.RunProgress;
import com.cifarlab.training.EpochMetrics;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeLeftTest {

    private static EpochMetrics epoch(int n, double seconds) {
        return new EpochMetrics(n, 1, 0.3, 1, 0.3, seconds);
    }

    @Test
    void nothingIsEstimatedBeforeTheFirstBatchIsMeasured() {
        assertThat(TimeLeft.estimate(new RunProgress(0, 10, 0, 625, 0), List.of(), 64)).isEmpty();
    }

    @Test
    void duringTheFirstEpochTheTrainingSpeedTellsTheTimeLeft() {
        // 10 epochs of 625 batches of 64 images, a quarter of the first done, at 3,200 images/s.
        RunProgress progress = new RunProgress(1, 10, 156, 625, 3200);

        Duration left = TimeLeft.estimate(progress, List.of(), 64).orElseThrow();

        double batchesLeft = 10 * 625 - 625 * (156 / 625.0);
        assertThat(left.toMillis()).isEqualTo(Math.round(batchesLeft * 64 / 3200 * 1000));
    }

    @Test
    void afterSomeEpochsTheirAverageTimeTellsTheTimeLeft() {
        RunProgress halfWayThroughTheThird = new RunProgress(3, 10, 300, 600, 5000);

        Duration left = TimeLeft.estimate(halfWayThroughTheThird, List.of(epoch(1, 14), epoch(2, 16)), 64).orElseThrow();

        assertThat(left).isEqualTo(Duration.ofSeconds(15 * 7 + 15 / 2, 500_000_000));
    }

    @Test
    void rightAfterAnEpochEndsTheRemainingEpochsCountWhole() {
        RunProgress endOfSecond = new RunProgress(2, 4, 600, 600, 5000);

        Duration left = TimeLeft.estimate(endOfSecond, List.of(epoch(1, 10), epoch(2, 10)), 64).orElseThrow();

        assertThat(left).isEqualTo(Duration.ofSeconds(20));
    }
}
