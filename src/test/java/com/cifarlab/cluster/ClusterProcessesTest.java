package com.cifarlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.CifarBinaryFormat;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.model.Activation;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.RunEvent;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.testdata.CifarFixtures;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.training.dl4j.Dl4jTrainer;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * A dashboard (this JVM: the grid member, the run service, the admissions) and training nodes
 * that are real worker JVMs started from this classpath with {@code worker --join}, training the
 * real engine on the fixture data over the loopback interface.
 */
class ClusterProcessesTest {

    private static final Duration BOUND = Duration.ofMinutes(3);
    private static final int SESSIONS = 10;
    private static final int RUNS_EACH = 3;

    @TempDir
    static Path home;

    private static Path dataDir;
    private static ClusterProperties settings;
    private static HazelcastInstance grid;
    private static LabSessionService sessions;
    private static RunService runs;
    private static final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void startDashboard() throws IOException {
        dataDir = home.resolve("data");
        CifarFixtures.writeFolder(dataDir);
        settings = new ClusterProperties(true, "127.0.0.1", TrainingNodesTest.freePort(), TrainingNodesTest.SECRET,
                Duration.ofSeconds(3));
        grid = Hazelcast.newHazelcastInstance(Grid.member(settings));
        Clock clock = Clock.systemUTC();
        CifarLabProperties properties = new CifarLabProperties(dataDir, home.resolve("runs"), "http://localhost/none", 1,
                1, 3, Duration.ofHours(1), 50_000_000L, DataSize.ofMegabytes(1), false, null);
        sessions = TestSessions.service(home.resolve("runs"), clock);
        Dl4jTrainer own = new Dl4jTrainer(new DatasetService(properties), properties, clock);
        runs = new RunService(properties, own, sessions, clock);
        runs.start();
        new TrainingNodes(grid, runs, own::identity, clock).start();
    }

    @AfterAll
    static void stopAll() {
        processes.forEach(Process::destroyForcibly);
        if (runs != null) {
            runs.stop();
        }
        if (grid != null) {
            grid.shutdown();
        }
    }

    private static Process worker(String name, Path data) throws IOException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-Xmx600m", "-cp", System.getProperty("java.class.path"),
                "com.cifarlab.CifarLabApplication", "worker", "--join", "127.0.0.1:" + settings.port(), "--workers", "1",
                "--name", name);
        builder.environment().put("CIFAR_LAB_CLUSTER_SECRET", TrainingNodesTest.SECRET);
        builder.environment().put("CIFAR_LAB_DATA_DIR", data.toString());
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        builder.redirectErrorStream(true).redirectOutput(home.resolve(name + ".log").toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static String said(String name) throws IOException {
        Path log = home.resolve(name + ".log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private static TrainingSpec tiny(long seed, int epochs) {
        return new TrainingSpec(ModelSpec.customMlp(List.of(new HiddenLayer(16, Activation.RELU, 0.2))), Optimizer.ADAM,
                0.001, LossFunction.CATEGORICAL_CROSSENTROPY, epochs, 50, seed, 500, 0);
    }

    @Test
    void aClassOfTenSessionsIsTrainedByTwoWorkerJvmsInFairOrderAndAKilledNodeInterruptsOnlyItsRun() throws Exception {
        // Every run waits before any node joins, so the order they start in is the queue's alone.
        List<Caller> students = new ArrayList<>();
        Map<String, Integer> sessionOfRun = new HashMap<>();
        List<String> startOrder = java.util.Collections.synchronizedList(new ArrayList<>());
        runs.addListener(Caller.instructor(), event -> {
            if (event instanceof RunEvent.StateChanged changed && changed.run().state() == RunState.RUNNING
                    && !startOrder.contains(changed.run().id())) {
                startOrder.add(changed.run().id());
            }
        });
        for (int s = 0; s < SESSIONS; s++) {
            Caller student = Caller.student(TestSessions.join(sessions, "Student " + s));
            students.add(student);
            for (int r = 0; r < RUNS_EACH; r++) {
                RunSnapshot run = runs.submit(student, tiny(1000L * s + r, 1));
                sessionOfRun.put(run.id(), s);
            }
        }
        worker("node-a", dataDir);
        worker("node-b", dataDir);
        Path otherData = home.resolve("other-data");
        CifarFixtures.writeFolder(otherData);
        CifarFixtures.writeLabel(otherData.resolve(CifarBinaryFormat.FOLDER).resolve(CifarBinaryFormat.TRAIN_BATCHES.get(0)), 0, 3);
        Process stray = worker("node-stray", otherData);

        await().atMost(BOUND).until(() -> runs.list(Caller.instructor()).stream()
                .filter(run -> sessionOfRun.containsKey(run.id())).allMatch(run -> run.state().isFinal()));
        assertThat(runs.list(Caller.instructor())).filteredOn(run -> sessionOfRun.containsKey(run.id()))
                .hasSize(SESSIONS * RUNS_EACH).allMatch(run -> run.state() == RunState.SUCCEEDED);
        List<Integer> sessionsInOrder = startOrder.stream().filter(sessionOfRun::containsKey).map(sessionOfRun::get).toList();
        for (int round = 0; round < RUNS_EACH; round++) {
            Set<Integer> served = Set.copyOf(sessionsInOrder.subList(round * SESSIONS, (round + 1) * SESSIONS));
            assertThat(served).as("round %d of the round-robin serves every session once", round + 1).hasSize(SESSIONS);
        }
        assertThat(countRuns(said("node-a"))).as("node a's share").isGreaterThanOrEqualTo(3);
        assertThat(countRuns(said("node-b"))).as("node b's share").isGreaterThanOrEqualTo(3);
        assertThat(stray.waitFor() == 0 ? "exit 0" : "refused").isEqualTo("refused");
        assertThat(said("node-stray")).contains("The dashboard refused this node").contains("data set");
        assertThat(runs.nodes(Caller.instructor())).extracting(load -> load.node().name())
                .containsExactlyInAnyOrder("node-a", "node-b");

        // A long run on each node, then one node killed while it trains.
        RunSnapshot first = runs.submit(students.get(0), tiny(7, 50).withTrainSize(8000));
        RunSnapshot second = runs.submit(students.get(1), tiny(8, 3));
        await().atMost(BOUND).until(() -> runs.get(students.get(1), second.id()).state().isFinal()
                && !runs.get(students.get(0), first.id()).epochs().isEmpty());
        String busyNode = runs.nodes(Caller.instructor()).stream().filter(load -> load.busy() == 1)
                .map(load -> load.node().name()).findFirst().orElseThrow();
        Process killed = processes.get(busyNode.equals("node-a") ? 0 : 1);
        assertThat(runs.get(students.get(0), first.id()).state()).isEqualTo(RunState.RUNNING);

        killed.destroyForcibly();

        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get(students.get(0), first.id()).state() == RunState.INTERRUPTED);
        assertThat(runs.get(students.get(0), first.id()).reason()).contains(busyNode);
        assertThat(runs.get(students.get(1), second.id()).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(runs.nodes(Caller.instructor())).extracting(load -> load.node().name()).doesNotContain(busyNode);
        RunSnapshot after = runs.submit(students.get(2), tiny(9, 1));
        await().atMost(BOUND).until(() -> runs.get(students.get(2), after.id()).state() == RunState.SUCCEEDED);
    }

    private static long countRuns(String log) {
        return log.lines().filter(line -> line.startsWith("Run ") && line.endsWith(": succeeded")).count();
    }
}
