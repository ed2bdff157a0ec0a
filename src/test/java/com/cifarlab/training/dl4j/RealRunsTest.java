package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.model.Activation;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.ModelDownload;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.testdata.CifarFixtures;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The run service driving the real DL4J engine on the fixture data set, for what a fake trainer
 * cannot show: that a cancel reaches a real training loop within one batch, and that the model a
 * succeeded run wrote loads and scores the same after the server restarted.
 */
class RealRunsTest {

    private static final Duration BOUND = Duration.ofMinutes(2);
    private static final TrainingSpec TINY = new TrainingSpec(
            ModelSpec.customMlp(List.of(new HiddenLayer(32, Activation.RELU, 0.2))), Optimizer.ADAM, 0.001,
            LossFunction.CATEGORICAL_CROSSENTROPY, 2, 32, 42, 500, 0);

    @TempDir
    static Path dataHome;

    private static Path dataDir;

    @TempDir
    Path runsDir;

    private final Clock clock = Clock.systemUTC();
    private final List<RunService> started = new ArrayList<>();
    private DatasetService datasets;

    @BeforeAll
    static void writeFixture() throws IOException {
        dataDir = dataHome.resolve("data");
        CifarFixtures.writeFolder(dataDir);
    }

    @AfterEach
    void stopServices() {
        started.forEach(RunService::stop);
    }

    private CifarLabProperties properties() {
        return new CifarLabProperties(dataDir, runsDir, "http://localhost/none", 1, 1, 3, Duration.ofHours(1),
                50_000_000L, DataSize.ofMegabytes(1), true, null);
    }

    private RunService service(Dl4jTrainer trainer, LabSessionService sessions) {
        RunService service = new RunService(properties(), trainer, sessions, clock);
        service.start();
        started.add(service);
        return service;
    }

    private DatasetService datasets() {
        if (datasets == null) {
            datasets = new DatasetService(properties());
        }
        return datasets;
    }

    @Test
    void aCancelledRealRunStartsNoFurtherBatchAndEndsCancelled() throws InterruptedException {
        AtomicInteger steps = new AtomicInteger();
        CountDownLatch atFifthStep = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        Dl4jTrainer trainer = new Dl4jTrainer(datasets(), Duration.ofHours(1), clock, (epoch, batch, features) -> {
            if (steps.incrementAndGet() == 5) {
                atFifthStep.countDown();
                try {
                    cancelled.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        LabSessionService sessions = TestSessions.service(runsDir, clock);
        RunService service = service(trainer, sessions);
        Caller ada = Caller.student(TestSessions.join(sessions, "Ada"));
        RunSnapshot run = service.submit(ada, TINY);
        assertThat(atFifthStep.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

        service.cancel(ada, run.id());
        cancelled.countDown();

        await().atMost(BOUND).until(() -> service.get(ada, run.id()).state() == RunState.CANCELLED);
        assertThat(steps.get()).as("batches started; the fifth was under way when the cancel came").isEqualTo(5);
        assertThat(service.get(ada, run.id()).epochs()).isEmpty();
    }

    @Test
    void aSucceededRealRunsModelLoadsAfterARestartAndScoresAsRecorded() {
        LabSessionService sessions = TestSessions.service(runsDir, clock);
        RunService before = service(new Dl4jTrainer(datasets(), properties(), clock), sessions);
        Caller ada = Caller.student(TestSessions.join(sessions, "Ada"));
        String id = before.submit(ada, TINY).id();
        await().atMost(BOUND).until(() -> before.get(ada, id).state().isFinal());
        RunSnapshot finished = before.get(ada, id);
        assertThat(finished.state()).isEqualTo(RunState.SUCCEEDED);
        before.stop();

        RunService after = service(new Dl4jTrainer(datasets(), properties(), clock), TestSessions.service(runsDir, clock));
        RunSnapshot reloaded = after.get(Caller.instructor(), id);
        ModelDownload model = after.model(Caller.instructor(), id);
        TestReport again = Dl4jModelFiles.evaluate(new Dl4jModelFiles(datasets()).load(model.file()), datasets().require());

        assertThat(reloaded.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(reloaded.epochs()).hasSize(2);
        assertThat(again.accuracy()).isEqualTo(finished.test().accuracy());
        assertThat(again.confusion().counts()).isDeepEqualTo(finished.test().confusion().counts());
    }
}
