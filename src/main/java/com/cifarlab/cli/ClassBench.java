package com.cifarlab.cli;

import com.cifarlab.cluster.ClusterProperties;
import com.cifarlab.cluster.DashboardGrid;
import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.ArchiveDownloader;
import com.cifarlab.dataset.DatasetImporter;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.SessionProperties;
import com.cifarlab.training.StandardRuns;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.training.dl4j.Dl4jTrainer;
import com.cifarlab.training.dl4j.OneDnn;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.util.FileSystemUtils;

/**
 * {@code bench class}: a class at work through the real services, not the UI. N students join and
 * submit the standard path at once (Steps 4, 5 and 7 at the given epochs and images) plus K runs
 * of their own (another seed each); the real run service with the real engine trains them on the
 * server's workers, in a runs folder of its own that is deleted afterwards. Prints what was
 * submitted and trained, the wall time until everything finished against the computations' own
 * training time spread over the workers, and how long students waited for their first result.
 */
final class ClassBench {

    static final String USAGE = "bench class --students N --own K [--epochs E] [--train-size S] [--data-dir DIR]"
            + " [--nodes N [--node-workers W] [--train-locally yes|no]]";
    private static final Set<String> OPTIONS = Set.of("--students", "--own", "--epochs", "--train-size", "--data-dir",
            "--nodes", "--node-workers", "--train-locally");
    private static final Duration NODES_JOIN = Duration.ofMinutes(3);
    private static final String CODE = "BENCH";
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

    /**
     * Where the runs train: this JVM's workers, and with {@code nodes > 0} that many worker JVMs of
     * this application on the loopback interface, as training nodes of the bench's own grid.
     */
    private record Machines(int nodes, int nodeWorkers, boolean trainLocally) {
    }

    private final CifarLabProperties properties;
    private final Clock clock;
    private final PrintStream out;

    ClassBench(CifarLabProperties properties, Clock clock, PrintStream out) {
        this.properties = properties;
        this.clock = clock;
        this.out = out;
    }

    int run(String[] args) {
        Options options = Options.parse(args, OPTIONS);
        int students = options.integer("--students", 30, 1, 500);
        int own = options.integer("--own", 2, 0, 20);
        int epochs = options.integer("--epochs", 10, 1, TrainingSpec.MAX_EPOCHS);
        int trainSize = options.integer("--train-size", 10_000, 0, TrainingSpec.MAX_TRAIN_SIZE);
        Path dataDir = options.text("--data-dir").map(Path::of).orElse(properties.dataDir());
        int nodes = options.integer("--nodes", 0, 0, 8);
        Machines machines = new Machines(nodes, options.integer("--node-workers", 1, 1, 16),
                options.choice("--train-locally", Map.of("yes", true, "no", false), true));
        if (!machines.trainLocally && nodes == 0) {
            throw new UsageException("--train-locally no needs --nodes N: otherwise nothing would train.");
        }
        Path runsDir = BenchFolders.temporary("class");
        try {
            return bench(students, own, epochs, trainSize, dataDir, runsDir, machines);
        } finally {
            FileSystemUtils.deleteRecursively(runsDir.toFile());
        }
    }

    private int bench(int studentCount, int own, int epochs, int trainSize, Path dataDir, Path runsDir, Machines machines) {
        List<StandardRuns.Step> path = StandardRuns.of(epochs, trainSize);
        int perStudent = path.stream().mapToInt(step -> step.runs().size()).sum() + own;
        CifarLabProperties settings = new CifarLabProperties(dataDir, runsDir, properties.downloadUrl(),
                properties.workers(), 1, perStudent, Duration.ofHours(12), properties.maxUploadSize(),
                properties.minFreeDisk(), machines.trainLocally, "the class bench has no instructor");
        DatasetService datasets = new DatasetService(new DatasetImporter(dataDir, clock),
                new ArchiveDownloader(properties.downloadUrl(), ArchiveDownloader.OFFICIAL_MD5, clock));
        datasets.require();
        Dl4jTrainer trainer = new Dl4jTrainer(datasets, settings, clock);
        LabSessionService sessions = new LabSessionService(clock,
                new SessionProperties(CODE, Duration.ofDays(14), Integer.MAX_VALUE), runsDir);
        RunService runs = new RunService(settings, trainer, sessions, clock);
        out.printf(Locale.ROOT, "%d students, each the standard path (%s) at %d epochs × %,d images plus %d runs of "
                        + "their own; %d workers here; %d cores%n", studentCount,
                String.join(", ", path.stream().map(step -> step.name() + " " + step.runs().size()).toList()), epochs,
                trainSize, own, settings.localWorkers(), Runtime.getRuntime().availableProcessors());
        out.println("engine: " + OneDnn.describe());
        runs.start();
        // Only a bench with nodes opens a grid, on a free loopback port with a secret of its own.
        ClusterProperties cluster = machines.nodes == 0 ? null
                : new ClusterProperties(true, "127.0.0.1", freePort(), randomSecret(), Duration.ofSeconds(5));
        try (DashboardGrid grid = cluster == null ? null : DashboardGrid.open(cluster, runs, trainer::identity, clock);
             NodeProcesses nodes = cluster == null ? null : NodeProcesses.start(machines.nodes, machines.nodeWorkers,
                     "127.0.0.1:" + cluster.port(), cluster.secret(), dataDir, runsDir)) {
            if (nodes != null) {
                awaitNodes(runs, nodes, settings.localWorkers() + machines.nodes * machines.nodeWorkers);
                out.printf(Locale.ROOT, "training nodes: %d worker JVMs × %d workers on the loopback interface; %d workers"
                        + " in all%n", machines.nodes, machines.nodeWorkers, runs.workers());
            }
            return measure(runs, sessions, path, studentCount, own, runs.workers());
        } finally {
            runs.stop();
        }
    }

    /** The bench's grid is its own: a secret nobody else knows, handed to its nodes in their environment. */
    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private void awaitNodes(RunService runs, NodeProcesses nodes, int workers) {
        Instant deadline = clock.instant().plus(NODES_JOIN);
        while (runs.workers() < workers) {
            String exited = nodes.exited();
            if (exited != null) {
                throw new IllegalStateException(exited);
            }
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("The training nodes did not join within " + minutes(NODES_JOIN) + ".");
            }
            pause();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port for the bench's grid", e);
        }
    }

    private int measure(RunService runs, LabSessionService sessions, List<StandardRuns.Step> path, int studentCount,
                        int own, int workers) {
        List<Caller> students = new ArrayList<>();
        for (int i = 0; i < studentCount; i++) {
            LabSession session = sessions.join("Student " + (i + 1), CODE, "bench", true).session();
            students.add(Caller.student(session));
        }
        Instant start = clock.instant();
        Map<String, Caller> submitted = new LinkedHashMap<>();
        Set<TrainingSpec> distinct = new HashSet<>();
        // Step by step, the whole class at each step, as a class in a room does.
        for (StandardRuns.Step step : path) {
            for (TrainingSpec spec : step.runs()) {
                for (Caller student : students) {
                    submitted.put(runs.submit(student, spec).id(), student);
                    distinct.add(spec);
                }
            }
        }
        TrainingSpec base = path.get(1).runs().get(0);
        for (int k = 0; k < own; k++) {
            for (int i = 0; i < students.size(); i++) {
                TrainingSpec mine = base.withSeed(1000L + (long) i * own + k);
                submitted.put(runs.submit(students.get(i), mine).id(), students.get(i));
                distinct.add(mine);
            }
        }
        List<RunSnapshot> done = awaitAll(runs, submitted.size(), start);
        Instant end = done.stream().map(RunSnapshot::endedAt).max(Comparator.naturalOrder()).orElse(start);
        report(done, submitted, distinct.size(), workers, start, end);
        return done.stream().allMatch(run -> run.state() == RunState.SUCCEEDED) ? 0 : Failures.FAILED;
    }

    private List<RunSnapshot> awaitAll(RunService runs, int count, Instant start) {
        Instant nextReport = start.plus(REPORT_EVERY);
        while (true) {
            List<RunSnapshot> all = runs.list(Caller.instructor());
            long finished = all.stream().filter(run -> run.state().isFinal()).count();
            if (finished == count) {
                return all;
            }
            Instant now = clock.instant();
            if (now.isAfter(nextReport)) {
                out.printf(Locale.ROOT, "after %s: %d of %d submissions finished, %d computations started%n",
                        minutes(Duration.between(start, now)), finished, count, computations(all).count());
                nextReport = now.plus(REPORT_EVERY);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The bench was interrupted.", e);
        }
    }

    /** The runs that trained, on whichever machine: those whose result no other run computed. */
    private static Stream<RunSnapshot> computations(List<RunSnapshot> runs) {
        return runs.stream().filter(run -> run.shared() == null && run.startedAt() != null);
    }

    private void report(List<RunSnapshot> done, Map<String, Caller> submitted, int distinctKeys, int workers,
                        Instant start, Instant end) {
        Map<RunState, Long> byState = new EnumMap<>(RunState.class);
        done.forEach(run -> byState.merge(run.state(), 1L, Long::sum));
        Duration wall = Duration.between(start, end);
        double trainingSeconds = computations(done).filter(run -> run.endedAt() != null)
                .mapToLong(run -> Duration.between(run.startedAt(), run.endedAt()).toMillis()).sum() / 1000.0;
        double perWorker = trainingSeconds / workers;
        out.printf(Locale.ROOT, "submissions: %d; distinct computation keys: %d; computations trained: %d%n",
                submitted.size(), distinctKeys, computations(done).count());
        out.println("ended: " + String.join(", ", byState.entrySet().stream()
                .map(entry -> entry.getValue() + " " + entry.getKey()).toList()));
        out.printf(Locale.ROOT, "wall time until all finished: %s; the computations' own training: %s in all, %s per "
                        + "worker; wall / (training per worker) = %.3f%n", minutes(wall),
                minutes(Duration.ofMillis((long) (trainingSeconds * 1000))),
                minutes(Duration.ofMillis((long) (perWorker * 1000))), wall.toMillis() / 1000.0 / perWorker);
        List<Duration> firstResults = new ArrayList<>();
        for (Caller student : new HashSet<>(submitted.values())) {
            done.stream().filter(run -> student.mayAccess(run.sessionId()))
                    .filter(run -> run.state() == RunState.SUCCEEDED)
                    .map(run -> Duration.between(run.submittedAt(), run.endedAt()))
                    .min(Comparator.naturalOrder()).ifPresent(firstResults::add);
        }
        firstResults.sort(Comparator.naturalOrder());
        if (!firstResults.isEmpty()) {
            out.printf(Locale.ROOT, "median wait from submission to a student's first result: %s (over %d students)%n",
                    minutes(firstResults.get(firstResults.size() / 2)), firstResults.size());
        }
        Runtime heap = Runtime.getRuntime();
        out.printf(Locale.ROOT, "memory: peak RSS %s MB; heap limit %d MB, committed %d MB, in use %d MB%n",
                ProcReadings.peakResidentKb().stream().mapToObj(kb -> String.valueOf(kb / 1024)).findFirst().orElse("?"),
                heap.maxMemory() >> 20, heap.totalMemory() >> 20, (heap.totalMemory() - heap.freeMemory()) >> 20);
    }

    private static String minutes(Duration duration) {
        return String.format(Locale.ROOT, "%d min %02d s", duration.toMinutes(), duration.toSecondsPart());
    }

}
