package com.cifarlab.ui.losses;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.KaribuLiveRunsTest;
import com.cifarlab.ui.chart.ApexChart;
import com.cifarlab.ui.components.RunCurvesChart;
import com.cifarlab.ui.components.RunProgressBar;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class LossesViewTest extends KaribuLiveRunsTest {

    private static void openLosses() {
        UI.getCurrent().navigate("losses");
        _get(LossesView.class);
    }

    private static TextField field(String specField) {
        return _get(TextField.class, spec -> spec.withId("field-" + specField));
    }

    private static void compare() {
        _click(_get(Button.class, spec -> spec.withId("launch-comparison")));
    }

    private static int points(ApexChart chart, String series) {
        return StreamSupport.stream(chart.getOptions().get("series").spliterator(), false)
                .filter(s -> s.get("name").asText().equals(series))
                .findFirst().orElseThrow(() -> new AssertionError("no series " + series))
                .get("data").size();
    }

    @Test
    void explainsWhyCrossEntropySuitsClassificationAndWhyBothStartFresh() {
        openLosses();

        String text = String.join(" ", _find(Paragraph.class).stream().map(Paragraph::getText).toList());
        assertThat(text).contains("minus the log of the probability", "softmax slopes that shrink towards 0",
                "already trained model", "the same fresh weights");
    }

    @Test
    void oneActionLaunchesCrossEntropyAndMseFromTheSameSeedAndOverlaysThemLive() {
        student("Ada");
        openLosses();
        assertThat(field("epochs").getValue()).isEqualTo("10");
        assertThat(field("trainSize").getValue()).as("a fresh class's size").isEqualTo("10000");
        _setValue(field("epochs"), "2");

        compare();

        List<RunSnapshot> runs = runService.list(caller());
        assertThat(runs).extracting(run -> run.spec().loss())
                .containsExactly(LossFunction.CATEGORICAL_CROSSENTROPY, LossFunction.MEAN_SQUARED_ERROR);
        TrainingSpec lab = TrainingSpec.labDefaults().withEpochs(2).withTrainSize(10_000);
        assertThat(runs).extracting(RunSnapshot::spec).containsExactly(lab, lab.withLoss(LossFunction.MEAN_SQUARED_ERROR));
        RunCurvesChart chart = _get(RunCurvesChart.class);
        assertThat(points(chart.accuracyChart(), "Cross-entropy · val")).isZero();
        assertThat(points(chart.lossChart(), "MSE · val")).isZero();
        assertThat(_find(RunProgressBar.class)).hasSize(2);
        JsonNode lossAxes = chart.lossChart().getOptions().get("yaxis");
        assertThat(lossAxes).as("MSE would lie flat under cross-entropy on one axis").hasSize(2);
        assertThat(lossAxes.get(0).at("/title/text").asText()).isEqualTo("Cross-entropy loss");
        assertThat(lossAxes.get(0).get("seriesName").get(0).asText()).isEqualTo("Cross-entropy · val");
        assertThat(lossAxes.get(1).at("/title/text").asText()).isEqualTo("MSE loss");
        assertThat(lossAxes.get(1).get("opposite").asBoolean()).isTrue();
        assertThat(chart.accuracyChart().getOptions().get("yaxis").isArray()).as("accuracy is one quantity").isFalse();

        epochs.release(4);
        eventually(() -> {
            assertThat(points(chart.accuracyChart(), "Cross-entropy · val")).isEqualTo(2);
            assertThat(points(chart.lossChart(), "MSE · val")).isEqualTo(2);
        });
    }

    @Test
    void wrongEpochsAreRefusedBesideTheField() {
        openLosses();
        _setValue(field("epochs"), "ten");

        compare();

        assertThat(field("epochs").getErrorMessage()).isEqualTo("Enter a whole number, like 10.");
        assertThat(studentSessions.current()).isEmpty();
    }

    @Test
    void aQueueWithoutRoomForBothRunsQueuesNeitherAndSaysWhy() {
        student("Ada");
        for (int i = 0; i < 3; i++) {
            runService.submit(caller(), TrainingSpec.labDefaults());
        }
        openLosses();

        compare();

        assertThat(_get(Paragraph.class, spec -> spec.withClasses("launch-problem")).getText()).isEqualTo(
                "This needs 2 free places in your queue and you have 1: 1 run training and 2 waiting, of at most 4 "
                        + "(1 training and 3 waiting). Cancel runs on My runs, or wait for some to finish.");
        assertThat(runService.list(caller())).hasSize(3);
    }

    @Test
    void theComparisonAndItsSettingsAreStillThereAfterLookingAtAnotherStep() {
        student("Ada");
        openLosses();
        _setValue(field("epochs"), "3");
        _setValue(field("trainSize"), "500");
        compare();
        epochs.release(1);

        UI.getCurrent().navigate("training");
        openLosses();

        assertThat(field("epochs").getValue()).isEqualTo("3");
        assertThat(field("trainSize").getValue()).isEqualTo("500");
        RunCurvesChart chart = _get(RunCurvesChart.class);
        assertThat(chart.runs()).extracting(RunCurvesChart.ChartedRun::label).containsExactly("Cross-entropy", "MSE");
        eventually(() -> assertThat(points(chart.accuracyChart(), "Cross-entropy · val")).isEqualTo(1));
    }

    @Test
    void cancellingStopsBothRuns() {
        student("Ada");
        openLosses();
        compare();

        _click(_get(Button.class, spec -> spec.withId("cancel-comparison")));

        eventually(() -> assertThat(runService.list(caller())).extracting(RunSnapshot::state)
                .containsExactly(RunState.CANCELLED, RunState.CANCELLED));
        eventually(() -> assertThat(_get(Button.class, spec -> spec.withId("cancel-comparison")).isEnabled()).isFalse());
    }

    @Test
    void openingAndLeavingAComparisonAHundredTimesLeavesNoListenerBehind() {
        student("Ada");
        openLosses();
        compare();

        // A progress bar and a chart curve for each of the two runs.
        assertAHundredVisitsLeaveNoListener(LossesViewTest::openLosses, 4);
    }
}
