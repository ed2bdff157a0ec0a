package com.cifarlab.runs;

import static com.cifarlab.runs.TestRuns.properties;
import static com.cifarlab.runs.TestRuns.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.RunSize;
import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.events.ListenerRegistration;
import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.SessionEndedException;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.testdata.TestClock;
import com.cifarlab.training.StandardRuns;
import com.cifarlab.training.TrainingFailedException;
import com.cifarlab.training.TrainingPhase;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class RunServiceTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path runsDir;

    private final FakeTrainer trainer = new FakeTrainer();
    private final List<RunService> started = new ArrayList<>();
    private LabSessionService sessions;

    @AfterEach
    void stopServices() {
        started.forEach(RunService::stop);
    }

    private RunService service(CifarLabProperties properties, Clock clock) {
        sessions = sessions == null ? TestSessions.service(runsDir, clock) : sessions;
        RunService service = new RunService(properties, trainer, sessions, clock);
        service.start();
        started.add(service);
        return service;
    }

    private RunService service(int workers) {
        return service(properties(runsDir, workers), Clock.systemUTC());
    }

    /** Disk and heap as the test sets them: plenty of both until it says otherwise. */
    static final class FakeReadings implements ServerResources.Readings {
        volatile long usableDisk = 10_000_000_000L;
        volatile long heapLive = 100_000_000;
        volatile long heapMax = 4_000_000_000L;

        @Override
        public long usableDiskBytes(Path folder) {
            return usableDisk;
        }

        @Override
        public long heapLiveBytes() {
            return heapLive;
        }

        @Override
        public long heapMaxBytes() {
            return heapMax;
        }
    }

    private final FakeReadings readings = new FakeReadings();

    private RunService service(int workers, ServerResources.Readings readings) {
        CifarLabProperties properties = properties(runsDir, workers);
        return service(properties, new ServerResources(runsDir, properties.minFreeDisk().toBytes(), readings),
                () -> ClassSettings.initial(1, 3));
    }

    private RunService service(int workers, Supplier<ClassSettings> classSettings) {
        CifarLabProperties properties = properties(runsDir, workers);
        return service(properties, ServerResources.of(runsDir, properties.minFreeDisk().toBytes()), classSettings);
    }

    private RunService service(CifarLabProperties properties, ServerResources resources,
                               Supplier<ClassSettings> classSettings) {
        sessions = sessions == null ? TestSessions.service(runsDir, Clock.systemUTC()) : sessions;
        RunService service = new RunService(properties, trainer, sessions, Clock.systemUTC(), resources, classSettings);
        service.start();
        started.add(service);
        return service;
    }

    private static RunSnapshot awaitState(RunService service, Caller caller, String runId, RunState state) {
        await().atMost(BOUND).until(() -> service.get(caller, runId).state() == state);
        return service.get(caller, runId);
    }

    @Test
    void ninetyRunsOfThirtySessionsAllFinishOnceInRoundRobinOrderOnTwoWorkers() {
        RunService service = service(properties(runsDir, 2), TestClock.steppingOnEachRead(Instant.parse("2025-03-01T09:00:00Z"), Duration.ofMillis(1)));
        CountDownLatch gate = new CountDownLatch(1);
        trainer.defaultScript(training -> training.after(gate));
        List<LabSession> students = new ArrayList<>();
        List<String> runIds = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            LabSession student = TestSessions.join(sessions, "Student " + s);
            students.add(student);
            for (int r = 0; r < 3; r++) {
                runIds.add(service.submit(Caller.student(student), spec(s * 10L + r)).id());
            }
        }
        gate.countDown();

        await().atMost(Duration.ofSeconds(90)).until(() ->
                service.list(Caller.instructor()).stream().allMatch(run -> run.state().isFinal()));

        List<RunSnapshot> runs = service.list(Caller.instructor());
        assertThat(runs).hasSize(90).allMatch(run -> run.state() == RunState.SUCCEEDED);
        assertThat(runs).extracting(RunSnapshot::id).containsExactlyInAnyOrderElementsOf(runIds);
        for (int s = 0; s < 30; s++) {
            for (int r = 0; r < 3; r++) {
                assertThat(trainer.calls(s * 10L + r)).as("trainings of seed %d", s * 10 + r).isEqualTo(1);
            }
        }
        List<String> startOrder = runs.stream().sorted(Comparator.comparing(RunSnapshot::startedAt))
                .map(RunSnapshot::sessionId).toList();
        for (int round = 0; round < 3; round++) {
            assertThat(new HashSet<>(startOrder.subList(round * 30, round * 30 + 30)))
                    .as("sessions served in round %d", round + 1).hasSize(30);
        }
        assertThat(trainer.maxConcurrent()).isLessThanOrEqualTo(2);
        assertThat(trainer.threadNames()).isNotEmpty().hasSizeLessThanOrEqualTo(2)
                .allMatch(name -> name.startsWith("cifar-lab-worker-"));
    }

    @Test
    void aFifthSubmissionIsRefusedWithAClearMessageAndOtherSessionsAreUnaffected() {
        RunService service = service(2);
        CountDownLatch gate = new CountDownLatch(1);
        trainer.defaultScript(training -> training.after(gate));
        Caller greedy = Caller.student(TestSessions.join(sessions, "Greedy"));
        Caller other = Caller.student(TestSessions.join(sessions, "Other"));
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            accepted.add(service.submit(greedy, spec(i)).id());
        }
        await().atMost(BOUND).until(() -> service.quota(greedy).running() == 1);

        assertThatThrownBy(() -> service.submit(greedy, spec(99)))
                .isInstanceOf(QueueFullException.class)
                .hasMessage("You already have 1 run training and 3 waiting; cancel one or wait for one to finish.");
        assertThat(service.list(greedy)).hasSize(4);

        RunSnapshot othersRun = service.submit(other, spec(50));
        awaitState(service, other, othersRun.id(), RunState.RUNNING);
        gate.countDown();
        accepted.forEach(id -> awaitState(service, greedy, id, RunState.SUCCEEDED));
    }

    @Test
    void aThrowingADivergingAndASlowRunEachFailWithTheirReasonAndTheNextStartsWithinASecond() {
        RunService service = service(properties(runsDir, 1, 1, 3, Duration.ofMillis(300)), Clock.systemUTC());
        trainer.script(1, training -> {
            throw new IllegalStateException("boom");
        });
        trainer.script(2, training -> {
            throw new TrainingFailedException("The loss became NaN in epoch 3: the network diverged; try a smaller learning rate.");
        });
        trainer.script(3, training -> training.untilCancelled(new AtomicInteger(), 10));
        Caller student = Caller.student(TestSessions.join(sessions, "Unlucky"));
        List<String> ids = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            ids.add(service.submit(student, spec(seed)).id());
        }

        RunSnapshot last = awaitState(service, student, ids.get(3), RunState.SUCCEEDED);
        List<RunSnapshot> failed = ids.subList(0, 3).stream().map(id -> service.get(student, id)).toList();

        assertThat(failed).allMatch(run -> run.state() == RunState.FAILED);
        assertThat(failed.get(0).reason()).isEqualTo(RunService.UNEXPECTED_ERROR);
        assertThat(failed.get(1).reason()).startsWith("The loss became NaN in epoch 3");
        assertThat(failed.get(2).reason()).isEqualTo("The run took longer than the time limit of 300 ms and was stopped.");
        List<RunSnapshot> inOrder = new ArrayList<>(failed);
        inOrder.add(last);
        for (int i = 0; i < 3; i++) {
            assertThat(Duration.between(inOrder.get(i).endedAt(), inOrder.get(i + 1).startedAt()))
                    .isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void bothWorkersAreStillAliveAfterTwentyFailuresInARow() {
        RunService service = service(2);
        trainer.defaultScript(training -> {
            throw new TrainingFailedException("The loss became NaN.");
        });
        List<Caller> students = new ArrayList<>();
        for (int s = 0; s < 5; s++) {
            students.add(Caller.student(TestSessions.join(sessions, "Student " + s)));
            for (int r = 0; r < 4; r++) {
                service.submit(students.get(s), spec(s * 10L + r));
            }
        }
        await().atMost(BOUND).until(() -> service.list(Caller.instructor()).stream()
                .filter(run -> run.state() == RunState.FAILED).count() == 20);

        CountDownLatch gate = new CountDownLatch(1);
        trainer.script(100, training -> training.after(gate)).script(101, training -> training.after(gate));
        String first = service.submit(students.get(0), spec(100)).id();
        String second = service.submit(students.get(1), spec(101)).id();
        awaitState(service, Caller.instructor(), first, RunState.RUNNING);
        awaitState(service, Caller.instructor(), second, RunState.RUNNING);
        assertThat(trainer.concurrent()).isEqualTo(2);
        gate.countDown();
        awaitState(service, Caller.instructor(), first, RunState.SUCCEEDED);
        awaitState(service, Caller.instructor(), second, RunState.SUCCEEDED);
    }

    @Test
    void anOutOfMemoryErrorFailsOnlyThatRun() {
        RunService service = service(1);
        trainer.script(1, training -> {
            throw new OutOfMemoryError("Java heap space");
        });
        Caller student = Caller.student(TestSessions.join(sessions, "Big model"));
        String big = service.submit(student, spec(1)).id();
        String next = service.submit(student, spec(2)).id();

        awaitState(service, student, next, RunState.SUCCEEDED);
        assertThat(service.get(student, big).reason()).as("a small run is not to blame")
                .isEqualTo(RunService.SERVER_OUT_OF_MEMORY);
    }

    @Test
    void aRunThatNeedsMuchOfTheHeapIsToldToUseASmallerBatch() {
        readings.heapMax = 64_000_000;
        readings.heapLive = 10_000_000;
        RunService service = service(1, readings);
        trainer.script(1, training -> {
            throw new OutOfMemoryError("Java heap space");
        });
        Caller student = Caller.student(TestSessions.join(sessions, "Big model"));
        String big = service.submit(student, spec(1).withBatchSize(512)).id();

        assertThat(awaitState(service, student, big, RunState.FAILED).reason()).isEqualTo(RunService.OUT_OF_MEMORY);
    }

    @Test
    void whileTheHeapIsCriticallyFullNewRunsAreRefusedAndNoneFails() {
        RunService service = service(1, readings);
        Caller student = Caller.student(TestSessions.join(sessions, "Ada"));
        readings.heapLive = (long) (readings.heapMax * 0.95);

        assertThatThrownBy(() -> service.submit(student, spec(1)))
                .isInstanceOf(LowMemoryException.class)
                .hasMessage("The server is short of memory right now, so it takes no new runs; try again in a minute.");
        assertThat(service.list(student)).isEmpty();

        readings.heapLive = readings.heapMax / 2;
        awaitState(service, student, service.submit(student, spec(1)).id(), RunState.SUCCEEDED);
    }

    @Test
    void aRunIsRefusedWhenTheDiskHasNoRoomForItsModelAndLeavesNothingBehind() throws IOException {
        RunService service = service(1, readings);
        Caller student = Caller.student(TestSessions.join(sessions, "Ada"));
        readings.usableDisk = 5_000_000;

        assertThatThrownBy(() -> service.submit(student, spec(1)))
                .isInstanceOf(DiskFullException.class)
                .hasMessageStartingWith("The server's disk is full: it has 5 MB free in its runs folder, and a run needs about ")
                .hasMessageEndingWith(" The run was not queued; tell the instructor.");
        assertThat(service.list(student)).isEmpty();
        try (var folders = Files.list(runsDir)) {
            assertThat(folders).as("no run folder").allMatch(path -> path.getFileName().toString().equals(".sessions"));
        }
    }

    @Test
    void aRunsFolderThatCannotBeWrittenRefusesTheRunWithOneLogLineAndNoEmptyFolder(CapturedOutput output)
            throws IOException {
        // A folder below a file cannot be made, not even by root (CI runs as root, which ignores read-only bits).
        Path file = Files.writeString(runsDir.resolve("not-a-folder"), "x");
        RunService service = service(properties(file.resolve("runs"), 1), Clock.systemUTC());
        Caller student = Caller.student(TestSessions.join(sessions, "Ada"));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> service.submit(student, spec(1)))
                    .isInstanceOf(DiskFullException.class)
                    .hasMessage("The server's disk is full: its runs folder cannot be written. The run was not"
                            + " queued; tell the instructor.");
        }

        assertThat(service.list(student)).isEmpty();
        assertThat(output.getAll()).contains("was not queued").doesNotContain("\tat com.cifarlab");
    }

    @Test
    void aRealFullFileSystemRefusesTheRunAndLeavesNothingBehind() throws Exception {
        Path small = Files.createDirectories(runsDir.resolve("small-fs"));
        assumeTrue(SmallFileSystem.mount(small, "64k"), "mounting a 64 kB tmpfs needs root");
        try {
            RunService service = service(properties(small, 1), Clock.systemUTC());
            Caller student = Caller.student(TestSessions.join(sessions, "Ada"));

            assertThatThrownBy(() -> service.submit(student, spec(1)))
                    .isInstanceOf(DiskFullException.class)
                    .hasMessageStartingWith("The server's disk is full: it has 0 MB free in its runs folder");
            try (var folders = Files.list(small)) {
                assertThat(folders).isEmpty();
            }
        } finally {
            started.forEach(RunService::stop);
            started.clear();
            SmallFileSystem.unmount(small);
        }
    }

    @Test
    void aRunWhoseDiskFilledUpWhileItWaitedFailsBeforeItStartsSayingWhy() {
        RunService service = service(1, readings);
        Caller student = Caller.student(TestSessions.join(sessions, "Ada"));
        CountDownLatch gate = new CountDownLatch(1);
        trainer.script(1, training -> training.after(gate));
        String first = service.submit(student, spec(1)).id();
        String second = service.submit(student, spec(2)).id();
        awaitState(service, student, first, RunState.RUNNING);

        readings.usableDisk = 1_000;
        gate.countDown();

        assertThat(awaitState(service, student, second, RunState.FAILED).reason()).isEqualTo("The server's disk had no"
                + " room for this run's model when it was to start; queue it again once the instructor has freed space.");
    }

    @Test
    void cancellingARunningRunTakesEffectWithinOneBatch() {
        RunService service = service(1);
        AtomicInteger batches = new AtomicInteger();
        trainer.script(1, training -> training.untilCancelled(batches, 20));
        Caller student = Caller.student(TestSessions.join(sessions, "Impatient"));
        String id = service.submit(student, spec(1)).id();
        await().atMost(BOUND).until(() -> batches.get() >= 3);

        service.cancel(student, id);
        int batchesAtCancel = batches.get();
        RunSnapshot cancelled = awaitState(service, student, id, RunState.CANCELLED);

        assertThat(batches.get() - batchesAtCancel).isLessThanOrEqualTo(1);
        assertThat(cancelled.reason()).isEqualTo("cancelled by the student");
        assertThat(cancelled.modelAvailable()).isFalse();
    }

    @Test
    void cancellingAWaitingRunTakesItOutOfTheQueueAndAFinishedRunCannotBeCancelled() {
        RunService service = service(1);
        CountDownLatch gate = new CountDownLatch(1);
        trainer.script(1, training -> training.after(gate));
        Caller student = Caller.student(TestSessions.join(sessions, "Student"));
        String running = service.submit(student, spec(1)).id();
        String waiting = service.submit(student, spec(2)).id();
        awaitState(service, student, running, RunState.RUNNING);

        RunSnapshot cancelled = service.cancel(Caller.instructor(), waiting);
        gate.countDown();
        awaitState(service, student, running, RunState.SUCCEEDED);

        assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
        assertThat(cancelled.reason()).isEqualTo("cancelled by the instructor");
        assertThat(trainer.calls(2)).isZero();
        assertThatThrownBy(() -> service.cancel(student, running))
                .isInstanceOf(RunStateException.class).hasMessageContaining("already ended (SUCCEEDED)");
    }

    @Test
    void whenASessionEndsItsWaitingRunsAreCancelledAndItsRunningRunFinishes() {
        RunService service = service(1);
        CountDownLatch gate = new CountDownLatch(1);
        trainer.script(1, training -> training.after(gate));
        LabSession session = TestSessions.join(sessions, "Leaving");
        Caller student = Caller.student(session);
        String running = service.submit(student, spec(1)).id();
        String waiting1 = service.submit(student, spec(2)).id();
        String waiting2 = service.submit(student, spec(3)).id();
        awaitState(service, student, running, RunState.RUNNING);

        sessions.leave(session.id());

        for (String id : List.of(waiting1, waiting2)) {
            RunSnapshot run = awaitState(service, student, id, RunState.CANCELLED);
            assertThat(run.state()).isEqualTo(RunState.CANCELLED);
            assertThat(run.reason()).isEqualTo("session ended");
        }
        assertThat(service.get(student, running).state()).isEqualTo(RunState.RUNNING);
        gate.countDown();
        awaitState(service, student, running, RunState.SUCCEEDED);
        assertThatThrownBy(() -> service.submit(student, spec(4))).isInstanceOf(SessionEndedException.class);
    }

    @Test
    void aStudentCanNeitherSeeNorDownloadNorCancelAnotherSessionsRunButTheInstructorCan() throws Exception {
        RunService service = service(1);
        Caller alice = Caller.student(TestSessions.join(sessions, "Alice"));
        Caller bob = Caller.student(TestSessions.join(sessions, "Bob"));
        String alicesRun = service.submit(alice, spec(1)).id();
        awaitState(service, alice, alicesRun, RunState.SUCCEEDED);

        assertThatThrownBy(() -> service.get(bob, alicesRun)).isInstanceOf(RunNotFoundException.class);
        assertThatThrownBy(() -> service.model(bob, alicesRun)).isInstanceOf(RunNotFoundException.class);
        assertThatThrownBy(() -> service.cancel(bob, alicesRun)).isInstanceOf(RunNotFoundException.class);
        assertThatThrownBy(() -> service.rerun(bob, alicesRun)).isInstanceOf(RunNotFoundException.class);
        assertThatThrownBy(() -> service.addRunListener(bob, alicesRun, event -> { }))
                .isInstanceOf(RunNotFoundException.class);
        assertThat(service.list(bob)).isEmpty();

        assertThat(service.list(Caller.instructor())).extracting(RunSnapshot::id).containsExactly(alicesRun);
        ModelDownload download = service.model(Caller.instructor(), alicesRun);
        assertThat(FakeTrainer.load(download.file())).isEqualTo("seed=1");
        assertThat(download.fileName()).isEqualTo("cifar-lab-" + alicesRun + "-lab_mlp.zip");
        assertThat(FakeTrainer.load(service.model(alice, alicesRun).file())).isEqualTo("seed=1");
    }

    @Test
    void theInstructorCannotSubmitRuns() {
        RunService service = service(1);
        assertThatThrownBy(() -> service.submit(Caller.instructor(), spec(1)))
                .isInstanceOf(SessionRequiredException.class);
    }

    @Test
    void aRerunOfASucceededRunIsItsIdenticalResultAtOnceWithoutTrainingAgain() throws Exception {
        RunService service = service(1);
        Caller student = Caller.student(TestSessions.join(sessions, "Student"));
        String first = service.submit(student, spec(7)).id();
        RunSnapshot done = awaitState(service, student, first, RunState.SUCCEEDED);

        RunSnapshot again = service.rerun(student, first);

        assertThat(again.id()).isNotEqualTo(first);
        assertThat(again.state()).as("ready at once").isEqualTo(RunState.SUCCEEDED);
        assertThat(again.shared()).isEqualTo(new SharedResult(first, true));
        assertThat(again.computedAt()).isEqualTo(done.endedAt());
        assertThat(again.epochs()).isEqualTo(done.epochs());
        assertThat(again.test()).isEqualTo(done.test());
        assertThat(FakeTrainer.load(service.model(student, again.id()).file())).isEqualTo("seed=7");
        assertThat(trainer.calls(7)).isEqualTo(1);
        assertThat(service.submit(student, spec(8)).shared()).as("another seed trains a run of its own").isNull();
    }

    @Test
    void thirtyStudentsSubmittingOneRunShareOneComputationAndEachHearsEveryEpochOfTheirOwnRun() {
        RunService service = service(1);
        Semaphore epochs = new Semaphore(0);
        trainer.script(11, training -> training.succeedEpochByEpoch(epochs));
        List<Caller> students = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Map<String, List<RunEvent>> heard = new ConcurrentHashMap<>();
        for (int s = 0; s < 30; s++) {
            Caller student = Caller.student(TestSessions.join(sessions, "Student " + s));
            students.add(student);
            service.addListener(student, event -> {
                if (event instanceof RunEvent.EpochCompleted epoch) {
                    heard.computeIfAbsent(epoch.runId(), id -> new CopyOnWriteArrayList<>()).add(event);
                }
            });
            ids.add(service.submit(student, spec(11)).id());
            if (s == 0) {
                awaitState(service, student, ids.get(0), RunState.RUNNING);
            }
        }
        epochs.release(1);
        await().atMost(BOUND).until(() -> heard.size() == 30);
        Caller late = Caller.student(TestSessions.join(sessions, "Late"));
        RunSnapshot joined = service.submit(late, spec(11));
        assertThat(joined.state()).as("a computation that trains: the curves so far").isEqualTo(RunState.RUNNING);
        assertThat(joined.epochs()).hasSize(1);
        ids.add(joined.id());
        students.add(late);

        epochs.release(1);

        for (int s = 0; s < students.size(); s++) {
            RunSnapshot run = awaitState(service, students.get(s), ids.get(s), RunState.SUCCEEDED);
            assertThat(run.epochs()).hasSize(2);
            assertThat(run.computedFor()).isEqualTo(31);
            assertThat(run.shared()).isEqualTo(s == 0 ? null : new SharedResult(ids.get(0), false));
            assertThat(run.modelAvailable()).isTrue();
        }
        assertThat(heard.values()).allMatch(events -> events.size() == 2 || events.size() == 1);
        assertThat(heard.get(ids.get(5))).hasSize(2);
        assertThat(trainer.calls(11)).isEqualTo(1);
    }

    @Test
    void aStudentWhoCancelsLeavesTheComputationWhichStopsOnlyWhenNobodyWaitsForIt() {
        RunService service = service(1);
        CountDownLatch never = new CountDownLatch(1);
        trainer.script(12, training -> training.firstBatchThen(never));
        Caller first = Caller.student(TestSessions.join(sessions, "First"));
        Caller second = Caller.student(TestSessions.join(sessions, "Second"));
        String firstRun = service.submit(first, spec(12)).id();
        awaitState(service, first, firstRun, RunState.RUNNING);
        String secondRun = service.submit(second, spec(12)).id();

        RunSnapshot cancelled = service.cancel(first, firstRun);

        assertThat(cancelled.state()).isEqualTo(RunState.CANCELLED);
        assertThat(service.get(second, secondRun).state()).isEqualTo(RunState.RUNNING);
        assertThat(service.quota(first).running()).as("the one who left is free to train again").isZero();
        assertThat(service.quota(second).running()).isEqualTo(1);

        service.cancel(second, secondRun);

        awaitState(service, second, secondRun, RunState.CANCELLED);
        String next = service.submit(first, spec(99)).id();
        awaitState(service, first, next, RunState.SUCCEEDED);
    }

    @Test
    void aWaitingSharedRunWhoseFirstStudentLeavesWaitsInTheQueueOfTheNextOne() {
        RunService service = service(1);
        CountDownLatch gate = new CountDownLatch(1);
        trainer.script(13, training -> training.after(gate));
        Caller blocker = Caller.student(TestSessions.join(sessions, "Blocker"));
        String blocking = service.submit(blocker, spec(13)).id();
        awaitState(service, blocker, blocking, RunState.RUNNING);
        Caller first = Caller.student(TestSessions.join(sessions, "First"));
        Caller second = Caller.student(TestSessions.join(sessions, "Second"));
        String firstRun = service.submit(first, spec(14)).id();
        String secondRun = service.submit(second, spec(14)).id();

        sessions.leave(sessions.find(((Caller.Student) first).sessionId()).orElseThrow().id());

        awaitState(service, first, firstRun, RunState.CANCELLED);
        assertThat(service.get(second, secondRun).state()).isEqualTo(RunState.QUEUED);
        assertThat(service.get(second, secondRun).queuePosition()).isZero();
        gate.countDown();
        awaitState(service, second, secondRun, RunState.SUCCEEDED);
        assertThat(trainer.calls(14)).isEqualTo(1);
    }

    @Test
    void theEstimateBeforeLaunchSaysWhetherTheRunIsReadyJoinsAnIdenticalOneOrWaitsBehindOthers() {
        RunService service = service(1);
        CountDownLatch gate = new CountDownLatch(1);
        trainer.script(20, training -> training.firstBatchThen(gate));
        Caller ada = Caller.student(TestSessions.join(sessions, "Ada"));
        Caller bob = Caller.student(TestSessions.join(sessions, "Bob"));
        String training = service.submit(ada, spec(20)).id();
        awaitState(service, ada, training, RunState.RUNNING);

        RunService.LaunchEstimate joins = service.estimate(bob, spec(20));
        RunService.LaunchEstimate own = service.estimate(bob, spec(21));
        service.submit(ada, spec(21));
        RunService.LaunchEstimate joinsWaiting = service.estimate(bob, spec(21));
        RunService.LaunchEstimate behindTwo = service.estimate(ada, spec(22));

        assertThat(joins.kind()).isEqualTo(RunService.LaunchEstimate.Kind.JOINS);
        assertThat(joins.startsIn()).isZero();
        assertThat(joins.training()).isPositive();
        assertThat(own.kind()).isEqualTo(RunService.LaunchEstimate.Kind.OWN);
        assertThat(own.runsAhead()).isZero();
        assertThat(own.startsIn()).as("after the training run's time left").isPositive();
        assertThat(joinsWaiting.kind()).isEqualTo(RunService.LaunchEstimate.Kind.JOINS);
        assertThat(joinsWaiting.startsIn()).isPositive();
        assertThat(behindTwo.runsAhead()).isEqualTo(1);
        assertThat(behindTwo.startsIn()).isGreaterThan(own.startsIn());

        gate.countDown();
        RunSnapshot done = awaitState(service, ada, training, RunState.SUCCEEDED);
        RunService.LaunchEstimate ready = service.estimate(bob, spec(20));
        assertThat(ready.kind()).isEqualTo(RunService.LaunchEstimate.Kind.READY);
        assertThat(ready.computedAt()).isEqualTo(done.endedAt());
    }

    @Test
    void aComputationThatSucceededBeforeARestartServesIdenticalRunsAfterIt() {
        RunService before = service(1);
        Caller student = Caller.student(TestSessions.join(sessions, "Student"));
        String first = before.submit(student, spec(15)).id();
        awaitState(before, student, first, RunState.SUCCEEDED);
        before.stop();

        RunService after = service(1);

        RunSnapshot again = after.submit(student, spec(15));
        assertThat(again.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(again.shared()).isEqualTo(new SharedResult(first, true));
        assertThat(trainer.calls(15)).isEqualTo(1);
    }

    @Test
    void aSucceededRunHasItsCurvesTestReportBestEpochAndModel() throws Exception {
        RunService service = service(1);
        Caller student = Caller.student(TestSessions.join(sessions, "Student"));
        String id = service.submit(student, spec(3)).id();

        RunSnapshot done = awaitState(service, student, id, RunState.SUCCEEDED);

        assertThat(done.epochs()).hasSize(2);
        assertThat(done.bestEpoch()).isEqualTo(2);
        assertThat(done.bestValidationAccuracy()).isEqualTo(0.21);
        assertThat(done.test().accuracy()).isEqualTo(0.3);
        assertThat(done.history()).extracting(StateChange::state)
                .containsExactly(RunState.QUEUED, RunState.RUNNING, RunState.SUCCEEDED);
        assertThat(done.modelAvailable()).isTrue();
        assertThat(done.progress()).isNull();
        assertThat(FakeTrainer.load(runsDir.resolve(id).resolve("model.zip"))).isEqualTo("seed=3");
        // Written off the service's lock, shortly after the run ended.
        await().atMost(BOUND).untilAsserted(() -> assertThat(Files.readString(runsDir.resolve(id).resolve("run.json")))
                .contains("\"SUCCEEDED\"", "\"Student\""));
    }

    @Test
    void aModelThatCannotBeWrittenFailsTheRunAndLeavesNoModelBehind() {
        RunService service = service(1);
        trainer.script(1, training -> {
            TrainingResult result = training.succeed();
            return new TrainingResult(result.spec(), result.epochs(), result.bestEpoch(),
                    result.test(), FakeTrainer.brokenModel());
        });
        Caller student = Caller.student(TestSessions.join(sessions, "Student"));
        String id = service.submit(student, spec(1)).id();

        RunSnapshot failed = awaitState(service, student, id, RunState.FAILED);

        assertThat(failed.reason()).isEqualTo(RunService.MODEL_NOT_SAVED);
        assertThat(failed.modelAvailable()).isFalse();
        assertThat(runsDir.resolve(id)).isDirectoryNotContaining("glob:**/model.zip*");
        assertThatThrownBy(() -> service.model(student, id)).isInstanceOf(RunStateException.class);
    }

    @Test
    void stoppingTheServiceRecordsRunningAndWaitingRunsAsInterrupted() {
        RunService service = service(1);
        trainer.script(1, training -> training.untilCancelled(new AtomicInteger(), 10));
        Caller student = Caller.student(TestSessions.join(sessions, "Student"));
        String running = service.submit(student, spec(1)).id();
        String waiting = service.submit(student, spec(2)).id();
        awaitState(service, student, running, RunState.RUNNING);

        service.stop();

        for (String id : List.of(running, waiting)) {
            RunSnapshot run = service.get(student, id);
            assertThat(run.state()).isEqualTo(RunState.INTERRUPTED);
            assertThat(run.reason()).isEqualTo("the server stopped");
        }
        assertThatThrownBy(() -> service.submit(student, spec(3))).isInstanceOf(ShuttingDownException.class);
        RunService restarted = service(1);
        assertThat(restarted.list(student)).extracting(RunSnapshot::state)
                .containsExactly(RunState.INTERRUPTED, RunState.INTERRUPTED);
    }

    @Test
    void renamingASessionRenamesItsRuns() {
        RunService service = service(1);
        LabSession session = TestSessions.join(sessions, "Anon");
        String id = service.submit(Caller.student(session), spec(1)).id();

        sessions.rename(session.id(), "Ada");

        // Session events reach the run service asynchronously, as they reach every listener.
        await().atMost(BOUND).untilAsserted(() ->
                assertThat(service.get(Caller.instructor(), id).sessionName()).isEqualTo("Ada"));
    }

    @Test
    void listenersHearStateChangesProgressAndEpochsOfTheirOwnSessionOnly() {
        RunService service = service(1);
        Caller alice = Caller.student(TestSessions.join(sessions, "Alice"));
        Caller bob = Caller.student(TestSessions.join(sessions, "Bob"));
        List<RunEvent> alicesEvents = new CopyOnWriteArrayList<>();
        List<RunEvent> bobsEvents = new CopyOnWriteArrayList<>();
        List<RunEvent> instructorsEvents = new CopyOnWriteArrayList<>();
        service.addListener(alice, alicesEvents::add);
        service.addListener(bob, bobsEvents::add);
        service.addListener(Caller.instructor(), instructorsEvents::add);

        String id = service.submit(alice, spec(1)).id();
        awaitState(service, alice, id, RunState.SUCCEEDED);

        await().atMost(BOUND).until(() -> states(alicesEvents).contains(RunState.SUCCEEDED));
        assertThat(states(alicesEvents)).containsExactly(RunState.QUEUED, RunState.RUNNING, RunState.SUCCEEDED);
        assertThat(alicesEvents).filteredOn(RunEvent.EpochCompleted.class::isInstance).hasSize(2);
        assertThat(alicesEvents).anyMatch(RunEvent.Progress.class::isInstance);
        await().atMost(BOUND).until(() -> states(instructorsEvents).contains(RunState.SUCCEEDED));
        assertThat(alicesEvents).as("while her run waited").anyMatch(RunEvent.QueueChanged.class::isInstance);
        // Bob has no run waiting: the queue moving is not his news, nor is anything of Alice's.
        assertThat(bobsEvents).isEmpty();
        assertThat(instructorsEvents).anyMatch(RunEvent.QueueChanged.class::isInstance);
    }

    @Test
    void queueNewsGoesOnlyToTheSessionsWithAWaitingRun() {
        CountDownLatch gate = new CountDownLatch(1);
        trainer.script(31, training -> training.after(gate));
        RunService service = service(1);
        Caller training = Caller.student(TestSessions.join(sessions, "Training"));
        Caller waiting = Caller.student(TestSessions.join(sessions, "Waiting"));
        Caller idle = Caller.student(TestSessions.join(sessions, "Idle"));
        String first = service.submit(training, spec(31)).id();
        awaitState(service, training, first, RunState.RUNNING);
        List<RunEvent.QueueChanged> heardByWaiting = new CopyOnWriteArrayList<>();
        List<RunEvent> heardByOthers = new CopyOnWriteArrayList<>();
        service.addListener(waiting, event -> {
            if (event instanceof RunEvent.QueueChanged news) {
                heardByWaiting.add(news);
            }
        });
        service.addListener(idle, heardByOthers::add);
        service.addListener(training, event -> {
            if (event instanceof RunEvent.QueueChanged) {
                heardByOthers.add(event);
            }
        });

        String second = service.submit(waiting, spec(32)).id();
        await().atMost(BOUND).until(() -> !heardByWaiting.isEmpty());
        gate.countDown();
        awaitState(service, waiting, second, RunState.SUCCEEDED);

        assertThat(heardByWaiting.get(0).waitingSessions()).containsExactly(((Caller.Student) waiting).sessionId());
        assertThat(heardByOthers).as("the idle student hears nothing, the training one no queue news").isEmpty();
    }

    @Test
    void aSlowOrFailingListenerNeitherSlowsNorBreaksARun() {
        RunService service = service(1);
        CountDownLatch listenerBlocked = new CountDownLatch(1);
        Caller student = Caller.student(TestSessions.join(sessions, "Student"));
        service.addListener(Caller.instructor(), event -> {
            try {
                listenerBlocked.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        service.addListener(student, event -> {
            throw new IllegalStateException("a broken view");
        });
        List<RunEvent> heard = new CopyOnWriteArrayList<>();
        ListenerRegistration registration = service.addListener(student, heard::add);

        String first = service.submit(student, spec(1)).id();
        String second = service.submit(student, spec(2)).id();

        awaitState(service, student, first, RunState.SUCCEEDED);
        awaitState(service, student, second, RunState.SUCCEEDED);
        await().atMost(BOUND).until(() -> states(heard).stream().filter(RunState.SUCCEEDED::equals).count() == 2);
        registration.remove();
        listenerBlocked.countDown();
        String third = service.submit(student, spec(3)).id();
        awaitState(service, student, third, RunState.SUCCEEDED);
        assertThat(heard).noneMatch(event -> event.concerns(third) && !(event instanceof RunEvent.QueueChanged));
    }

    @Test
    void aWaitingRunKnowsItsPositionAndEstimatedStart() {
        RunService service = service(1);
        CountDownLatch gate = new CountDownLatch(1);
        trainer.defaultScript(training -> training.after(gate));
        Caller alice = Caller.student(TestSessions.join(sessions, "Alice"));
        Caller bob = Caller.student(TestSessions.join(sessions, "Bob"));
        String running = service.submit(alice, spec(1)).id();
        awaitState(service, alice, running, RunState.RUNNING);
        String alicesSecond = service.submit(alice, spec(2)).id();
        String bobsFirst = service.submit(bob, spec(3)).id();

        RunSnapshot alices = service.get(alice, alicesSecond);
        RunSnapshot bobs = service.get(bob, bobsFirst);

        assertThat(bobs.queuePosition()).isZero();
        assertThat(alices.queuePosition()).isEqualTo(1);
        assertThat(bobs.estimatedStart()).isAfter(service.get(alice, running).startedAt());
        assertThat(alices.estimatedStart()).isAfter(bobs.estimatedStart());
        assertThat(service.get(alice, running).queuePosition()).isNull();
        gate.countDown();
        awaitState(service, alice, alicesSecond, RunState.SUCCEEDED);
    }

    @Test
    void runsWaitingBehindAStudentsCnnArePromisedStartsOneAfterAnotherFromTheCnnsEnd() {
        RunService service = service(2);
        CountDownLatch gate = new CountDownLatch(1);
        trainer.defaultScript(training -> training.after(gate));
        Caller ada = Caller.student(TestSessions.join(sessions, "Ada"));
        String cnn = service.submit(ada, spec(40).withModel(ModelSpec.smallCnn()).withEpochs(3).withTrainSize(1000)).id();
        awaitState(service, ada, cnn, RunState.RUNNING);
        List<String> behind = List.of(service.submit(ada, spec(41)).id(), service.submit(ada, spec(42)).id(),
                service.submit(ada, spec(43)).id());

        Instant now = Instant.now();
        List<Instant> starts = behind.stream().map(id -> service.get(ada, id).estimatedStart()).toList();

        // The CNN (3 epochs of about 9 s, then a 7 s test pass) holds Ada's one training place, although a
        // worker is free: the first waits about 35 s, and each next one a run of about 2 s more.
        assertThat(Duration.between(now, starts.get(0))).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(36));
        assertThat(Duration.between(starts.get(0), starts.get(1))).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(Duration.between(starts.get(1), starts.get(2))).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
        gate.countDown();
    }

    @Test
    void aRunningRunSaysItsPhaseWithTheTimeLeftAndACancelShowsAtOnceUntilTheTrainerStops() {
        RunService service = service(1);
        CountDownLatch validation = new CountDownLatch(1);
        trainer.script(50, training -> training.validatingUntil(validation));
        Caller ada = Caller.student(TestSessions.join(sessions, "Ada"));
        List<RunProgress> heard = new CopyOnWriteArrayList<>();
        service.addListener(ada, event -> {
            if (event instanceof RunEvent.Progress progress) {
                heard.add(progress.progress());
            }
        });
        String id = service.submit(ada, spec(50)).id();
        await().atMost(BOUND).until(() -> service.get(ada, id).progress() != null
                && service.get(ada, id).progress().phase() == TrainingPhase.VALIDATING);

        RunProgress validating = service.get(ada, id).progress();
        assertThat(validating.epoch()).isEqualTo(1);
        assertThat(validating.timeLeft()).as("the rest of this validation, epoch 2, and the test pass").isPositive();
        assertThat(heard).extracting(RunProgress::phase).contains(TrainingPhase.TRAINING, TrainingPhase.VALIDATING);

        RunSnapshot cancelled = service.cancel(ada, id);

        assertThat(cancelled.state()).as("the trainer has not stopped yet").isEqualTo(RunState.RUNNING);
        assertThat(cancelled.progress().cancelling()).isTrue();
        await().atMost(BOUND).until(() -> heard.get(heard.size() - 1).cancelling());
        validation.countDown();
        awaitState(service, ada, id, RunState.CANCELLED);
    }

    private static List<RunState> states(List<RunEvent> events) {
        return events.stream().filter(RunEvent.StateChanged.class::isInstance)
                .map(event -> ((RunEvent.StateChanged) event).run().state()).collect(Collectors.toList());
    }

    @Test
    void aRunPastACapOfTheClassIsRefusedNamingTheCapAndNothingIsQueued() {
        RunSize small = new RunSize(2, 500);
        ClassSettings capped = new ClassSettings(small, small, small, 5, 1000, Set.of(), 1, 3);
        RunService service = service(1, () -> capped);
        Caller ada = Caller.student(TestSessions.join(sessions, "Ada"));

        assertThatThrownBy(() -> service.submit(ada, spec(30).withEpochs(6)))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageStartingWith("This class allows at most 5 epochs per run (the instructor's cap)");
        assertThatThrownBy(() -> service.submit(ada, spec(30).withModel(ModelSpec.smallCnn())))
                .hasMessageContaining("has not opened the Small CNN");

        assertThat(service.list(ada)).isEmpty();
        assertThat(service.submit(ada, spec(30).withEpochs(5)).state()).isNotNull();
    }

    @Test
    void limitsTheInstructorChangesDuringTheLabHoldFromTheNextSubmission() {
        RunSize small = new RunSize(2, 500);
        AtomicReference<ClassSettings> settings = new AtomicReference<>(
                new ClassSettings(small, small, small, 50, 40_000, Set.of(), 1, 3));
        RunService service = service(1, settings::get);
        CountDownLatch gate = new CountDownLatch(1);
        trainer.defaultScript(training -> training.after(gate));
        Caller ada = Caller.student(TestSessions.join(sessions, "Ada"));
        service.submit(ada, spec(31));
        service.submit(ada, spec(32));

        settings.set(new ClassSettings(small, small, small, 50, 40_000, Set.of(), 1, 0));

        assertThatThrownBy(() -> service.submit(ada, spec(33))).isInstanceOf(QueueFullException.class);
        assertThat(service.quota(ada).maxWaiting()).isZero();
        gate.countDown();
    }

    @Test
    void preparingTheLabTrainsEachDistinctStandardRunOnceOnEveryWorkerAndTheStudentsRunsJoinIt() {
        RunService service = service(2);
        CountDownLatch gate = new CountDownLatch(1);
        trainer.defaultScript(training -> training.after(gate));
        List<TrainingSpec> standard = StandardRuns.of(2, 500).stream().flatMap(step -> step.runs().stream()).toList();
        String seat = sessions.preparationSeat().id();

        RunService.Prepared prepared = service.prepare(Caller.instructor(), seat, standard);

        assertThat(standard).hasSize(7);
        assertThat(prepared).isEqualTo(new RunService.Prepared(5, 5));
        await().atMost(BOUND).until(() -> service.list(Caller.instructor()).stream()
                .filter(run -> run.state() == RunState.RUNNING).count() == 2);
        assertThat(service.prepare(Caller.instructor(), seat, standard)).as("prepared twice: nothing more")
                .isEqualTo(new RunService.Prepared(0, 5));
        Caller ada = Caller.student(TestSessions.join(sessions, "Ada"));
        RunSnapshot step5 = service.submit(ada, standard.get(2));
        assertThat(step5.shared()).as("joins the prepared computation").isNotNull();

        gate.countDown();

        await().atMost(BOUND).until(() -> service.list(Caller.instructor()).stream()
                .allMatch(run -> run.state() == RunState.SUCCEEDED));
        assertThat(service.list(Caller.instructor())).hasSize(6);
        assertThat(trainer.calls(TrainingSpec.LAB_SEED)).isEqualTo(5);
        assertThat(service.submit(ada, standard.get(6)).state()).as("ready at once").isEqualTo(RunState.SUCCEEDED);
    }
}
