package com.cifarlab.ui.instructor;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.RunSize;
import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.model.Architecture;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.DamagedRun;
import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.LabPreparation;
import com.cifarlab.runs.Leaderboard;
import com.cifarlab.runs.NodeLoad;
import com.cifarlab.runs.NodeMembership;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.runs.TrainingNode;
import com.cifarlab.security.InstructorAccount;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.KaribuRunsTest;
import com.github.mvysny.kaributesting.v10.DownloadKt;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.unit.DataSize;

class InstructorViewTest extends KaribuRunsTest {

    @Autowired
    private InstructorAccount account;
    @Autowired
    private LabPreparation preparation;
    @Autowired
    private TaskScheduler scheduler;

    private static TrainingSpec spec(long seed) {
        return TrainingSpec.labDefaults().withEpochs(2).withTrainSize(500).withSeed(seed);
    }

    private RunSnapshot finished(LabSession student, long seed, double testAccuracy) {
        trainer.script(seed, training -> training.succeedWithTestAccuracy(testAccuracy));
        RunSnapshot run = runs.submit(Caller.student(student), spec(seed));
        await().atMost(BOUND).until(() -> runs.get(Caller.instructor(), run.id()).state() == RunState.SUCCEEDED);
        return run;
    }

    private RunSnapshot runningUntil(CountDownLatch gate, LabSession student, long seed) {
        trainer.script(seed, training -> training.firstBatchThen(gate));
        RunSnapshot run = runs.submit(Caller.student(student), spec(seed));
        await().atMost(BOUND).until(() -> runs.get(Caller.instructor(), run.id()).state() == RunState.RUNNING);
        return run;
    }

    private static void openAsInstructor() {
        loginAsInstructor();
        UI.getCurrent().navigate(InstructorView.class);
    }

    @SuppressWarnings("unchecked")
    private static Grid<RunSnapshot> runGrid() {
        return _get(Grid.class, spec -> spec.withId("all-runs"));
    }

    @SuppressWarnings("unchecked")
    private static Grid<Leaderboard.Entry> leaderboard() {
        return _get(Grid.class, spec -> spec.withId("leaderboard"));
    }

    private static <T> List<T> rows(Grid<T> grid) {
        return GridKt._fetch(grid, 0, GridKt._size(grid));
    }

    private static List<RunSnapshot> rowsOf(LabSession... students) {
        Set<String> ids = Set.of(students).stream().map(LabSession::id).collect(Collectors.toSet());
        return rows(runGrid()).stream().filter(run -> ids.contains(run.sessionId())).toList();
    }

    private static int rowIndex(String runId) {
        List<RunSnapshot> rows = rows(runGrid());
        return IntStream.range(0, rows.size()).filter(i -> rows.get(i).id().equals(runId)).findFirst().orElseThrow();
    }

    private static String cellText(String runId, String column) {
        return GridKt._getFormatted(runGrid(), rowIndex(runId), column);
    }

    private static void select(String runId) {
        runGrid().select(rows(runGrid()).get(rowIndex(runId)));
    }

    @SuppressWarnings("unchecked")
    private static Grid<LabSession> studentGrid() {
        return _get(Grid.class, spec -> spec.withId("instructor-students"));
    }

    /** Each student's row as "name · runs". */
    private static List<String> studentRows() {
        Grid<LabSession> grid = studentGrid();
        return IntStream.range(0, GridKt._size(grid))
                .mapToObj(i -> GridKt._getFormatted(grid, i, "name") + " · " + GridKt._getFormatted(grid, i, "runs"))
                .toList();
    }

    @Test
    void theTrainingMachinesShowThisServerAndEachJoinedNodeWithItsWorkersTraining() {
        NodeMembership node = runs.addNode(new TrainingNode("lab-pc-1", "10.0.0.7:40000", 2, Instant.now()),
                new FakeTrainer());
        try {
            openAsInstructor();
            @SuppressWarnings("unchecked")
            Grid<NodeLoad> machines = _get(Grid.class, spec -> spec.withId("instructor-nodes"));
            List<String> shown = IntStream.range(0, GridKt._size(machines))
                    .mapToObj(i -> GridKt._getFormatted(machines, i, "machine") + " · "
                            + GridKt._getFormatted(machines, i, "address") + " · " + GridKt._getFormatted(machines, i, "busy"))
                    .toList();
            assertThat(shown).contains("lab-pc-1 · 10.0.0.7:40000 · 0 of 2");
            assertThat(shown.get(0)).startsWith("this server · local · ");
        } finally {
            node.leave();
        }
    }

    /*
     * Vaadin's access control sends the browser to the login page by URL (a full page load, which
     * Karibu does not follow; the browser test does): here the page is refused and nothing of it shown.
     */
    @Test
    void damagedRunRecordsAreListedWithTheModelTheyKeep(@TempDir Path runsDir) throws IOException {
        Files.createDirectories(runsDir.resolve("20261201-090000-abcde"));
        Files.writeString(runsDir.resolve("20261201-090000-abcde/run.json"), "{\"id\": \"20261201-090000-abcde\", \"hist");
        Files.write(runsDir.resolve("20261201-090000-abcde/model.zip"), new byte[1234]);
        CifarLabProperties settings = new CifarLabProperties(runsDir.resolve("data"), runsDir, "http://localhost/none",
                1, 1, 3, java.time.Duration.ofHours(1), 50_000_000L, DataSize.ofMegabytes(1), true, null);
        RunService restarted = new RunService(settings, trainer, sessions, java.time.Clock.systemUTC());
        restarted.start();
        try {
            loginAsInstructor();
            UI.getCurrent().add(new InstructorView(restarted, sessions, account, classSettings, preparation,
                    java.time.Clock.systemUTC(), scheduler));

            @SuppressWarnings("unchecked")
            Grid<DamagedRun> damaged = _get(Grid.class, spec -> spec.withId("instructor-damaged-runs"));
            assertThat(GridKt._size(damaged)).isEqualTo(1);
            assertThat(GridKt._getFormattedRow(damaged, 0)).containsExactly("20261201-090000-abcde",
                    "damaged: its run.json cannot be read (it may be truncated)", "model.zip kept (1,234 bytes)");
        } finally {
            restarted.stop();
        }
    }

    private static TextField classField(String name) {
        return _get(TextField.class, spec -> spec.withId("class-" + name));
    }

    @Test
    void theInstructorSetsTheClassSettingsAndAStepsDefaultAboveItsCapIsRefusedBesideTheField() {
        openAsInstructor();
        assertThat(classField("training.epochs").getValue()).isEqualTo("10");
        assertThat(classField("training.trainSize").getValue()).isEqualTo("10000");

        _setValue(classField("maxEpochs"), "20");
        _setValue(classField("training.epochs"), "30");
        _click(_get(Button.class, spec -> spec.withId("save-class-settings")));

        assertThat(classField("training.epochs").isInvalid()).isTrue();
        assertThat(classField("training.epochs").getErrorMessage())
                .isEqualTo("Step 5's default of 30 epochs is above the cap of 20 epochs per run.");
        assertThat(classSettings.current().maxEpochs()).as("nothing saved").isEqualTo(50);

        _setValue(classField("training.epochs"), "5");
        _setValue(classField("maxWaiting"), "1");
        @SuppressWarnings("unchecked")
        CheckboxGroup<Architecture> models = _get(CheckboxGroup.class, spec -> spec.withId("class-models"));
        _setValue(models, Set.of(Architecture.LAB_MLP));
        _click(_get(Button.class, spec -> spec.withId("save-class-settings")));

        ClassSettings saved = classSettings.current();
        assertThat(saved.training()).isEqualTo(new RunSize(5, 10_000));
        assertThat(saved.maxEpochs()).isEqualTo(20);
        assertThat(saved.maxWaiting()).isEqualTo(1);
        assertThat(saved.models()).containsExactly(Architecture.LAB_MLP);

        _click(_get(Button.class, spec -> spec.withId("lab-full-settings")));

        assertThat(classSettings.current().training()).isEqualTo(RunSize.LAB_TRAINING);
        assertThat(classSettings.current().maxEpochs()).isEqualTo(50);
        assertThat(classField("training.epochs").getValue()).isEqualTo("50");
        assertThat(classField("training.trainSize").getValue()).isEqualTo("0");
    }

    @Test
    void preparingTheLabQueuesEachDistinctStandardRunOnceAndSaysSo() {
        trainer.defaultScript(training -> training.after(new CountDownLatch(0)));
        openAsInstructor();

        _click(_get(Button.class, spec -> spec.withId("prepare-lab")));

        assertThat(_get(Paragraph.class, spec -> spec.withId("prepare-result")).getText())
                .isEqualTo("Prepared: 5 trainings queued for the 5 distinct standard runs of Steps 4, 5 and 7.");
        await().atMost(BOUND).until(() -> runs.list(Caller.instructor()).stream()
                .filter(run -> run.sessionId().equals(LabSessionService.PREPARATION_ID))
                .filter(run -> run.state() == RunState.SUCCEEDED).count() == 5);

        _click(_get(Button.class, spec -> spec.withId("prepare-lab")));

        assertThat(_get(Paragraph.class, spec -> spec.withId("prepare-result")).getText())
                .isEqualTo("Prepared: 0 trainings queued for the 5 distinct standard runs of Steps 4, 5 and 7; 5 were "
                        + "already waiting, training or done.");
    }

    @Test
    void anonymousVisitorsAreRefused() {
        UI.getCurrent().navigate("instructor");

        _assertNone(InstructorView.class);
        _assertNone(Grid.class);
    }

    @Test
    void aStudentIsRefusedToo() {
        join("Eve");

        UI.getCurrent().navigate("instructor");

        _assertNone(InstructorView.class);
        _assertNone(Grid.class);
    }

    @Test
    void theInstructorSeesEveryRunOfEveryStudentAsItHappens() {
        LabSession ada = TestSessions.join(sessions, "Ada");
        LabSession bob = TestSessions.join(sessions, "Bob");
        RunSnapshot adaFirst = finished(ada, 9201, 0.42);
        RunSnapshot bobFirst = finished(bob, 9202, 0.55);
        openAsInstructor();
        assertThat(rowsOf(ada, bob)).extracting(RunSnapshot::id).containsExactlyInAnyOrder(adaFirst.id(), bobFirst.id());

        CountDownLatch gate = new CountDownLatch(1);
        RunSnapshot adaSecond = runningUntil(gate, ada, 9203);

        try {
            eventually(() -> {
                assertThat(rowsOf(ada, bob)).extracting(RunSnapshot::id)
                        .containsExactly(adaSecond.id(), bobFirst.id(), adaFirst.id());
                assertThat(cellText(adaSecond.id(), "state")).isEqualTo("Running");
                assertThat(cellText(adaSecond.id(), "progress")).startsWith("Epoch 1 of 2");
            });
            assertThat(GridKt._getFormatted(runGrid(), rowIndex(adaFirst.id()), "student")).isEqualTo("Ada");
            assertThat(cellText(adaFirst.id(), "state")).isEqualTo("Succeeded");
            assertThat(cellText(adaFirst.id(), "times")).matches("Submitted \\d\\d:\\d\\d:\\d\\dStarted \\d\\d:\\d\\d:\\d\\d");
            assertThat(GridKt._getFormatted(runGrid(), rowIndex(adaFirst.id()), "test")).isEqualTo("0.4200");
            assertThat(cellText(adaFirst.id(), "run")).isEqualTo("Lab MLP · Adam 0.001 · cross-entropy · 2 epochs × 500 images · seed 9201"
                    + "batch 64 · " + adaFirst.id());
            assertThat(studentRows()).contains("Ada · 2", "Bob · 1");
            assertThat(_get(Div.class, spec -> spec.withAttribute("data-card", "Workers")).getElement()
                    .getTextRecursively()).matches("Workers\\d of \\d training");
        } finally {
            gate.countDown();
        }
        eventually(() -> assertThat(cellText(adaSecond.id(), "state")).isEqualTo("Succeeded"));
    }

    @Test
    void theInstructorCancelsARunningRunAfterConfirming() {
        LabSession cy = TestSessions.join(sessions, "Cy");
        CountDownLatch never = new CountDownLatch(1);
        RunSnapshot run = runningUntil(never, cy, 9301);
        openAsInstructor();

        select(run.id());
        _click(_get(Button.class, spec -> spec.withId("cancel-selected-run")));
        ConfirmDialog confirm = _get(ConfirmDialog.class);
        assertThat(ConfirmDialogKt.getHeader(confirm)).isEqualTo("Cancel Cy's run Lab MLP · Adam 0.001 · cross-entropy · 2 epochs × 500 images · seed 9301?");
        ConfirmDialogKt._fireConfirm(confirm);

        await().atMost(BOUND).until(() -> runs.get(Caller.instructor(), run.id()).state() == RunState.CANCELLED);
        assertThat(runs.get(Caller.student(cy), run.id()).reason()).isEqualTo("cancelled by the instructor");
        eventually(() -> {
            assertThat(cellText(run.id(), "state")).isEqualTo("Cancelled");
            _assertNone(Button.class, spec -> spec.withId("cancel-selected-run"));
        });
    }

    @Test
    void theLeaderboardRanksStudentsByTheirBestTestAccuracy() {
        LabSession ann = TestSessions.join(sessions, "Ann");
        LabSession ben = TestSessions.join(sessions, "Ben");
        LabSession cat = TestSessions.join(sessions, "Cat");
        finished(ann, 9401, 0.31);
        finished(ben, 9402, 0.52);
        RunSnapshot annBest = finished(ann, 9403, 0.63);
        finished(cat, 9404, 0.18);

        openAsInstructor();

        Set<String> ours = Set.of(ann.id(), ben.id(), cat.id());
        List<Leaderboard.Entry> board = rows(leaderboard()).stream()
                .filter(entry -> ours.contains(entry.sessionId())).toList();
        assertThat(board).extracting(Leaderboard.Entry::studentName).containsExactly("Ann", "Ben", "Cat");
        assertThat(board).extracting(Leaderboard.Entry::testAccuracy).containsExactly(0.63, 0.52, 0.18);
        assertThat(board.get(0).runId()).isEqualTo(annBest.id());
        assertThat(board).extracting(Leaderboard.Entry::rank).isSorted();
    }

    @Test
    void theInstructorDownloadsAnyStudentsModel(@TempDir Path folder) throws IOException {
        LabSession dee = TestSessions.join(sessions, "Dee");
        RunSnapshot run = finished(dee, 9501, 0.4);
        openAsInstructor();

        _assertNone(Anchor.class, spec -> spec.withId("download-selected-model"));
        select(run.id());
        Anchor link = _get(Anchor.class, spec -> spec.withId("download-selected-model"));
        Path downloaded = Files.write(folder.resolve("model.zip"), DownloadKt._download(link));

        assertThat(FakeTrainer.load(downloaded)).isEqualTo("seed=9501");
    }

    @Test
    void theInstructorRenamesAStudentGivesANewResumeCodeAndRemovesThemWhileTheirRunsStay() {
        LabSession eve = TestSessions.join(sessions, "Eve");
        RunSnapshot run = finished(eve, 9601, 0.5);
        openAsInstructor();
        _setValue(_get(TextField.class, spec -> spec.withId("student-filter")), "EVE");
        assertThat(studentRows()).containsExactly("Eve · 1");
        studentGrid().select(GridKt._get(studentGrid(), 0));

        _click(_get(Button.class, spec -> spec.withId("rename-student")));
        _setValue(_get(TextField.class, spec -> spec.withId("student-name")), "Eve Adams");
        _click(_get(Button.class, spec -> spec.withId("save-student-name")));

        assertThat(sessions.find(eve.id())).map(LabSession::name).contains("Eve Adams");
        await().atMost(BOUND).until(() -> runs.get(Caller.instructor(), run.id()).sessionName().equals("Eve Adams"));

        studentGrid().select(GridKt._get(studentGrid(), 0));
        _click(_get(Button.class, spec -> spec.withId("reset-resume-code")));
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));
        String code = _get(Span.class, spec -> spec.withId("new-resume-code")).getText();
        assertThat(sessions.resume(code, TestSessions.ADDRESS, true).session().id()).isEqualTo(eve.id());
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));

        studentGrid().select(GridKt._get(studentGrid(), 0));
        _click(_get(Button.class, spec -> spec.withId("remove-student")));
        ConfirmDialog confirm = _get(ConfirmDialog.class);
        assertThat(ConfirmDialogKt.getHeader(confirm)).isEqualTo("Remove Eve Adams from the class?");
        ConfirmDialogKt._fireConfirm(confirm);

        assertThat(sessions.find(eve.id())).isEmpty();
        assertThat(runs.get(Caller.instructor(), run.id()).sessionName()).as("the run record stays").isEqualTo("Eve Adams");
        eventually(() -> _assertNone(Grid.class, spec -> spec.withId("instructor-students")));
    }

    @Test
    void theClassCodeIsShownLargeAndTheInstructorChangesIt() {
        openAsInstructor();
        assertThat(_get(Span.class, spec -> spec.withId("class-code-shown")).getText())
                .isEqualTo(sessions.classCode().current());
        String before = sessions.classCode().current();
        try {
            _setValue(_get(TextField.class, spec -> spec.withId("new-class-code")), "x");
            _click(_get(Button.class, spec -> spec.withId("change-class-code")));
            assertThat(_get(TextField.class, spec -> spec.withId("new-class-code")).getErrorMessage())
                    .isEqualTo("A class code is 4 to 20 letters and digits (dashes and spaces are ignored).");

            _setValue(_get(TextField.class, spec -> spec.withId("new-class-code")), "room-101");
            _click(_get(Button.class, spec -> spec.withId("change-class-code")));

            assertThat(_get(Span.class, spec -> spec.withId("class-code-shown")).getText()).isEqualTo("ROOM101");
            assertThat(sessions.classCode().current()).isEqualTo("ROOM101");
        } finally {
            sessions.classCode().change(before);
        }
    }

    @Test
    void leavingThePageRemovesItsListener() {
        loginAsInstructor();
        int before = runs.listenerCount();

        UI.getCurrent().navigate(InstructorView.class);
        assertThat(runs.listenerCount()).isEqualTo(before + 1);

        UI.getCurrent().navigate("");
        assertThat(runs.listenerCount()).isEqualTo(before);
    }
}
