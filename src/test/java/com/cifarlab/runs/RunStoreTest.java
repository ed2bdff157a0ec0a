package com.cifarlab.runs;

import static com.cifarlab.runs.TestRuns.properties;
import static com.cifarlab.runs.TestRuns.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {

    private static final Instant T0 = Instant.parse("2025-03-01T09:00:00Z");
    private static final LabSession ALICE = new LabSession("alice-id", "Alice", T0, T0, null);

    @TempDir
    Path runsDir;

    private RunService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    private RunService restart() {
        service = new RunService(properties(runsDir, 1), new FakeTrainer(), TestSessions.service(runsDir, Clock.systemUTC()),
                Clock.systemUTC());
        service.start();
        return service;
    }

    private static RunRecord running(String id) {
        return RunRecord.queued(id, ALICE, spec(1), T0).withState(RunState.RUNNING, T0.plusSeconds(1), null)
                .withEpoch(new EpochMetrics(1, 2.0, 0.2, Double.NaN, 0.1, 12.5));
    }

    private static RunRecord succeeded(String id) throws InterruptedException {
        return succeeded(id, null);
    }

    private static RunRecord succeeded(String id, StoredModel model) {
        TrainingResult result = new TrainingResult(spec(2), List.of(new EpochMetrics(1, 2.0, 0.2, 2.1, 0.19, 12.5)),
                1, FakeTrainer.report(0.41), FakeTrainer.model(2));
        return RunRecord.queued(id, ALICE, spec(2), T0).withState(RunState.RUNNING, T0.plusSeconds(1), null)
                .succeeded(result, model, T0.plusSeconds(30));
    }

    @Test
    void aRecordReadsBackAsItWasWrittenIncludingNotANumberAndTheTestReport() throws Exception {
        RunStore store = new RunStore(runsDir);
        RunRecord done = succeeded("r-done");
        RunRecord diverging = running("r-nan");
        store.save(done);
        store.save(diverging);

        List<RunRecord> loaded = store.load().records();

        assertThat(loaded).extracting(RunRecord::id).containsExactly("r-done", "r-nan");
        assertThat(loaded.get(1).epochs().get(0).validationLoss()).isNaN();
        RunRecord back = loaded.get(0);
        assertThat(back).usingRecursiveComparison().isEqualTo(done);
        assertThat(back.test().confusion().count(1, 1)).isEqualTo(4);
    }

    @Test
    void afterARestartARunningRunIsInterruptedAndASucceededRunStillHasItsModel() throws Exception {
        RunStore store = new RunStore(runsDir);
        store.save(running("r-running"));
        store.save(succeeded("r-done", store.saveModel("r-done", FakeTrainer.model(2))));

        RunService restarted = restart();

        RunSnapshot interrupted = restarted.get(Caller.instructor(), "r-running");
        assertThat(interrupted.state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(interrupted.reason()).isEqualTo("the server stopped");
        assertThat(interrupted.epochs()).hasSize(1);
        RunSnapshot done = restarted.get(Caller.student(ALICE), "r-done");
        assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(done.modelAvailable()).isTrue();
        assertThat(FakeTrainer.load(restarted.model(Caller.student(ALICE), "r-done").file())).isEqualTo("seed=2");
        // Records are written off the service's lock; stopping writes what is queued.
        restarted.stop();
        assertThat(new RunStore(runsDir).load().records()).filteredOn(record -> record.id().equals("r-running"))
                .singleElement().extracting(RunRecord::state).isEqualTo(RunState.INTERRUPTED);
    }

    @Test
    void aModelWriteInterruptedBeforeTheRenameLeavesNoRunClaimingThatModel() throws Exception {
        RunStore store = new RunStore(runsDir);
        store.save(running("r-crashed"));
        Path folder = runsDir.resolve("r-crashed");
        Files.write(folder.resolve("model.zip.tmp"), new byte[1000]);

        RunService restarted = restart();

        RunSnapshot run = restarted.get(Caller.instructor(), "r-crashed");
        assertThat(run.state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(run.modelAvailable()).isFalse();
        assertThat(folder).isDirectoryNotContaining("glob:**/model.zip*");
        assertThatThrownBy(() -> restarted.model(Caller.instructor(), "r-crashed")).isInstanceOf(RunStateException.class);
    }

    @Test
    void aModelWrittenBeforeACrashDoesNotMakeTheRunSucceeded() throws Exception {
        RunStore store = new RunStore(runsDir);
        store.save(running("r-crashed"));
        store.saveModel("r-crashed", FakeTrainer.model(1));

        RunSnapshot run = restart().get(Caller.instructor(), "r-crashed");

        assertThat(run.state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(run.modelAvailable()).isFalse();
    }

    @Test
    void aFailedModelWriteKeepsThePreviousFileAndLeavesNoTemporaryFile() throws Exception {
        RunStore store = new RunStore(runsDir);
        store.saveModel("r1", FakeTrainer.model(1));

        assertThatThrownBy(() -> store.saveModel("r1", FakeTrainer.brokenModel())).isInstanceOf(IOException.class);

        assertThat(FakeTrainer.load(runsDir.resolve("r1/model.zip"))).isEqualTo("seed=1");
        assertThat(runsDir.resolve("r1")).isDirectoryNotContaining("glob:**/*.tmp");
    }

    @Test
    void aRecordNamesItsFormatFirstOldRecordsWithoutOneStillLoadAndANewerOneIsKeptAsDamaged() throws Exception {
        RunStore store = new RunStore(runsDir);
        store.save(succeeded("r-new"));
        String written = Files.readString(runsDir.resolve("r-new/run.json"));
        assertThat(written.strip()).startsWith("{\n  \"format\" : 2,");
        Files.createDirectories(runsDir.resolve("r-old"));
        Files.writeString(runsDir.resolve("r-old/run.json"),
                written.replace("\"format\" : 2,", "").replace("r-new", "r-old"));
        Files.createDirectories(runsDir.resolve("r-future"));
        Files.writeString(runsDir.resolve("r-future/run.json"),
                written.replace("\"format\" : 2,", "\"format\" : 3,").replace("r-new", "r-future"));

        RunRepository.Contents contents = store.load();

        assertThat(contents.records()).extracting(RunRecord::id).containsExactly("r-new", "r-old");
        assertThat(contents.records().get(1)).usingRecursiveComparison().ignoringFields("id")
                .isEqualTo(contents.records().get(0));
        assertThat(contents.damaged()).extracting(DamagedRun::reason).containsExactly(
                "its run.json is of format 3, written by a newer CIFAR Lab than this one (format 2)");
    }

    @Test
    void damagedRecordsAreShownToTheInstructorWithTheirModelInsteadOfVanishing() throws Exception {
        RunStore store = new RunStore(runsDir);
        store.save(succeeded("r-good"));
        Files.createDirectories(runsDir.resolve("r-garbage"));
        Files.writeString(runsDir.resolve("r-garbage/run.json"), "{\"id\": \"r-garbage\", \"history\": [");
        store.saveModel("r-garbage", FakeTrainer.model(3));
        Files.createDirectories(runsDir.resolve("r-empty"));
        Files.createDirectories(runsDir.resolve("r-moved"));
        Files.copy(runsDir.resolve("r-good/run.json"), runsDir.resolve("r-moved/run.json"));

        RunRepository.Contents contents = store.load();
        RunService restarted = restart();

        assertThat(contents.records()).extracting(RunRecord::id).containsExactly("r-good");
        assertThat(restarted.list(Caller.instructor())).extracting(RunSnapshot::id).containsExactly("r-good");
        assertThat(restarted.damagedRuns(Caller.instructor())).containsExactly(
                new DamagedRun("r-empty", "it has no run.json", -1),
                new DamagedRun("r-garbage", "its run.json cannot be read (it may be truncated)",
                        Files.size(runsDir.resolve("r-garbage/model.zip"))),
                new DamagedRun("r-moved", "its run.json describes run r-good, not r-moved", -1));
        assertThat(restarted.damagedRuns(Caller.student(ALICE))).isEmpty();
    }

    @Test
    void aTruncatedModelIsNeitherOfferedNorServed() throws Exception {
        RunStore store = new RunStore(runsDir);
        store.save(succeeded("r-done", store.saveModel("r-done", FakeTrainer.model(2))));
        Path model = runsDir.resolve("r-done/model.zip");
        byte[] whole = Files.readAllBytes(model);
        Files.write(model, java.util.Arrays.copyOf(whole, whole.length / 2));

        RunService restarted = restart();

        assertThat(restarted.get(Caller.instructor(), "r-done").modelAvailable()).isFalse();
        assertThatThrownBy(() -> restarted.model(Caller.instructor(), "r-done"))
                .isInstanceOf(RunStateException.class)
                .hasMessage("The model file of run r-done is missing or damaged on the server; tell the instructor.");
    }

    @Test
    void aModelChangedOnDiskAtTheSameSizeIsNotServed() throws Exception {
        RunStore store = new RunStore(runsDir);
        store.save(succeeded("r-done", store.saveModel("r-done", FakeTrainer.model(2))));
        Path model = runsDir.resolve("r-done/model.zip");
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(model, bytes);

        RunService restarted = restart();

        assertThatThrownBy(() -> restarted.model(Caller.instructor(), "r-done"))
                .isInstanceOf(RunStateException.class)
                .hasMessage("The model file of run r-done is damaged on the server: it no longer matches the file that"
                        + " was saved. Tell the instructor.");
    }

    @Test
    void aSucceededRunRecordedBeforeChecksumsStillServesItsModel() throws Exception {
        RunStore store = new RunStore(runsDir);
        store.save(succeeded("r-old"));
        store.saveModel("r-old", FakeTrainer.model(2));

        RunService restarted = restart();

        assertThat(FakeTrainer.load(restarted.model(Caller.student(ALICE), "r-old").file())).isEqualTo("seed=2");
    }

    @Test
    void aMissingRunsFolderMeansNoRunsAndIsCreatedOnTheFirstWrite() throws Exception {
        RunStore store = new RunStore(runsDir.resolve("not-yet"));

        assertThat(store.load().records()).isEmpty();
        store.save(succeeded("r1"));
        assertThat(store.load().records()).hasSize(1);
    }
}
