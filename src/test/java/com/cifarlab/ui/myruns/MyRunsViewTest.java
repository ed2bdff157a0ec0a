package com.cifarlab.ui.myruns;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.EpochMetricsCsv;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.KaribuLiveRunsTest;
import com.cifarlab.ui.MainLayout;
import com.cifarlab.ui.components.RunCurvesChart.ChartedRun;
import com.cifarlab.ui.components.RunCurvesChart;
import com.github.mvysny.kaributesting.v10.DownloadKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class MyRunsViewTest extends KaribuLiveRunsTest {

    private static final TrainingSpec QUICK = TrainingSpec.labDefaults().withEpochs(2).withTrainSize(500);

    private static void openMyRuns() {
        UI.getCurrent().navigate("my-runs");
        _get(MyRunsView.class);
    }

    @SuppressWarnings("unchecked")
    private static Grid<RunSnapshot> grid() {
        return _get(Grid.class, spec -> spec.withId("runs-grid"));
    }

    private static String cell(int row, String column) {
        return GridKt._getFormatted(grid(), row, column);
    }

    private static Component actions(int row) {
        return GridKt._getCellComponent(grid(), row, "actions");
    }

    private static <T extends Component> T action(int row, Class<T> type, String kind) {
        return _get(actions(row), type, spec -> spec.withClasses("action-" + kind));
    }

    /** Ticks a row's checkbox, adding it to the selection (Karibu's _select replaces the selection). */
    private static void tick(int row) {
        grid().getSelectionModel().selectFromClient(GridKt._get(grid(), row));
    }

    /**
     * Downloads what a cell's link offers. Karibu builds cell components afresh, outside the page,
     * and a download handler only answers once its link is on a page: the copy goes on it briefly.
     */
    private static byte[] download(Anchor link) {
        UI.getCurrent().add(link);
        try {
            return DownloadKt.download(link);
        } finally {
            UI.getCurrent().remove(link);
        }
    }

    private RunSnapshot succeededRun() {
        RunSnapshot run = runService.submit(caller(), QUICK);
        epochs.release(2);
        eventually(() -> assertThat(runService.get(caller(), run.id()).state()).isEqualTo(RunState.SUCCEEDED));
        return runService.get(caller(), run.id());
    }

    @Test
    void aBrowserWithoutALabSessionIsToldToLaunchARunOnStepFive() {
        openMyRuns();

        assertThat(_get(H3.class, spec -> spec.withText("No runs yet")).isVisible()).isTrue();
        _assertNone(Grid.class);
        _assertNone(Button.class, spec -> spec.withId("show-token"));
    }

    @Test
    void showsTheDisplayNameAndTheApiTokenWithANote() {
        LabSession session = student("Ada");

        openMyRuns();

        assertThat(_get(Span.class, spec -> spec.withClasses("student-name")).getText()).isEqualTo("Ada");
        assertThat(_get(Paragraph.class, spec -> spec.withClasses("token-note")).getText())
                .contains("Authorization: Bearer <token>", "Keep it secret");
        _assertNone(TextField.class, spec -> spec.withId("api-token"));

        _click(_get(Button.class, spec -> spec.withId("show-token")));

        TextField token = _get(TextField.class, spec -> spec.withId("api-token"));
        assertThat(sessions.authenticate(token.getValue())).map(LabSession::id).contains(session.id());
        assertThat(token.isReadOnly()).isTrue();
        assertThat(_get(Button.class, spec -> spec.withId("show-token")).getText()).isEqualTo("Create another API token");
    }

    @Test
    void theNameCanBeChangedInADialog() {
        student("Ada");
        openMyRuns();

        _click(_get(Button.class, spec -> spec.withId("change-name")));
        _setValue(_get(TextField.class, spec -> spec.withId("student-name")), "Ada Lovelace");
        _click(_get(Button.class, spec -> spec.withId("save-student-name")));

        assertThat(_get(Span.class, spec -> spec.withClasses("student-name")).getText()).isEqualTo("Ada Lovelace");
        assertThat(studentSessions.current().orElseThrow().name()).isEqualTo("Ada Lovelace");
    }

    @Test
    void listsTheQueueAndHistoryNewestFirstAndFollowsThemLive() {
        student("Ada");
        RunSnapshot first = runService.submit(caller(), QUICK);
        RunSnapshot second = runService.submit(caller(), QUICK.withSeed(7));
        eventually(() -> assertThat(runService.get(caller(), first.id()).state()).isEqualTo(RunState.RUNNING));

        openMyRuns();

        assertThat(GridKt._size(grid())).isEqualTo(2);
        assertThat(GridKt._get(grid(), 0).id()).isEqualTo(second.id());
        assertThat(cell(0, "run")).isEqualTo("Lab MLP · Adam 0.001 · cross-entropy · 2 epochs × 500 images · seed 7 · batch 64");
        assertThat(((Span) GridKt._getCellComponent(grid(), 0, "state")).getText()).isEqualTo("Queued");
        assertThat(cell(0, "progress")).startsWith("#1 in line · starts in ");
        assertThat(((Span) GridKt._getCellComponent(grid(), 1, "state")).getText()).isEqualTo("Running");

        epochs.release(1);
        eventually(() -> assertThat(cell(1, "progress")).isEqualTo("epoch 1 of 2 · batch 2 of 2"));
        epochs.release(1);
        eventually(() -> assertThat(((Span) GridKt._getCellComponent(grid(), 1, "state")).getText()).isEqualTo("Succeeded"));
        assertThat(cell(1, "best")).isEqualTo("0.210 (epoch 2)");
        assertThat(cell(1, "final")).isEqualTo("0.210");
        assertThat(cell(1, "test")).isEqualTo("0.300");
        eventually(() -> assertThat(((Span) GridKt._getCellComponent(grid(), 0, "state")).getText()).isEqualTo("Running"));
    }

    @Test
    void cancelStopsAWaitingRun() {
        student("Ada");
        runService.submit(caller(), QUICK);
        RunSnapshot waiting = runService.submit(caller(), QUICK);
        openMyRuns();

        _click(action(0, Button.class, "cancel"));

        assertThat(runService.get(caller(), waiting.id()).state()).isEqualTo(RunState.CANCELLED);
        assertThat(((Span) GridKt._getCellComponent(grid(), 0, "state")).getText()).isEqualTo("Cancelled");
        assertThat(cell(0, "progress")).isEqualTo("cancelled by the student");
        _assertNone(actions(0), Button.class, spec -> spec.withClasses("action-cancel"));
    }

    @Test
    void runAgainQueuesTheSameSpec() {
        student("Ada");
        RunSnapshot done = succeededRun();
        openMyRuns();

        _click(action(0, Button.class, "rerun"));

        List<RunSnapshot> runs = runService.list(caller());
        assertThat(runs).hasSize(2);
        assertThat(runs.get(1).spec()).isEqualTo(done.spec());
        assertThat(GridKt._size(grid())).isEqualTo(2);
    }

    @Test
    void theCurvesDownloadAsCsvAndTheModelAsAZip() throws IOException {
        student("Ada");
        RunSnapshot done = succeededRun();
        openMyRuns();

        byte[] csv = download(action(0, Anchor.class, "csv"));
        byte[] model = download(action(0, Anchor.class, "model"));

        assertThat(new String(csv, StandardCharsets.UTF_8)).isEqualTo(EpochMetricsCsv.of(done.epochs()));
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(model))) {
            assertThat(zip.getNextEntry()).isNotNull();
            assertThat(new String(zip.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("seed=42");
        }
    }

    @Test
    void aRunWithoutEpochsOffersNeitherCsvNorModelNorEvaluation() {
        student("Ada");
        runService.submit(caller(), QUICK);
        openMyRuns();

        _assertNone(actions(0), Anchor.class);
        _assertNone(actions(0), Button.class, spec -> spec.withClasses("action-evaluate"));
    }

    /** Stands in for Step 6, which another page of the dashboard provides. */
    @AnonymousAllowed
    public static class EvaluationStandIn extends Div {
    }

    @Test
    void evaluateOpensTheRunInStepSix() {
        RouteConfiguration.forSessionScope().setRoute("evaluation/:runId?", EvaluationStandIn.class, MainLayout.class);
        student("Ada");
        RunSnapshot done = succeededRun();
        openMyRuns();

        _click(action(0, Button.class, "evaluate"));

        _get(EvaluationStandIn.class);
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath()).isEqualTo("evaluation/" + done.id());
    }

    @Test
    void watchOpensStepFiveOnThatRun() {
        student("Ada");
        RunSnapshot done = succeededRun();
        openMyRuns();

        _click(action(0, Button.class, "watch"));

        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPathWithQueryParameters())
                .isEqualTo("training?run=" + done.id());
    }

    @Test
    void twoToFourSelectedRunsAreComparedWithOverlaidCurves() {
        student("Ada");
        RunSnapshot adam = succeededRun();
        RunSnapshot slow = runService.submit(caller(), QUICK.withOptimizer(Optimizer.ADAM, 0.0001));
        epochs.release(2);
        eventually(() -> assertThat(runService.get(caller(), slow.id()).state()).isEqualTo(RunState.SUCCEEDED));
        openMyRuns();
        Button compare = _get(Button.class, spec -> spec.withId("compare-selected"));
        assertThat(compare.isEnabled()).isFalse();

        tick(0);
        assertThat(compare.isEnabled()).isFalse();
        tick(1);
        assertThat(compare.getText()).isEqualTo("Compare selected (2)");
        _click(compare);

        RunCurvesChart chart = _get(RunCurvesChart.class);
        assertThat(chart.runs()).extracting(ChartedRun::runId).containsExactly(slow.id(), adam.id());
        assertThat(chart.accuracyChart().getOptions().at("/series/0/name").asText())
                .isEqualTo("Adam 0.0001 · Cross-entropy · Lab MLP · val");
        assertThat(chart.accuracyChart().getOptions().at("/series/1/data").size()).isEqualTo(2);
    }

    @Test
    void moreThanFourSelectedRunsCannotBeCompared() {
        student("Ada");
        for (int i = 0; i < 4; i++) {
            runService.submit(caller(), QUICK);
        }
        runService.cancel(caller(), runService.list(caller()).get(3).id());
        runService.submit(caller(), QUICK);
        openMyRuns();

        GridKt._selectAll(grid());

        Button compare = _get(Button.class, spec -> spec.withId("compare-selected"));
        assertThat(compare.getText()).isEqualTo("Compare at most 4");
        assertThat(compare.isEnabled()).isFalse();
    }

    @Test
    void openingAndLeavingThePageAHundredTimesLeavesNoListenerBehind() {
        student("Ada");
        runService.submit(caller(), QUICK);

        assertAHundredVisitsLeaveNoListener(MyRunsViewTest::openMyRuns, 1);
    }

    @Test
    void bestValidationAccuracyIsTheHighestOfAnyEpochNotTheAccuracyAtTheLowestLoss() {
        RunSnapshot run = new RunSnapshot("r1", "s", "Ada", QUICK, RunState.SUCCEEDED, null, List.of(), null, null, null,
                List.of(new EpochMetrics(1, 2.1, 0.15, 2.05, 0.19, 1), new EpochMetrics(2, 2.0, 0.2, 2.0, 0.2141, 1),
                        new EpochMetrics(3, 1.9, 0.21, 1.95, 0.203, 1)),
                3, 0.203, null, null, null, null, false, null, 1, null);

        assertThat(MyRunsView.highestValidationAccuracy(run)).isEqualTo("0.214 (epoch 2)");
    }
}
