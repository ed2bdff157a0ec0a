package com.cifarlab.ui.evaluation;

import com.cifarlab.runs.RunState;
import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.FixtureKaribuTest;
import com.cifarlab.ui.chart.ApexChart;
import com.cifarlab.ui.components.FinishedRunSelect;
import com.cifarlab.ui.components.TestReportPanel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;

class EvaluationViewTest extends FixtureKaribuTest {

    private static final TrainingSpec SPEC = TrainingSpec.labDefaults().withEpochs(2);

    @AfterEach
    void logOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void showsTheTestResultOfAFinishedRunWithATenByTenConfusionMatrix() {
        RunSnapshot run = finishedRun(startStudent("Ada"), SPEC);

        UI.getCurrent().navigate("evaluation/" + run.id());

        assertThat(figure("test-accuracy")).isEqualTo("0.4320 (43.2%)");
        assertThat(figure("test-loss")).isEqualTo("1.6100");
        ObjectNode matrix = _get(ApexChart.class, spec -> spec.withId("confusion-matrix")).getOptions();
        assertThat(matrix.at("/chart/type").asText()).isEqualTo("heatmap");
        assertThat(matrix.get("series")).hasSize(10).allSatisfy(row -> assertThat(row.get("data")).hasSize(10));
        assertThat(matrix.at("/series/9/name").asText()).as("drawn bottom-up, so the first row comes last")
                .isEqualTo("airplane");
        assertThat(matrix.at("/series/9/data/0/y").asInt()).isEqualTo(432);
        assertThat(matrix.at("/xaxis/title/text").asText()).isEqualTo("Predicted class");
        assertThat(matrix.at("/yaxis/title/text").asText()).isEqualTo("True class");
    }

    @Test
    void theMatrixTogglesBetweenCountsAndRowPercentages() {
        RunSnapshot run = finishedRun(startStudent("Ada"), SPEC);
        UI.getCurrent().navigate("evaluation/" + run.id());

        _setValue(_get(RadioButtonGroup.class, spec -> spec.withLabel("Cells show")), TestReportPanel.MatrixMode.ROW_PERCENT);

        JsonNode airplanes = _get(ApexChart.class, spec -> spec.withId("confusion-matrix")).getOptions().at("/series/9/data");
        assertThat(airplanes.at("/0/y").asDouble()).isEqualTo(43.2);
        assertThat(airplanes.at("/1/y").asDouble()).isEqualTo(28.4);
        double sum = 0;
        for (JsonNode cell : airplanes) {
            sum += cell.get("y").asDouble();
        }
        assertThat(sum).isCloseTo(100, org.assertj.core.api.Assertions.within(0.05));
    }

    @Test
    void showsTheClassificationReportAsATableAndAsScikitLearnText() {
        RunSnapshot run = finishedRun(startStudent("Ada"), SPEC);
        UI.getCurrent().navigate("evaluation/" + run.id());

        Grid<?> report = _get(Grid.class, spec -> spec.withId("classification-report"));
        assertThat(GridKt._size(report)).isEqualTo(13);
        assertThat(GridKt._getFormattedRow(report, 0)).containsExactly("airplane", "0.43", "0.43", "0.43", "1000");
        assertThat(GridKt._getFormattedRow(report, 10)).containsExactly("accuracy", "", "", "0.43", "10000");
        assertThat(GridKt._getFormattedRow(report, 11).get(0)).isEqualTo("macro avg");
        assertThat(GridKt._getFormattedRow(report, 12).get(0)).isEqualTo("weighted avg");
        TextArea text = _get(TextArea.class, spec -> spec.withId("classification-report-text"));
        assertThat(text.isReadOnly()).isTrue();
        assertThat(text.getValue()).isEqualTo(run.test().report().toText())
                .contains("   airplane       0.43      0.43      0.43      1000");
    }

    @Test
    void showsTheMostConfidentMistakesWithTheirClassesAndProbability() {
        RunSnapshot run = finishedRun(startStudent("Ada"), SPEC);
        UI.getCurrent().navigate("evaluation/" + run.id());

        List<Div> tiles = _find(Div.class, spec -> spec.withClasses("mistake-tile"));

        assertThat(tiles).hasSize(3);
        assertThat(_find(tiles.get(0), Span.class)).extracting(Span::getText)
                .containsExactly("True: ship", "Predicted: truck", "97.0% sure");
        assertThat(_get(tiles.get(0), com.vaadin.flow.component.html.Image.class).getSrc()).isNotBlank();
    }

    @Test
    void withoutARunInTheAddressTheNewestFinishedRunIsShown() {
        Caller ada = startStudent("Ada");
        finishedRun(ada, SPEC);
        RunSnapshot newest = finishedRun(ada, SPEC.withSeed(7));

        UI.getCurrent().navigate("evaluation");

        assertThat(runSelect().getGenericDataView().getItems()).hasSize(2);
        assertThat(runSelect().getValue().id()).isEqualTo(newest.id());
        _get(TestReportPanel.class);
    }

    @Test
    void withoutAFinishedRunItSaysToTrainOneOnStepFive() {
        startStudent("Bea");

        UI.getCurrent().navigate("evaluation");

        Div empty = _get(Div.class, spec -> spec.withClasses("no-finished-run"));
        assertThat(empty.getElement().getTextRecursively()).contains("No finished run yet", "Train a network on Step 5");
        _assertNone(FinishedRunSelect.class);
        _assertNone(ApexChart.class);
    }

    @Test
    void aRunThatSucceedsWhileThePageIsOpenAppearsThere() {
        Caller cleo = startStudent("Cleo");
        UI.getCurrent().navigate("evaluation");
        _assertNone(FinishedRunSelect.class);

        String id = runs.submit(cleo, SPEC).id();

        // Polled in the test thread: only it may run the UI's queued ui.access tasks.
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
            MockVaadin.runUIQueue();
            return !_find(FinishedRunSelect.class).isEmpty();
        });
        assertThat(runSelect().getValue().id()).isEqualTo(id);
        _assertNone(Div.class, spec -> spec.withClasses("no-finished-run"));
    }

    @Test
    void anotherStudentsRunIsNotShown() {
        RunSnapshot adas = finishedRun(startStudent("Ada"), SPEC);
        startStudent("Dan");

        UI.getCurrent().navigate("evaluation/" + adas.id());

        NotificationsKt.expectNotifications("There is no run '" + adas.id() + "' in your session.");
        _assertNone(TestReportPanel.class);
    }

    @Test
    void theInstructorMayOpenAnyRun() {
        RunSnapshot adas = finishedRun(startStudent("Ada"), SPEC);
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "instructor", null, AuthorityUtils.createAuthorityList("ROLE_INSTRUCTOR")));

        UI.getCurrent().navigate("evaluation/" + adas.id());

        assertThat(runSelect().getValue().id()).isEqualTo(adas.id());
        assertThat(runSelect().getItemLabelGenerator().apply(adas)).startsWith("Ada · Lab MLP · Adam 0.001 · cross-entropy · 2 epochs × 40,000 images · seed 42 · test accuracy ");
        _get(TestReportPanel.class);
    }

    @SuppressWarnings("unchecked")
    private static FinishedRunSelect runSelect() {
        return _get(FinishedRunSelect.class);
    }

    private static String figure(String className) {
        return _get(_get(Div.class, spec -> spec.withClasses(className)), Span.class,
                spec -> spec.withClasses("figure-value")).getText();
    }

    @Test
    void aRunWithoutTestResultsIsExplainedByWhatHappenedToIt() {
        assertThat(EvaluationView.noTestResults("r1", RunState.RUNNING))
                .isEqualTo("Run r1 is still training; test results appear here once a run has been trained and tested.");
        assertThat(EvaluationView.noTestResults("r1", RunState.SUCCEEDED))
                .isEqualTo("Run r1 succeeded, but its test results were not recorded; test results appear here once a"
                        + " run has been trained and tested.");
    }
}
