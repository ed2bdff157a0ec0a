package com.cifarlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.NodeLoad;
import com.cifarlab.runs.RunEvent;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.storage.Sha256;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.EngineIdentity;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.Trainer;
import com.cifarlab.training.TrainingListener;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.listener.EntryAddedListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The dashboard's grid member, its admissions and a run service that trains nothing itself,
 * with training nodes in this JVM: grid clients over the loopback interface with fake trainers.
 */
class TrainingNodesTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    static final String SECRET = "a class secret of some length";

    @TempDir
    Path folder;

    private final Clock clock = Clock.systemUTC();
    private final FakeTrainer dashboardEngine = new FakeTrainer();
    private final List<Thread> nodeThreads = new ArrayList<>();
    private final List<NodeAgent> agents = new ArrayList<>();
    private ClusterProperties settings;
    private HazelcastInstance grid;
    private LabSessionService sessions;
    private RunService runs;

    @BeforeEach
    void startDashboard() throws IOException {
        settings = new ClusterProperties(true, "127.0.0.1", freePort(), SECRET, Duration.ofSeconds(3));
        sessions = TestSessions.service(folder, clock);
        startDashboardAgain();
    }

    /** The grid member, the run service on the test's folder, the admissions: what a dashboard start brings up. */
    private void startDashboardAgain() {
        grid = Hazelcast.newHazelcastInstance(Grid.member(settings));
        runs = new RunService(new CifarLabProperties(folder.resolve("data"), folder, "http://localhost/none", 1, 1, 3,
                Duration.ofHours(1), 50_000_000L, DataSize.ofMegabytes(1), false, null), dashboardEngine, sessions, clock);
        runs.start();
        new TrainingNodes(grid, runs, dashboardEngine::identity, clock).start();
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        agents.forEach(NodeAgent::stop);
        for (Thread thread : nodeThreads) {
            thread.join(BOUND.toMillis());
        }
        runs.stop();
        grid.shutdown();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Node(NodeAgent agent, ByteArrayOutputStream output, NodeAgent.Exit[] exit) {
        String said() {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    private Node startNode(String name, int workers, Trainer engine, ClusterProperties nodeSettings) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        NodeAgent agent = new NodeAgent(engine, new NodeAgent.Settings("127.0.0.1:" + settings.port(), name, workers,
                nodeSettings, Duration.ofMillis(500)), new PrintStream(output, true, StandardCharsets.UTF_8));
        NodeAgent.Exit[] exit = new NodeAgent.Exit[1];
        Thread thread = new Thread(() -> exit[0] = agent.run(), "test-node-" + name);
        thread.start();
        nodeThreads.add(thread);
        agents.add(agent);
        return new Node(agent, output, exit);
    }

    private Node joinedNode(String name, int workers, Trainer engine) {
        Node node = startNode(name, workers, engine, settings);
        await().atMost(BOUND).until(() -> runs.nodes(Caller.instructor()).stream()
                .anyMatch(load -> load.node().name().equals(name)));
        return node;
    }

    /** A trainer that says it is {@code identity}; it is never asked to train. */
    private static Trainer claiming(EngineIdentity identity) {
        return new Trainer() {
            @Override
            public TrainingResult train(TrainingSpec spec, TrainingListener listener, CancelSignal cancel) {
                throw new AssertionError("a refused node trains nothing");
            }

            @Override
            public EngineIdentity identity() {
                return identity;
            }
        };
    }

    private Caller student(String name) {
        return Caller.student(TestSessions.join(sessions, name));
    }

    private static TrainingSpec spec(long seed) {
        return new TrainingSpec(ModelSpec.labMlp(), Optimizer.ADAM, 0.001, LossFunction.CATEGORICAL_CROSSENTROPY,
                2, 64, seed, 500, 0);
    }

    @Test
    void aRunTrainedOnANodeReachesItsStudentWithEveryEpochAndTheNodesModel() throws IOException {
        FakeTrainer nodeEngine = new FakeTrainer();
        joinedNode("lab-pc-1", 1, nodeEngine);
        Caller ada = student("Ada");
        List<RunEvent> seen = new CopyOnWriteArrayList<>();
        runs.addListener(ada, seen::add);

        RunSnapshot run = runs.submit(ada, spec(7));
        await().atMost(BOUND).until(() -> runs.get(ada, run.id()).state().isFinal());

        RunSnapshot done = runs.get(ada, run.id());
        assertThat(done.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(done.epochs()).hasSize(2);
        assertThat(done.test().accuracy()).isEqualTo(0.3);
        assertThat(seen).filteredOn(RunEvent.EpochCompleted.class::isInstance).hasSize(2);
        assertThat(nodeEngine.calls(7)).isEqualTo(1);
        assertThat(dashboardEngine.calls(7)).as("the dashboard trains nothing itself").isZero();
        try (ZipFile model = new ZipFile(runs.model(ada, run.id()).file().toFile())) {
            assertThat(new String(model.getInputStream(model.entries().nextElement()).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("seed=7");
        }
    }

    @Test
    void anEpochTrainedOnANodeReachesTheStudentsListenersWithinASecond() throws InterruptedException {
        Semaphore epochs = new Semaphore(0);
        FakeTrainer nodeEngine = new FakeTrainer().defaultScript(training -> training.succeedEpochByEpoch(epochs));
        joinedNode("lab-pc-1", 1, nodeEngine);
        Caller ada = student("Ada");
        List<RunEvent> seen = new CopyOnWriteArrayList<>();
        runs.addListener(ada, seen::add);
        RunSnapshot run = runs.submit(ada, spec(11));
        await().atMost(BOUND).until(() -> runs.get(ada, run.id()).state() == RunState.RUNNING);

        for (int epoch = 1; epoch <= 2; epoch++) {
            int expected = epoch;
            epochs.release();
            await().atMost(Duration.ofSeconds(1)).until(() -> seen.stream()
                    .filter(RunEvent.EpochCompleted.class::isInstance).count() == expected);
        }
        await().atMost(BOUND).until(() -> runs.get(ada, run.id()).state() == RunState.SUCCEEDED);
    }

    @Test
    void aCancelReachesTheNodesTrainingWithinASecond() {
        FakeTrainer nodeEngine = new FakeTrainer().defaultScript(training -> training.after(new CountDownLatch(1)));
        joinedNode("lab-pc-1", 1, nodeEngine);
        Caller ada = student("Ada");
        RunSnapshot run = runs.submit(ada, spec(12));
        await().atMost(BOUND).until(() -> nodeEngine.calls(12) == 1);

        runs.cancel(ada, run.id());

        await().atMost(Duration.ofSeconds(1)).until(() -> runs.get(ada, run.id()).state() == RunState.CANCELLED);
        RunSnapshot next = runs.submit(ada, spec(13));
        await("the node's worker free again").atMost(BOUND).until(() -> nodeEngine.calls(13) == 1);
        runs.cancel(ada, next.id());
        await().atMost(Duration.ofSeconds(1)).until(() -> runs.get(ada, next.id()).state() == RunState.CANCELLED);
    }

    @Test
    void aDashboardRestartWhileANodeTrainsKeepsWhatFinishedAndTheNodeJoinsTheNewDashboard() {
        CountDownLatch never = new CountDownLatch(1);
        FakeTrainer nodeEngine = new FakeTrainer().script(2, training -> training.after(never));
        Node node = joinedNode("lab-pc-1", 1, nodeEngine);
        Caller ada = student("Ada");
        RunSnapshot finished = runs.submit(ada, spec(1));
        await().atMost(BOUND).until(() -> runs.get(ada, finished.id()).state() == RunState.SUCCEEDED);
        RunSnapshot training = runs.submit(ada, spec(2));
        await().atMost(BOUND).until(() -> nodeEngine.calls(2) == 1);

        runs.stop();
        grid.shutdown();
        startDashboardAgain();

        assertThat(runs.get(ada, finished.id()).state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(runs.get(ada, finished.id()).modelAvailable()).isTrue();
        assertThat(runs.get(ada, training.id()).state()).isEqualTo(RunState.INTERRUPTED);
        await().atMost(BOUND).until(() -> runs.nodes(Caller.instructor()).size() == 1);
        assertThat(node.said()).contains("Lost the dashboard");
        RunSnapshot next = runs.submit(ada, spec(3));
        await().atMost(BOUND).until(() -> runs.get(ada, next.id()).state() == RunState.SUCCEEDED);
    }

    @Test
    void aNodeStartedBeforeTheDashboardSaysItCannotReachItAndJoinsOnceItIsUp() {
        runs.stop();
        grid.shutdown();
        Node node = startNode("early", 1, new FakeTrainer(), settings);
        await().atMost(BOUND).until(() -> node.said().contains("Cannot reach the dashboard at 127.0.0.1:" + settings.port()));

        startDashboardAgain();

        await().atMost(BOUND).until(() -> runs.nodes(Caller.instructor()).size() == 1);
        // The dashboard can list the node a moment before the node's own thread reports the join.
        await().atMost(BOUND).untilAsserted(() -> assertThat(node.said()).contains("Joined the dashboard"));
    }

    @Test
    void theDashboardsGridListensOnlyOnTheConfiguredInterface() throws IOException {
        InetSocketAddress bound = (InetSocketAddress) grid.getLocalEndpoint().getSocketAddress();
        assertThat(bound.getAddress().isLoopbackAddress()).isTrue();
        Optional<InetAddress> outside = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && address instanceof Inet4Address)
                .findFirst();
        Assumptions.assumeTrue(outside.isPresent(), "this machine has no other interface");
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(
                    new InetSocketAddress(outside.get(), settings.port()), 2000))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void theInstructorSeesEachNodeWithItsWorkersAndHowManyTrain() {
        CountDownLatch hold = new CountDownLatch(1);
        FakeTrainer nodeEngine = new FakeTrainer().defaultScript(training -> training.after(hold));
        joinedNode("lab-pc-1", 2, nodeEngine);
        Caller ada = student("Ada");
        runs.submit(ada, spec(1));

        await().atMost(BOUND).until(() -> runs.nodes(Caller.instructor()).get(0).busy() == 1);
        NodeLoad load = runs.nodes(Caller.instructor()).get(0);
        assertThat(load.node().workers()).isEqualTo(2);
        assertThat(load.node().address()).startsWith("127.0.0.1:");
        assertThat(runs.nodes(ada)).as("students do not see the machines").isEmpty();
        assertThat(runs.workers()).isEqualTo(2);
        hold.countDown();
    }

    @Test
    void identicalRunsOfTwoStudentsAreComputedOnceAcrossTheNodes() {
        CountDownLatch hold = new CountDownLatch(1);
        FakeTrainer first = new FakeTrainer().defaultScript(training -> training.after(hold));
        FakeTrainer second = new FakeTrainer().defaultScript(training -> training.after(hold));
        joinedNode("lab-pc-1", 1, first);
        joinedNode("lab-pc-2", 1, second);
        Caller ada = student("Ada");
        Caller bob = student("Bob");

        RunSnapshot adas = runs.submit(ada, spec(42));
        RunSnapshot bobs = runs.submit(bob, spec(42));
        await().atMost(BOUND).until(() -> first.calls(42) + second.calls(42) == 1);
        hold.countDown();

        await().atMost(BOUND).until(() -> runs.get(bob, bobs.id()).state() == RunState.SUCCEEDED
                && runs.get(ada, adas.id()).state() == RunState.SUCCEEDED);
        assertThat(first.calls(42) + second.calls(42)).isEqualTo(1);
    }

    @Test
    void aNodeThatStopsMidRunLeavesItsRunInterruptedAndTheOtherNodeTraining() {
        CountDownLatch hold = new CountDownLatch(1);
        FakeTrainer leaving = new FakeTrainer().defaultScript(training -> training.after(new CountDownLatch(1)));
        FakeTrainer staying = new FakeTrainer().defaultScript(training -> training.after(hold));
        Node gone = joinedNode("lab-pc-1", 1, leaving);
        Caller ada = student("Ada");
        RunSnapshot adas = runs.submit(ada, spec(1));
        await().atMost(BOUND).until(() -> leaving.calls(1) == 1);
        joinedNode("lab-pc-2", 1, staying);
        Caller bob = student("Bob");
        RunSnapshot bobs = runs.submit(bob, spec(2));
        await().atMost(BOUND).until(() -> staying.calls(2) == 1);

        gone.agent().stop();

        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get(ada, adas.id()).state() == RunState.INTERRUPTED);
        assertThat(runs.get(ada, adas.id()).reason()).contains("lab-pc-1").contains("queue it again");
        assertThat(runs.get(bob, bobs.id()).state()).isEqualTo(RunState.RUNNING);
        assertThat(runs.nodes(Caller.instructor())).extracting(load -> load.node().name()).containsExactly("lab-pc-2");
        hold.countDown();
        await().atMost(BOUND).until(() -> runs.get(bob, bobs.id()).state() == RunState.SUCCEEDED);
    }

    @Test
    void aNodeOnAnotherDataSetIsRefusedAndSaysWhy() {
        EngineIdentity own = dashboardEngine.identity();
        Trainer otherData = claiming(new EngineIdentity(own.software(), own.build(), "another-fingerprint"));
        Node node = startNode("stray", 1, otherData, settings);

        await().atMost(BOUND).until(() -> node.exit()[0] != null);
        assertThat(node.exit()[0]).isEqualTo(NodeAgent.Exit.REFUSED);
        assertThat(node.said()).contains("The dashboard refused this node").contains("data set");
        assertThat(runs.nodes(Caller.instructor())).isEmpty();
    }

    @Test
    void aNodeOfAnotherReleaseIsRefusedAndSaysWhy() {
        Trainer otherRelease = claiming(new EngineIdentity("CIFAR Lab 0.1, deeplearning4j 1.0.0-M1", "build",
                dashboardEngine.identity().dataset()));
        Node node = startNode("old", 1, otherRelease, settings);

        await().atMost(BOUND).until(() -> node.exit()[0] != null);
        assertThat(node.said()).contains("This node runs CIFAR Lab 0.1").contains("same release");
    }

    @Test
    void aNodeWithAnotherSecretCannotReachTheClassAndKeepsTrying() {
        ClusterProperties wrong = new ClusterProperties(true, "127.0.0.1", settings.port(), "not the class secret!", Duration.ofSeconds(3));
        Node node = startNode("intruder", 1, new FakeTrainer(), wrong);

        await().atMost(BOUND).until(() -> node.said().split("Cannot reach the dashboard").length > 2);
        assertThat(node.exit()[0]).as("it retries").isNull();
        assertThat(runs.nodes(Caller.instructor())).isEmpty();
    }

    /** A grid client admitted as a node that answers by hand, as a hostile or broken node might. */
    private record HandMadeNode(HazelcastInstance client, String nodeId) implements AutoCloseable {

        Wire.JobOrder nextOrder() throws InterruptedException {
            return Wire.read(client.<String>getQueue(Grid.jobsOf(nodeId)).poll(BOUND.toSeconds(), TimeUnit.SECONDS),
                    Wire.JobOrder.class);
        }

        void report(String message) {
            client.<String>getTopic(Grid.REPORTS).publish(message);
        }

        @Override
        public void close() {
            client.shutdown();
        }
    }

    private RunSnapshot ended(Caller caller, RunSnapshot run) {
        await().atMost(BOUND).until(() -> runs.get(caller, run.id()).state().isFinal());
        return runs.get(caller, run.id());
    }

    private HandMadeNode handMadeNode() throws InterruptedException {
        HazelcastInstance client = HazelcastClient.newHazelcastClient(
                Grid.client("127.0.0.1:" + settings.port(), settings, "hand-made", Duration.ofSeconds(10)));
        String nodeId = "hand-made-node";
        CountDownLatch verdict = new CountDownLatch(1);
        client.<String, String>getMap(Grid.VERDICTS).addEntryListener(
                (EntryAddedListener<String, String>) e -> verdict.countDown(), nodeId, true);
        client.<String, String>getMap(Grid.HELLOS).set(nodeId, Wire.write(new Wire.NodeHello(Wire.PROTOCOL, nodeId,
                "hand-made", 1, dashboardEngine.identity(), client.getLocalEndpoint().getUuid().toString())));
        assertThat(verdict.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return new HandMadeNode(client, nodeId);
    }

    @Test
    void aNodeThatCannotReadAnOrderSaysSoInsteadOfLeavingTheDashboardWaiting() {
        joinedNode("lab-pc-1", 1, new FakeTrainer());
        // The node creates its job queue only once it has read its verdict, a moment after it is listed.
        String jobs = await().atMost(BOUND).until(() -> grid.getDistributedObjects().stream()
                .map(DistributedObject::getName).filter(name -> name.startsWith("cifar-lab.jobs.")).findFirst(),
                Optional::isPresent).orElseThrow();
        List<String> reports = new CopyOnWriteArrayList<>();
        grid.<String>getTopic(Grid.REPORTS).addMessageListener(message -> reports.add(message.getMessageObject()));

        grid.<String>getQueue(jobs).add("{\"job\":\"job-1\",\"spec\":{\"epochs\":-3}}");

        await().atMost(BOUND).until(() -> reports.stream()
                .anyMatch(report -> report.contains("job-1") && report.contains("could not read this run's settings")));
    }

    @Test
    void aModelThatDoesNotMatchItsChecksumFailsTheRunInsteadOfBeingStored() throws Exception {
        try (HandMadeNode node = handMadeNode()) {
            Caller ada = student("Ada");
            RunSnapshot run = runs.submit(ada, spec(5));
            Wire.JobOrder order = node.nextOrder();
            Path good = folder.resolve("good.zip");
            TrainingResult result = new FakeTrainer().train(order.spec(), TrainingListener.NONE, new CancelSignal());
            result.model().writeTo(good);
            byte[] model = Files.readAllBytes(good);
            node.client().<String, byte[]>getMap(Grid.MODELS).set(order.job(), model);
            model[model.length / 2] ^= 1;
            node.report(Wire.write(new Wire.JobReport(order.job(), null,
                    new Wire.JobEnd(Wire.Outcome.SUCCEEDED, null, result.epochs(), result.bestEpoch(), result.test(),
                            model.length, Sha256.of(model)))));

            RunSnapshot ended = ended(ada, run);
            assertThat(ended.state()).isEqualTo(RunState.FAILED);
            assertThat(ended.reason()).contains("damaged");
            assertThat(ended.modelAvailable()).isFalse();
        }
    }

    @Test
    void newsOfARunThatCannotBeReadFailsItAtOnceInsteadOfHoldingItsWorker() throws Exception {
        try (HandMadeNode node = handMadeNode()) {
            Caller ada = student("Ada");
            RunSnapshot run = runs.submit(ada, spec(6));
            Wire.JobOrder order = node.nextOrder();

            node.report("{\"job\":\"" + order.job() + "\",\"end\":{\"outcome\":\"SUCCEEDED\",\"test\":{\"confusion\":"
                    + "{\"classNames\":[\"a\",\"b\"],\"counts\":[[1]]}}}}");

            RunSnapshot ended = ended(ada, run);
            assertThat(ended.state()).isEqualTo(RunState.FAILED);
            assertThat(ended.reason()).isEqualTo(JobReports.UNREADABLE);
        }
    }
}
