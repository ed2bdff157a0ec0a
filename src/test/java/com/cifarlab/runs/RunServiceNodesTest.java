package com.cifarlab.runs;

import static com.cifarlab.runs.TestRuns.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.training.TrainerLostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training nodes in the worker pool, without the grid: their trainers are fakes in this JVM. */
class RunServiceNodesTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    @TempDir
    Path folder;

    private final FakeTrainer local = new FakeTrainer();
    private LabSessionService sessions;
    private RunService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    private RunService start(int localWorkers) {
        sessions = TestSessions.service(folder, Clock.systemUTC());
        service = new RunService(local, sessions, Clock.systemUTC(),
                ServerResources.of(folder, TestRuns.MIN_FREE_DISK.toBytes()), () -> ClassSettings.initial(1, 3),
                new InMemoryRunRepository(folder), new WorkerPool(localWorkers, Duration.ofHours(1)), RunEventBus.create());
        service.start();
        return service;
    }

    private Caller student(String name) {
        return Caller.student(TestSessions.join(sessions, name));
    }

    private static TrainingNode node(String name, int workers) {
        return new TrainingNode(name, "10.0.0.7:40000", workers, NOW);
    }

    @Test
    void withoutLocalTrainingARunWaitsUntilANodeJoinsAndThenTrainsThere() {
        RunService runs = start(0);
        Caller ada = student("Ada");
        String id = runs.submit(ada, spec(1)).id();

        assertThat(runs.workers()).isZero();
        assertThat(runs.estimate(ada, spec(2)).kind()).isEqualTo(RunService.LaunchEstimate.Kind.NO_MACHINE);
        await().during(Duration.ofMillis(200)).atMost(BOUND).until(() -> runs.get(ada, id).state() == RunState.QUEUED);

        FakeTrainer remote = new FakeTrainer();
        runs.addNode(node("lab-pc-1", 1), remote);

        await().atMost(BOUND).until(() -> runs.get(ada, id).state() == RunState.SUCCEEDED);
        assertThat(remote.calls(1)).isEqualTo(1);
        assertThat(local.calls(1)).isZero();
    }

    @Test
    void aNodesWorkersAndThisServersTakeRunsFromTheSameQueue() {
        CountDownLatch hold = new CountDownLatch(1);
        local.defaultScript(training -> training.after(hold));
        FakeTrainer remote = new FakeTrainer().defaultScript(training -> training.after(hold));
        RunService runs = start(1);
        runs.addNode(node("lab-pc-1", 2), remote);
        Caller ada = student("Ada");
        Caller bob = student("Bob");
        Caller cem = student("Cem");

        runs.submit(ada, spec(1));
        runs.submit(bob, spec(2));
        runs.submit(cem, spec(3));

        await().atMost(BOUND).until(() -> local.concurrent() + remote.concurrent() == 3);
        assertThat(local.concurrent()).isEqualTo(1);
        assertThat(runs.nodes(Caller.instructor())).extracting(NodeLoad::busy).containsExactly(1, 2);
        assertThat(runs.nodes(Caller.instructor())).extracting(load -> load.node().name())
                .containsExactly(WorkerPool.LOCAL, "lab-pc-1");
        hold.countDown();
    }

    @Test
    void aNodeThatLeftTakesNoFurtherRunAndTheHealthCheckDoesNotCountItsWorkers() {
        RunService runs = start(0);
        FakeTrainer remote = new FakeTrainer();
        NodeMembership membership = runs.addNode(node("lab-pc-1", 2), remote);
        assertThat(runs.workers()).isEqualTo(2);

        membership.leave();
        Caller ada = student("Ada");
        String id = runs.submit(ada, spec(1)).id();

        await().during(Duration.ofMillis(200)).atMost(BOUND).until(() -> runs.get(ada, id).state() == RunState.QUEUED);
        assertThat(remote.calls(1)).isZero();
        assertThat(runs.workers()).isZero();
        assertThat(runs.nodes(Caller.instructor())).isEmpty();
        assertThat(runs.status().workersAlive()).isTrue();
    }

    @Test
    void twoNodesCannotShareAName() {
        RunService runs = start(0);
        runs.addNode(node("lab-pc-1", 1), new FakeTrainer());

        assertThatThrownBy(() -> runs.addNode(node("lab-pc-1", 1), new FakeTrainer()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRunInterruptedByALostNodeIsQueuedAgainInOneStepAndTrainsOnAnotherMachine() {
        RunService runs = start(0);
        FakeTrainer lost = new FakeTrainer().defaultScript(training -> {
            throw new TrainerLostException("The training machine lab-pc-1 stopped during this run; queue it again.");
        });
        NodeMembership first = runs.addNode(node("lab-pc-1", 1), lost);
        Caller ada = student("Ada");
        String id = runs.submit(ada, spec(1)).id();
        await().atMost(BOUND).until(() -> runs.get(ada, id).state() == RunState.INTERRUPTED);
        first.leave();
        FakeTrainer healthy = new FakeTrainer();
        runs.addNode(node("lab-pc-2", 1), healthy);

        assertThat(runs.requeueInterrupted(ada).queued()).isEqualTo(1);

        await().atMost(BOUND).until(() -> healthy.calls(1) == 1);
        assertThat(runs.list(ada)).filteredOn(run -> run.state() == RunState.SUCCEEDED).hasSize(1);
    }
}
