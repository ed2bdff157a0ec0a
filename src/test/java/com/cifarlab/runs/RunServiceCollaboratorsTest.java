package com.cifarlab.runs;

import static com.cifarlab.runs.TestRuns.properties;
import static com.cifarlab.runs.TestRuns.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.TestSessions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run service over substitutes of its collaborators: a repository in memory, a pool of the test's size. */
class RunServiceCollaboratorsTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    private final FakeTrainer trainer = new FakeTrainer();
    private InMemoryRunRepository repository;
    private LabSessionService sessions;
    private RunService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
    }

    private RunService start(int workers, Duration timeLimit) {
        CifarLabProperties properties = properties(folder, workers);
        LabSessionService sessions = TestSessions.service(folder, Clock.systemUTC());
        repository = new InMemoryRunRepository(folder);
        service = new RunService(trainer, sessions, Clock.systemUTC(),
                ServerResources.of(folder, properties.minFreeDisk().toBytes()), () -> ClassSettings.initial(1, 3),
                repository, new WorkerPool(workers, timeLimit), RunEventBus.create());
        service.start();
        this.sessions = sessions;
        return service;
    }

    private Caller student(String name) {
        return Caller.student(TestSessions.join(sessions, name));
    }

    @Test
    void aRunTrainsAndIsKeptInTheRepositoryItWasGiven() {
        RunService runs = start(1, Duration.ofHours(1));
        Caller ada = student("Ada");
        String id = runs.submit(ada, spec(1)).id();

        await().atMost(BOUND).until(() -> runs.get(ada, id).state() == RunState.SUCCEEDED);
        await().atMost(BOUND).until(() -> repository.stored(id).state() == RunState.SUCCEEDED);
        assertThat(runs.get(ada, id).modelAvailable()).isTrue();
        assertThat(runs.model(ada, id).file()).exists();
    }

    @Test
    void aSubmissionWaitingForASlowDiskHoldsUpNeitherThePagesNorAnotherStudentsQueue() throws Exception {
        RunService runs = start(1, Duration.ofHours(1));
        Caller ada = student("Ada");
        Caller bob = student("Bob");
        String first = runs.submit(ada, spec(1)).id();
        await().atMost(BOUND).until(() -> runs.get(ada, first).state() == RunState.SUCCEEDED);

        CountDownLatch disk = new CountDownLatch(1);
        repository.holdCreates(disk);
        CompletableFuture<RunSnapshot> slow = CompletableFuture.supplyAsync(() -> runs.submit(bob, spec(2)));
        assertThat(repository.awaitHeldCreate()).isTrue();

        // The service's lock is free while the record is written: reads and cancels go on.
        CompletableFuture<Integer> pages = CompletableFuture.supplyAsync(() -> runs.list(ada).size()
                + runs.list(Caller.instructor()).size() + (runs.get(ada, first).id().equals(first) ? 1 : 0));
        assertThat(pages.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(slow).isNotDone();

        disk.countDown();
        RunSnapshot queued = slow.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        await().atMost(BOUND).until(() -> runs.get(bob, queued.id()).state() == RunState.SUCCEEDED);
    }

    @Test
    void theOneTimeLimitOfThePoolStopsARunThatTrainsTooLong() {
        Semaphore never = new Semaphore(0);
        trainer.script(9, training -> training.succeedEpochByEpoch(never));
        RunService runs = start(1, Duration.ofMillis(200));
        Caller ada = student("Ada");
        String id = runs.submit(ada, spec(9)).id();

        RunSnapshot ended = await().atMost(BOUND).until(() -> runs.get(ada, id), run -> run.state().isFinal());
        assertThat(ended.state()).isEqualTo(RunState.FAILED);
        assertThat(ended.reason()).contains("time limit of 200 ms");
        assertThat(runs.status().liveWorkers()).isEqualTo(1);
    }
}
