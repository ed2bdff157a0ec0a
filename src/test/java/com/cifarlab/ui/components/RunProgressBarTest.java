package com.cifarlab.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.model.ModelSpec;
import com.cifarlab.runs.RunProgress;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingPhase;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.KaribuLiveRunsTest;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.progressbar.ProgressBar;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RunProgressBarTest extends KaribuLiveRunsTest {

    private static final TrainingSpec SPEC = new TrainingSpec(ModelSpec.labMlp(), Optimizer.ADAM, 0.001,
            LossFunction.CATEGORICAL_CROSSENTROPY, 4, 64, 7, 500, 0);

    private final Clock clock = Clock.systemUTC();

    @BeforeEach
    void openASession() {
        student("Grace");
    }

    private RunProgressBar barFor(RunSnapshot run, UpdateThrottle throttle) {
        RunProgressBar bar = new RunProgressBar(runService, throttle, clock);
        bar.show(caller(), run.id(), "Adam 0.001");
        UI.getCurrent().add(bar);
        return bar;
    }

    @Test
    void aWaitingRunShowsItsPlaceInTheQueueAndItsEstimatedStart() {
        // Seeds of their own: identical runs would share one computation.
        runService.submit(caller(), SPEC);
        RunSnapshot second = runService.submit(caller(), SPEC.withSeed(SPEC.seed() + 1));
        RunSnapshot third = runService.submit(caller(), SPEC.withSeed(SPEC.seed() + 2));

        RunProgressBar secondBar = barFor(second, UpdateThrottle.forProgress(clock));
        RunProgressBar thirdBar = barFor(third, UpdateThrottle.forProgress(clock));

        assertThat(secondBar.detailText()).startsWith("Waiting in the queue. It starts next; estimated start in ");
        assertThat(thirdBar.detailText()).startsWith("Waiting in the queue. 1 run starts before it; estimated start in ");
    }

    @Test
    void aRunningRunShowsItsEpochBatchSpeedAndTimeLeftThenHowItEnded() {
        RunSnapshot run = runService.submit(caller(), SPEC);
        RunProgressBar bar = barFor(run, UpdateThrottle.forProgress(clock));

        eventually(() -> assertThat(bar.detailText()).startsWith("Building the network and drawing the training images… "));
        epochs.release(1);
        eventually(() -> assertThat(bar.detailText())
                .isEqualTo("Epoch 1 of 4 · batch 2 of 2 · 1,000 images/s · less than a minute left"));
        assertThat(bar.getChildren().filter(ProgressBar.class::isInstance).map(ProgressBar.class::cast)
                .findFirst().orElseThrow().getValue()).isBetween(0.0, 1.0);

        epochs.release(3);
        eventually(() -> assertThat(bar.detailText()).isEqualTo(
                "Finished in less than a minute: best epoch 4 with validation accuracy 0.230; test accuracy 0.300."));
    }

    @Test
    void theBarMeasuresTimeSoATestPassIsPartOfItNotAFullBarThatStaysFull() {
        Instant started = Instant.parse("2026-12-01T10:00:00Z");
        RunSnapshot run = runService.submit(caller(), SPEC);
        RunSnapshot running = new RunSnapshot(run.id(), run.sessionId(), run.sessionName(), run.spec(),
                RunState.RUNNING, null, run.history(), run.submittedAt(), started, null, List.of(), null, null, null,
                null, null, null, false, null, 1, null);
        RunProgress testing = new RunProgress(4, 4, 2, 2, 1000, TrainingPhase.TESTING, Duration.ofSeconds(90), false);

        assertThat(RunProgressBar.fractionDone(running, testing, started.plusSeconds(30))).isEqualTo(0.25);
    }

    @Test
    void epochEndsShowAtOnceEvenWhenTheThrottleHoldsBackBatchProgress() {
        RunSnapshot run = runService.submit(caller(), SPEC);
        UpdateThrottle closed = new UpdateThrottle(clock, Duration.ofHours(1));
        closed.tryPass();
        RunProgressBar bar = barFor(run, closed);

        epochs.release(1);

        eventually(() -> assertThat(bar.detailText()).startsWith("Epoch 1 of 4 · batch 2 of 2"));
    }

    @Test
    void aCancelledRunSaysWhoCancelledIt() {
        RunSnapshot run = runService.submit(caller(), SPEC);
        RunProgressBar bar = barFor(run, UpdateThrottle.forProgress(clock));

        runService.cancel(caller(), run.id());

        eventually(() -> assertThat(bar.detailText()).isEqualTo("Cancelled by the student."));
    }
}
