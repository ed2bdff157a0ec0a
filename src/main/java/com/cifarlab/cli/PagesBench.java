package com.cifarlab.cli;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.evaluation.ClassMetrics;
import com.cifarlab.evaluation.ClassificationReport;
import com.cifarlab.evaluation.ConfusionMatrix;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.events.ListenerRegistration;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.RunEvent;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.SessionProperties;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.ModelArtifact;
import com.cifarlab.training.StandardRuns;
import com.cifarlab.training.Trainer;
import com.cifarlab.training.TrainingCancelledException;
import com.cifarlab.training.TrainingEvent;
import com.cifarlab.training.TrainingListener;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.util.FileSystemUtils;

/**
 * {@code bench pages}: how fast the run service answers the pages of a class while runs train. A
 * runs folder of its own gets a history of finished runs; then two thirds of N students launch
 * the same R runs (R computations, shared) and follow them, the others keep "My runs" open, and an
 * instructor page lists every run four times a second. Each page has one thread of its own, as a
 * browser tab's UI has, and answers events as the views do: a page that shows a run reads it once
 * per epoch, a "My runs" page lists its runs when the queue moves while it has a waiting run, and
 * the instructor's page lists all of them at most four times a second, as its throttle allows. The
 * trainer burns CPU per batch like the engine, so the workers load the cores as real runs do, but
 * no data set is needed. The service is warmed up first, as a server that has been up a while is.
 * Prints the p50, p95 and maximum of {@code get} and {@code list} and how
 * many reads each page made per epoch.
 */
final class PagesBench {

    static final String USAGE = "bench pages [--pages N] [--runs R] [--epochs E] [--history H] [--batch-ms M]";
    private static final Set<String> OPTIONS = Set.of("--pages", "--runs", "--epochs", "--history", "--batch-ms");
    private static final String CODE = "PAGES";
    private static final int BATCHES_PER_EPOCH = 10;
    private static final int WARM_UP_CALLS = 3000;
    /** Seeds of the history's runs, which finish at once; the live runs use seeds below it. */
    private static final long HISTORY_SEEDS = 1_000_000;
    /** The most a student may have waiting; the history's runs are spread so that none has more. */
    private static final int MAX_WAITING = 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Duration INSTRUCTOR_REFRESH = Duration.ofMillis(250);

    private final CifarLabProperties properties;
    private final Clock clock;
    private final PrintStream out;

    PagesBench(CifarLabProperties properties, Clock clock, PrintStream out) {
        this.properties = properties;
        this.clock = clock;
        this.out = out;
    }

    int run(String[] args) {
        Options options = Options.parse(args, OPTIONS);
        int pages = options.integer("--pages", 60, 3, 500);
        int live = options.integer("--runs", 2, 1, 16);
        int epochs = options.integer("--epochs", 20, 1, TrainingSpec.MAX_EPOCHS);
        int history = options.integer("--history", 200, 0, pages * MAX_WAITING);
        int batchMillis = options.integer("--batch-ms", 40, 1, 1000);
        Path runsDir = BenchFolders.temporary("pages");
        try {
            return bench(pages, live, epochs, history, batchMillis, runsDir);
        } finally {
            FileSystemUtils.deleteRecursively(runsDir.toFile());
        }
    }

    private int bench(int pageCount, int liveRuns, int epochs, int history, int batchMillis, Path runsDir) {
        CifarLabProperties settings = new CifarLabProperties(properties.dataDir(), runsDir, properties.downloadUrl(),
                liveRuns, 1, MAX_WAITING, Duration.ofHours(12), properties.maxUploadSize(), properties.minFreeDisk(), true,
                "the pages bench has no instructor");
        LabSessionService sessions = new LabSessionService(clock,
                new SessionProperties(CODE, Duration.ofDays(14), Integer.MAX_VALUE), runsDir);
        RunService runs = new RunService(settings, new PacedTrainer(batchMillis), sessions, clock);
        TrainingSpec base = StandardRuns.of(epochs, 1000).get(1).runs().get(0);
        out.printf(Locale.ROOT, "%d pages, %d runs training (%d epochs of %d batches, %d ms of CPU each), %d finished"
                        + " runs on record; %d workers; %d cores%n", pageCount, liveRuns, epochs, BATCHES_PER_EPOCH,
                batchMillis, history, settings.effectiveWorkers(), Runtime.getRuntime().availableProcessors());
        runs.start();
        try {
            List<Caller> students = new ArrayList<>();
            for (int i = 0; i < pageCount; i++) {
                LabSession session = sessions.join("Student " + (i + 1), CODE, "bench", true).session();
                students.add(Caller.student(session));
            }
            for (int i = 0; i < history; i++) {
                runs.submit(students.get(i % pageCount), base.withEpochs(1).withSeed(HISTORY_SEEDS + i));
            }
            awaitFinished(runs, history);
            warmUp(runs, students);
            return measure(runs, students, base, liveRuns, epochs);
        } finally {
            runs.stop();
        }
    }

    /**
     * A server that has been up for a while has compiled its hot paths; a bench of a few seconds has
     * not, and would time the interpreter instead of the service.
     */
    private static void warmUp(RunService runs, List<Caller> students) {
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            Caller student = students.get(i % students.size());
            runs.list(Caller.instructor());
            runs.list(student).forEach(run -> runs.get(student, run.id()));
        }
    }

    /** What the pages measured: call times in nanoseconds, and the reads of the pages that show a run. */
    private static final class Readings {
        final ConcurrentLinkedQueue<Long> gets = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> lists = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> classLists = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> classListsCpu = new ConcurrentLinkedQueue<>();
        final AtomicInteger watcherReads = new AtomicInteger();
        final AtomicInteger otherReads = new AtomicInteger();

        <T> T time(ConcurrentLinkedQueue<Long> into, Supplier<T> call) {
            long start = System.nanoTime();
            T result = call.get();
            into.add(System.nanoTime() - start);
            return result;
        }
    }

    private int measure(RunService runs, List<Caller> students, TrainingSpec base, int liveRuns, int epochs) {
        Readings readings = new Readings();
        int watchers = students.size() * 2 / 3;
        List<ExecutorService> uiThreads = new ArrayList<>();
        List<ListenerRegistration> registrations = new ArrayList<>();
        List<String> followed = new ArrayList<>();
        for (int i = 0; i < students.size(); i++) {
            Caller student = students.get(i);
            ExecutorService ui = Executors.newSingleThreadExecutor();
            uiThreads.add(ui);
            if (i < watchers) {
                String runId = runs.submit(student, base.withSeed(i % liveRuns)).id();
                followed.add(runId);
                registrations.add(runs.addRunListener(student, runId, event -> {
                    if (event instanceof RunEvent.EpochCompleted) {
                        ui.execute(() -> {
                            readings.watcherReads.incrementAndGet();
                            readings.time(readings.gets, () -> runs.get(student, runId));
                        });
                    }
                }));
            } else {
                AtomicBoolean waiting = new AtomicBoolean(true);
                registrations.add(runs.addListener(student, event -> {
                    if (event instanceof RunEvent.QueueChanged && waiting.get()) {
                        ui.execute(() -> {
                            readings.otherReads.incrementAndGet();
                            List<RunSnapshot> mine = readings.time(readings.lists, () -> runs.list(student));
                            waiting.set(mine.stream().anyMatch(run -> !run.state().isFinal()));
                        });
                    }
                }));
            }
        }
        AtomicBoolean training = new AtomicBoolean(true);
        ExecutorService instructor = Executors.newSingleThreadExecutor();
        instructor.execute(() -> {
            while (training.get()) {
                long cpu = THREADS.getCurrentThreadCpuTime();
                readings.time(readings.classLists, () -> runs.list(Caller.instructor()));
                readings.classListsCpu.add(THREADS.getCurrentThreadCpuTime() - cpu);
                sleep(INSTRUCTOR_REFRESH);
            }
        });
        long start = System.nanoTime();
        while (followed.stream().anyMatch(id -> !runs.get(Caller.instructor(), id).state().isFinal())) {
            sleep(Duration.ofMillis(100));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        training.set(false);
        registrations.forEach(ListenerRegistration::remove);
        uiThreads.forEach(ExecutorService::shutdown);
        instructor.shutdown();
        awaitTermination(uiThreads);
        awaitTermination(List.of(instructor));
        out.printf(Locale.ROOT, "the runs trained for %.1f s; %d pages showed them, %d others had My runs open%n",
                seconds, watchers, students.size() - watchers);
        print("get, a page's run          ", readings.gets);
        print("list, a student's runs     ", readings.lists);
        print("list, the instructor's (all)", readings.classLists);
        print("  the same, its thread's CPU", readings.classListsCpu);
        out.printf(Locale.ROOT, "reads per page per epoch: %.2f on the pages that show a run; %d list calls in all by"
                        + " the %d other pages%n", readings.watcherReads.get() / (double) (watchers * epochs),
                readings.otherReads.get(), students.size() - watchers);
        return 0;
    }

    private void print(String name, ConcurrentLinkedQueue<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            out.println(name + ": no calls");
            return;
        }
        out.printf(Locale.ROOT, "%s: %d calls, p50 %.2f ms, p95 %.2f ms, max %.2f ms%n", name, sorted.length,
                percentile(sorted, 0.50), percentile(sorted, 0.95), sorted[sorted.length - 1] / 1e6);
    }

    static double percentile(long[] sorted, double share) {
        int index = (int) Math.ceil(share * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private void awaitFinished(RunService runs, int count) {
        while (runs.list(Caller.instructor()).stream().filter(run -> run.state().isFinal()).count() < count) {
            sleep(Duration.ofMillis(50));
        }
    }

    private static void awaitTermination(List<ExecutorService> executors) {
        for (ExecutorService executor : executors) {
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The bench was interrupted.", e);
        }
    }


    /**
     * Trains nothing but takes the time a run does: each batch keeps its thread busy for the given
     * CPU time and reports progress, each epoch ends with made-up metrics, and the model is a tiny
     * file. The history's runs end at once.
     */
    private static final class PacedTrainer implements Trainer {

        private final long batchNanos;

        PacedTrainer(int batchMillis) {
            this.batchNanos = TimeUnit.MILLISECONDS.toNanos(batchMillis);
        }

        @Override
        public TrainingResult train(TrainingSpec spec, TrainingListener listener, CancelSignal cancel) {
            boolean paced = spec.seed() < HISTORY_SEEDS;
            listener.on(new TrainingEvent.Started(spec.epochs(), BATCHES_PER_EPOCH, 1000, 250, 1234));
            List<EpochMetrics> epochs = new ArrayList<>();
            for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
                for (int batch = 1; paced && batch <= BATCHES_PER_EPOCH; batch++) {
                    if (cancel.isCancelled()) {
                        throw new TrainingCancelledException();
                    }
                    burn();
                    listener.on(new TrainingEvent.BatchProgress(epoch, batch, BATCHES_PER_EPOCH, 1000));
                }
                EpochMetrics metrics = new EpochMetrics(epoch, 2.0 / epoch, 0.2 + 0.01 * epoch, 2.1 / epoch,
                        0.19 + 0.01 * epoch, batchNanos * BATCHES_PER_EPOCH / 1e9);
                epochs.add(metrics);
                listener.on(new TrainingEvent.EpochEnded(metrics));
            }
            TestReport report = report();
            listener.on(new TrainingEvent.Finished(spec.epochs(), report));
            return new TrainingResult(spec, epochs, spec.epochs(), report, tinyModel());
        }

        private void burn() {
            long until = System.nanoTime() + batchNanos;
            double sink = 0;
            while (System.nanoTime() < until) {
                for (int i = 0; i < 1000; i++) {
                    sink += Math.sqrt(i + sink);
                }
            }
            if (sink < 0) {
                throw new IllegalStateException("unreachable: keeps the loop from being optimised away");
            }
        }

        private static TestReport report() {
            ClassMetrics line = new ClassMetrics("airplane", 0.5, 0.4, 0.44, 1000);
            return new TestReport(1.7, 0.3, new ConfusionMatrix(List.of("airplane", "automobile"),
                    new int[][] {{3, 1}, {2, 4}}), new ClassificationReport(List.of(line,
                    new ClassMetrics("automobile", 0.6, 0.7, 0.65, 1000)), 0.3, line, line), List.of());
        }

        private static ModelArtifact tinyModel() {
            byte[] bytes = new byte[1024];
            Arrays.fill(bytes, (byte) 7);
            return file -> Files.write(file, bytes);
        }
    }
}
