package com.cifarlab.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.events.ListenerRegistration;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.RunListener;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.KaribuLiveRunsTest;
import com.cifarlab.ui.chart.ApexChart;
import com.cifarlab.ui.components.RunCurvesChart.ChartedRun;
import com.cifarlab.ui.components.RunCurvesChart.Lines;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.UI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class RunCurvesChartTest extends KaribuLiveRunsTest {

    private static final TrainingSpec SPEC = new TrainingSpec(ModelSpec.labMlp(), Optimizer.ADAM, 0.001,
            LossFunction.CATEGORICAL_CROSSENTROPY, 4, 64, 7, 500, 0);

    @BeforeEach
    void openASession() {
        student("Ada");
    }

    @Test
    void aRunsEpochsSoFarAreDrawnWhenTheChartOpensThenEachEpochAddsAPoint() {
        RunSnapshot run = runService.submit(caller(), SPEC);
        epochs.release(2);
        awaitEpochs(run.id(), 2);
        RunCurvesChart chart = new RunCurvesChart(runService, Lines.TRAIN_AND_VALIDATION);
        chart.show(caller(), List.of(new ChartedRun(run.id(), "Adam 0.001")));
        UI.getCurrent().add(chart);

        assertThat(seriesNames(chart.accuracyChart())).containsExactly("Adam 0.001 · train", "Adam 0.001 · val");
        assertThat(points(chart.accuracyChart(), "Adam 0.001 · val")).hasSize(2);

        epochs.release(1);
        eventually(() -> assertThat(points(chart.lossChart(), "Adam 0.001 · val")).hasSize(3));
        assertThat(points(chart.accuracyChart(), "Adam 0.001 · train")).hasSize(3);
        epochs.release(1);
        eventually(() -> assertThat(points(chart.accuracyChart(), "Adam 0.001 · val")).hasSize(4));
        // The fake's validation loss falls every epoch: the last epoch is the best.
        eventually(() -> assertThat(chart.accuracyChart().getOptions().at("/annotations/points/0/x").asInt()).isEqualTo(4));
    }

    @Test
    void axesHaveTitlesAndTheBestEpochIsMarkedOnBothCharts() {
        RunSnapshot run = runService.submit(caller(), SPEC);
        epochs.release(4);
        awaitState(run.id(), RunState.SUCCEEDED);
        RunCurvesChart chart = new RunCurvesChart(runService, Lines.TRAIN_AND_VALIDATION);
        UI.getCurrent().add(chart);
        chart.show(caller(), List.of(new ChartedRun(run.id(), "Adam 0.001")));

        ObjectNode accuracy = chart.accuracyChart().getOptions();
        ObjectNode loss = chart.lossChart().getOptions();
        assertThat(accuracy.at("/xaxis/title/text").asText()).isEqualTo("Epoch");
        assertThat(accuracy.at("/yaxis/title/text").asText()).isEqualTo("Accuracy");
        assertThat(loss.at("/yaxis/title/text").asText()).isEqualTo("Loss");
        assertThat(accuracy.at("/legend/show").asBoolean()).isTrue();
        assertThat(accuracy.at("/markers/shape")).as("train and validation tell apart in the legend too")
                .extracting(JsonNode::asText).containsExactly("square", "circle");
        int best = runService.get(caller(), run.id()).bestEpoch();
        assertThat(accuracy.at("/annotations/points/0/x").asInt()).isEqualTo(best);
        assertThat(accuracy.at("/annotations/points/0/label/text").asText()).isEqualTo("best: epoch " + best);
        assertThat(loss.at("/annotations/points/0/y").asDouble())
                .isEqualTo(runService.get(caller(), run.id()).epochs().get(best - 1).validationLoss());
        assertThat(accuracy.at("/stroke/dashArray").toString()).isEqualTo("[6,0]");
    }

    @Test
    void severalRunsAreOverlaidWithTheirValidationLinesNamedByLabel() {
        RunSnapshot adam = runService.submit(caller(), SPEC);
        RunSnapshot sgd = runService.submit(caller(), SPEC.withOptimizer(Optimizer.SGD, 0.01));
        RunCurvesChart chart = new RunCurvesChart(runService, Lines.VALIDATION);
        UI.getCurrent().add(chart);
        chart.show(caller(), List.of(new ChartedRun(adam.id(), "Adam 0.001"), new ChartedRun(sgd.id(), "SGD 0.01")));

        assertThat(seriesNames(chart.accuracyChart())).containsExactly("Adam 0.001 · val", "SGD 0.01 · val");
        epochs.release(8);
        eventually(() -> {
            assertThat(points(chart.accuracyChart(), "Adam 0.001 · val")).hasSize(4);
            assertThat(points(chart.accuracyChart(), "SGD 0.01 · val")).hasSize(4);
        });
        assertThat(chart.accuracyChart().getOptions().at("/annotations/points").size()).isEqualTo(2);
    }

    @Test
    void twoRunsWithTheSameLabelGetDistinctSeries() {
        RunSnapshot first = runService.submit(caller(), SPEC);
        RunSnapshot second = runService.submit(caller(), SPEC);
        RunCurvesChart chart = new RunCurvesChart(runService, Lines.VALIDATION);
        UI.getCurrent().add(chart);

        chart.show(caller(), List.of(new ChartedRun(first.id(), "Adam 0.001"), new ChartedRun(second.id(), "Adam 0.001")));

        assertThat(seriesNames(chart.accuracyChart())).containsExactly("Adam 0.001 · val", "Adam 0.001 (2) · val");
    }

    @Test
    void openingAndClosingTheChartsAHundredTimesLeavesNoListenerBehind() {
        RunSnapshot run = runService.submit(caller(), SPEC);
        int before = runService.listenerCount();
        UpdateThrottle throttle = UpdateThrottle.forProgress(Clock.systemUTC());

        for (int i = 0; i < 100; i++) {
            RunCurvesChart chart = new RunCurvesChart(runService, Lines.TRAIN_AND_VALIDATION);
            chart.show(caller(), List.of(new ChartedRun(run.id(), "Adam 0.001")));
            RunProgressBar bar = new RunProgressBar(runService, throttle, Clock.systemUTC());
            bar.show(caller(), run.id(), "Adam 0.001");
            UI.getCurrent().add(chart, bar);
            assertThat(runService.listenerCount()).isEqualTo(before + 2);
            UI.getCurrent().remove(chart, bar);
        }

        assertThat(runService.listenerCount()).isEqualTo(before);
    }

    /**
     * The page's view of the run service, counting what it asks: the chart and the bar of a run
     * following it epoch by epoch must apply the events they hear, not read the run again.
     */
    private static final class CountingRunService extends RunService {
        private final RunService real;
        final AtomicInteger gets = new AtomicInteger();

        CountingRunService(RunService real, Path unusedFolder) {
            super(new CifarLabProperties(unusedFolder.resolve("data"), unusedFolder, "http://localhost/none", 1, 1, 3,
                    Duration.ofHours(1), 50_000_000L, DataSize.ofMegabytes(1), true, null), new FakeTrainer(), null,
                    Clock.systemUTC());
            this.real = real;
        }

        @Override
        public RunSnapshot get(Caller caller, String runId) {
            gets.incrementAndGet();
            return real.get(caller, runId);
        }

        @Override
        public ListenerRegistration addRunListener(Caller caller, String runId, RunListener listener) {
            return real.addRunListener(caller, runId, listener);
        }
    }

    @Test
    void aPageFollowingARunAppliesEachEpochAndTheEndFromTheEventsWithoutAskingTheServiceAgain(@TempDir Path folder) {
        RunSnapshot run = runService.submit(caller(), SPEC);
        // Training already: while a run waits, the queue moving is news the bar does read.
        awaitState(run.id(), RunState.RUNNING);
        CountingRunService counting = new CountingRunService(runService, folder);
        RunCurvesChart chart = new RunCurvesChart(counting, Lines.TRAIN_AND_VALIDATION);
        RunProgressBar bar = new RunProgressBar(counting, UpdateThrottle.forProgress(Clock.systemUTC()), Clock.systemUTC());
        chart.show(caller(), List.of(new ChartedRun(run.id(), "Adam 0.001")));
        bar.show(caller(), run.id(), "Adam 0.001");
        UI.getCurrent().add(chart, bar);
        int whenShown = counting.gets.get();

        epochs.release(4);

        eventually(() -> assertThat(bar.detailText()).startsWith("Finished"));
        assertThat(points(chart.accuracyChart(), "Adam 0.001 · val")).hasSize(4);
        assertThat(chart.accuracyChart().getOptions().at("/annotations/points/0/x").asInt()).isEqualTo(4);
        assertThat(counting.gets.get() - whenShown).as("reads after the page opened, for 4 epochs and the end")
                .isZero();
    }

    private void awaitEpochs(String runId, int count) {
        eventually(() -> assertThat(runService.get(caller(), runId).epochs()).hasSize(count));
    }

    private void awaitState(String runId, RunState state) {
        eventually(() -> assertThat(runService.get(caller(), runId).state()).isEqualTo(state));
    }

    static List<String> seriesNames(ApexChart chart) {
        List<String> names = new ArrayList<>();
        chart.getOptions().get("series").forEach(series -> names.add(series.get("name").asText()));
        return names;
    }

    static List<JsonNode> points(ApexChart chart, String seriesName) {
        for (JsonNode series : chart.getOptions().get("series")) {
            if (series.get("name").asText().equals(seriesName)) {
                List<JsonNode> points = new ArrayList<>();
                series.get("data").forEach(points::add);
                return points;
            }
        }
        throw new AssertionError("No series " + seriesName + " in " + seriesNames(chart));
    }
}
