package com.cifarlab.ui.training;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.RunSize;
import com.cifarlab.model.Activation;
import com.cifarlab.model.Architecture;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.KaribuLiveRunsTest;
import com.cifarlab.ui.components.RunCurvesChart;
import com.cifarlab.ui.components.RunProgressBar;
import com.cifarlab.ui.session.NameDialog;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.VaadinSession;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class TrainingViewTest extends KaribuLiveRunsTest {

    private static final ModelSpec CUSTOM = ModelSpec.customMlp(List.of(
            new HiddenLayer(512, Activation.RELU, 0.5), new HiddenLayer(256, Activation.RELU, 0.5),
            new HiddenLayer(128, Activation.TANH, 0.2)));

    private static void openTraining() {
        UI.getCurrent().navigate("training");
        _get(TrainingView.class);
    }

    private static TextField field(String specField) {
        return _get(TextField.class, spec -> spec.withId("field-" + specField));
    }

    @SuppressWarnings("unchecked")
    private static <T> Select<T> select(String specField) {
        return _get(Select.class, spec -> spec.withId("field-" + specField));
    }

    private static void launch() {
        _click(_get(Button.class, spec -> spec.withId("launch")));
    }

    private static List<JsonNode> validationAccuracyPoints() {
        JsonNode series = _get(RunCurvesChart.class).accuracyChart().getOptions().get("series");
        for (JsonNode s : series) {
            if (s.get("name").asText().endsWith("· val")) {
                return StreamSupport.stream(s.get("data").spliterator(), false).toList();
            }
        }
        throw new AssertionError("no validation series in " + series);
    }

    @Test
    void theFormOpensWithTheLabsSettingsAtTheClasssSize() {
        openTraining();

        assertThat(select("model").getValue()).isEqualTo(ModelSpec.labMlp());
        assertThat(select("optimizer").getValue()).isEqualTo(Optimizer.ADAM);
        assertThat(select("loss").getValue()).isEqualTo(LossFunction.CATEGORICAL_CROSSENTROPY);
        assertThat(field("learningRate").getValue()).isEqualTo("0.001");
        assertThat(field("epochs").getValue()).isEqualTo("10");
        assertThat(field("batchSize").getValue()).isEqualTo("64");
        assertThat(field("seed").getValue()).isEqualTo("42");
        assertThat(field("trainSize").getValue()).isEqualTo("10000");
        assertThat(field("earlyStoppingPatience").getValue()).isEqualTo("0");
    }

    @Test
    void beforeLaunchTheStepSaysHowLongTheRunWillTakeAndWhenItStartsAndFollowsTheForm() {
        student("Ada");
        openTraining();
        Paragraph estimate = _get(Paragraph.class, spec -> spec.withId("launch-estimate"));
        assertThat(estimate.getText()).matches("(Less than a minute|About .+) of training; it starts at once\\.");

        _setValue(field("epochs"), "0");
        assertThat(estimate.getText()).as("nothing to estimate while a field is wrong").isEmpty();

        _setValue(field("epochs"), "1");
        _setValue(field("trainSize"), "500");
        launch();
        _setValue(field("seed"), "43");
        assertThat(estimate.getText()).matches("(Less than a minute|About .+) of training; it starts next, in .+\\.");
        _setValue(field("seed"), "42");
        assertThat(estimate.getText()).startsWith("An identical run is training now: yours joins it");
    }

    @Test
    void theFormOpensWithTheSettingsTheStudentLastLaunchedUntilTheClassDefaultsAreAskedFor() {
        student("Ada");
        openTraining();
        _setValue(select("optimizer"), Optimizer.SGD);
        _setValue(field("epochs"), "3");
        _setValue(field("trainSize"), "500");
        _setValue(field("seed"), "7");
        launch();

        UI.getCurrent().navigate("data");
        openTraining();

        assertThat(select("optimizer").getValue()).isEqualTo(Optimizer.SGD);
        assertThat(field("learningRate").getValue()).isEqualTo("0.01");
        assertThat(field("epochs").getValue()).isEqualTo("3");
        assertThat(field("trainSize").getValue()).isEqualTo("500");
        assertThat(field("seed").getValue()).isEqualTo("7");
        _click(_get(Button.class, spec -> spec.withId("reset-settings")));
        assertThat(field("epochs").getValue()).isEqualTo("10");
        assertThat(field("trainSize").getValue()).isEqualTo("10000");
    }

    @Test
    void theFormOpensAtTheInstructorsSizeShowsTheCapsAndRefusesARunPastThemBesideTheField() {
        RunSize size = new RunSize(3, 2000);
        classSettings.change(new ClassSettings(size, size, size, 20, 10_000, Set.of(Architecture.LAB_MLP), 1, 3));
        student("Ada");
        openTraining();

        assertThat(field("epochs").getValue()).isEqualTo("3");
        assertThat(field("trainSize").getValue()).isEqualTo("2000");
        assertThat(field("epochs").getHelperText()).isEqualTo("1–20 in this class");
        assertThat(field("trainSize").getHelperText()).isEqualTo("100–10,000 in this class");
        assertThat(select("model").getHelperText()).isEqualTo("Open to this class: the Lab MLP.");

        _setValue(field("epochs"), "21");
        _setValue(field("trainSize"), "0");
        launch();

        assertThat(field("epochs").isInvalid()).isTrue();
        assertThat(field("epochs").getErrorMessage())
                .isEqualTo("This class allows at most 20 epochs per run (the instructor's cap); you asked for 21.");
        assertThat(runService.list(caller())).isEmpty();
        _setValue(field("epochs"), "20");
        launch();
        assertThat(field("trainSize").getErrorMessage()).startsWith("This class allows at most 10,000 training images");
        _setValue(field("trainSize"), "10000");
        launch();
        assertThat(runService.list(caller())).hasSize(1);
    }

    @Test
    void theStepExplainsWhyTheLabsMlpStalls() {
        openTraining();

        String text = String.join(" ", _find(Paragraph.class).stream().map(Paragraph::getText).toList());
        assertThat(text).contains("Such a unit outputs 0 and gets a gradient of exactly 0", "underfitting",
                "A learning rate of 0.0001 keeps the units alive");
    }

    @Test
    void wrongValuesGetTheirMessageBesideTheirFieldAndNothingIsLaunched() {
        student("Ada");
        openTraining();
        _setValue(field("epochs"), "0");
        _setValue(field("batchSize"), "5000");
        _setValue(field("learningRate"), "abc");
        _setValue(field("seed"), "forty-two");

        launch();

        assertThat(field("epochs").isInvalid()).isTrue();
        assertThat(field("epochs").getErrorMessage()).isEqualTo("Epochs must be between 1 and 200 (got 0).");
        assertThat(field("batchSize").getErrorMessage()).isEqualTo("Batch size must be between 8 and 1024 (got 5000).");
        assertThat(field("learningRate").getErrorMessage()).isEqualTo("Enter a number, like 0.001.");
        assertThat(field("seed").getErrorMessage()).isEqualTo("Enter a whole number, like 42.");
        assertThat(field("trainSize").isInvalid()).isFalse();
        assertThat(runService.list(caller())).isEmpty();

        _setValue(field("epochs"), "5");
        assertThat(field("epochs").isInvalid()).isFalse();
    }

    @Test
    void trainingImagesOutsideTheAllowedRangeAndANegativePatienceAreRefusedBesideTheirFields() {
        openTraining();
        _setValue(field("trainSize"), "50");
        _setValue(field("earlyStoppingPatience"), "-1");
        _setValue(field("learningRate"), "2");

        launch();

        assertThat(field("trainSize").getErrorMessage())
                .isEqualTo("Training images (0 for all) must be between 100 and 40000 (got 50).");
        assertThat(field("earlyStoppingPatience").getErrorMessage())
                .isEqualTo("Early-stopping patience (0 for off) must be between 0 and 200 (got -1).");
        assertThat(field("learningRate").getErrorMessage())
                .isEqualTo("Learning rate must be greater than 0 and at most 1 (got 2.0).");
        _assertNone(NameDialog.class);
    }

    @Test
    void choosingAnOptimizerPutsItsUsualLearningRateInTheField() {
        openTraining();

        _setValue(select("optimizer"), Optimizer.SGD);

        assertThat(field("learningRate").getValue()).isEqualTo("0.01");
    }

    @Test
    void launchingShowsTheRunWhoseChartGainsAPointAtEveryEpochEnd() {
        student("Ada");
        openTraining();
        _setValue(field("epochs"), "3");
        _setValue(field("trainSize"), "1,000");

        launch();

        RunSnapshot run = runService.list(caller()).get(0);
        assertThat(run.spec()).isEqualTo(TrainingSpec.labDefaults().withEpochs(3).withTrainSize(1000));
        assertThat(_get(Paragraph.class, spec -> spec.withClasses("run-summary")).getText())
                .isEqualTo("Batch 64");
        assertThat(_get(RunProgressBar.class).getElement().getTextRecursively())
                .startsWith("Lab MLP · Adam 0.001 · cross-entropy · 3 epochs × 1,000 images · seed 42");
        assertThat(validationAccuracyPoints()).isEmpty();

        epochs.release(1);
        eventually(() -> assertThat(validationAccuracyPoints()).hasSize(1));
        epochs.release(1);
        eventually(() -> assertThat(validationAccuracyPoints()).hasSize(2));
        assertThat(_get(RunCurvesChart.class).accuracyChart().getOptions().at("/annotations/points/0/x").asInt())
                .isEqualTo(2);
        epochs.release(1);
        eventually(() -> assertThat(_get(Button.class, spec -> spec.withId("open-evaluation")).isVisible()).isTrue());
        assertThat(validationAccuracyPoints()).hasSize(3);
        assertThat(_get(Button.class, spec -> spec.withId("cancel-run")).isEnabled()).isFalse();
    }

    @Test
    void aStudentWhoLeavesAndComesBackFindsTheirLatestRunWhereItIs() {
        student("Ada");
        openTraining();
        _setValue(field("epochs"), "4");
        launch();
        epochs.release(1);
        eventually(() -> assertThat(validationAccuracyPoints()).hasSize(1));

        UI.getCurrent().navigate("my-runs");
        epochs.release(1);
        eventually(() -> assertThat(runService.list(caller()).get(0).epochs()).hasSize(2));
        openTraining();

        assertThat(validationAccuracyPoints()).hasSize(2);
        assertThat(_get(RunProgressBar.class).run().orElseThrow().state()).isEqualTo(RunState.RUNNING);
        epochs.release(1);
        eventually(() -> assertThat(validationAccuracyPoints()).hasSize(3));
    }

    @Test
    void aBrowserWithoutALabSessionSeesNoRunAndIsAskedToJoinTheClassOnTheFirstLaunch() {
        openTraining();
        _assertNone(RunProgressBar.class);
        assertThat(_find(H3.class).stream().map(H3::getText))
                .contains("No run yet");

        launch();
        _setValue(_get(TextField.class, spec -> spec.withId("student-name")), "Linus");
        _setValue(_get(TextField.class, spec -> spec.withId("class-code")), sessions.classCode().current());
        _click(_get(Button.class, spec -> spec.withId("join-class")));

        assertThat(studentSessions.current().orElseThrow().name()).isEqualTo("Linus");
        assertThat(runService.list(caller())).hasSize(1);
        assertThat(_get(RunProgressBar.class).isVisible()).isTrue();
    }

    @Test
    void aFullQueueIsExplainedAndNothingMoreIsQueued() {
        student("Ada");
        for (int i = 0; i < 4; i++) {
            runService.submit(caller(), TrainingSpec.labDefaults());
        }
        openTraining();

        launch();

        assertThat(_get(Paragraph.class, spec -> spec.withClasses("launch-problem")).getText()).isEqualTo(
                "Your queue is full. You already have 1 run training and 3 waiting; cancel one or wait for one to "
                        + "finish. Your runs are listed on My runs.");
        assertThat(runService.list(caller())).hasSize(4);
    }

    @Test
    void cancelStopsTheRunAndSaysSo() {
        student("Ada");
        openTraining();
        launch();

        _click(_get(Button.class, spec -> spec.withId("cancel-run")));

        assertThat(_get(Button.class, spec -> spec.withId("cancel-run")).isEnabled()).as("at once, on click").isFalse();
        eventually(() -> assertThat(_get(RunProgressBar.class).detailText()).isEqualTo("Cancelled by the student."));
        assertThat(runService.list(caller()).get(0).state()).isEqualTo(RunState.CANCELLED);
        assertThat(_get(Button.class, spec -> spec.withId("cancel-run")).isEnabled()).isFalse();
        assertThat(_get(Button.class, spec -> spec.withId("cancel-run")).getText()).isEqualTo("Cancel run");
        assertThat(NotificationsKt.getNotifications())
                .extracting(n -> n.getElement().getProperty("text", "") + n.getElement().getTextRecursively())
                .as("one notification for the cancel: the run's end").noneMatch(text -> text.startsWith("Cancel"));
    }

    @SuppressWarnings("unchecked")
    private static Select<String> watchedRun() {
        return _get(Select.class, spec -> spec.withId("watched-run"));
    }

    @Test
    void cancellingAQueuedRunShowsTheOneThatTrainsAndAReloadNeverLosesIt() {
        student("Ada");
        RunSnapshot cnn = runService.submit(caller(), TrainingSpec.labDefaults().withModel(ModelSpec.smallCnn())
                .withEpochs(3).withTrainSize(1000));
        eventually(() -> assertThat(runService.get(caller(), cnn.id()).state()).isEqualTo(RunState.RUNNING));
        openTraining();
        _setValue(field("seed"), "43");
        launch();
        RunSnapshot queued = runService.list(caller()).get(1);
        assertThat(watchedRun().getValue()).isEqualTo(queued.id());

        _click(_get(Button.class, spec -> spec.withId("cancel-run")));

        eventually(() -> assertThat(watchedRun().getValue()).as("back on the run that trains").isEqualTo(cnn.id()));
        assertThat(_get(RunProgressBar.class).getElement().getTextRecursively()).startsWith("Small CNN · Adam 0.001");
        assertThat(watchedRun().getListDataView().getItems()).containsExactly(queued.id(), cnn.id());

        UI.getCurrent().navigate("data");
        openTraining();

        assertThat(watchedRun().getValue()).isEqualTo(cnn.id());
    }

    @Test
    void theStudentPicksWhichOfTheirRunsTheStepShowsAndMyRunsWatchOpensIt() {
        student("Ada");
        RunSnapshot first = runService.submit(caller(), TrainingSpec.labDefaults().withEpochs(1).withSeed(61));
        epochs.release(1);
        eventually(() -> assertThat(runService.get(caller(), first.id()).state()).isEqualTo(RunState.SUCCEEDED));
        RunSnapshot second = runService.submit(caller(), TrainingSpec.labDefaults().withEpochs(1).withSeed(62));
        epochs.release(1);
        eventually(() -> assertThat(runService.get(caller(), second.id()).state()).isEqualTo(RunState.SUCCEEDED));
        openTraining();
        assertThat(watchedRun().getValue()).as("the newest").isEqualTo(second.id());

        _setValue(watchedRun(), first.id());

        assertThat(_get(RunProgressBar.class).getElement().getTextRecursively()).contains("seed 61");

        UI.getCurrent().navigate("my-runs");
        UI.getCurrent().navigate("training", QueryParameters.of("run", first.id()));
        assertThat(watchedRun().getValue()).isEqualTo(first.id());
        UI.getCurrent().navigate("training", QueryParameters.of("run", "someone-elses"));
        assertThat(watchedRun().getValue()).as("an id not among the student's runs is ignored").isEqualTo(second.id());
    }

    @Test
    void theNoteAboutStepTwosModelGoesWhenTheLabsSettingsReplaceIt() {
        VaadinSession.getCurrent().setAttribute(ModelSpec.class, CUSTOM);
        openTraining();
        assertThat(_get(Paragraph.class, spec -> spec.withId("handover-note")).isVisible()).isTrue();

        _click(_get(Button.class, spec -> spec.withId("reset-settings")));

        assertThat(select("model").getValue()).isEqualTo(ModelSpec.labMlp());
        _assertNone(Paragraph.class, spec -> spec.withId("handover-note"));
    }

    @Test
    void aModelHandedOverFromStepTwoIsChosenAndTakenOnlyOnce() {
        VaadinSession.getCurrent().setAttribute(ModelSpec.class, CUSTOM);

        openTraining();

        assertThat(select("model").getValue()).isEqualTo(CUSTOM);
        assertThat(_get(Paragraph.class, spec -> spec.withId("handover-note")).getText()).isEqualTo(
                "From Step 2, ready to train: Custom MLP: 3 hidden layers (512 ReLU, 256 ReLU, 128 tanh) "
                        + "· 1,738,890 parameters.");
        assertThat(VaadinSession.getCurrent().getAttribute(ModelSpec.class)).isNull();

        student("Ada");
        launch();
        assertThat(runService.list(caller()).get(0).spec().model()).isEqualTo(CUSTOM);
    }

    @Test
    void openingAndLeavingThePageAHundredTimesLeavesNoListenerBehind() {
        student("Ada");
        runService.submit(caller(), TrainingSpec.labDefaults());

        // The latest run's progress bar and its curves.
        assertAHundredVisitsLeaveNoListener(TrainingViewTest::openTraining, 3);
    }
}
