package com.cifarlab.cli;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.ArchiveDownloader;
import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DataSplit;
import com.cifarlab.dataset.DatasetException;
import com.cifarlab.dataset.DatasetImporter;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.model.ModelSummary;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.training.dl4j.EngineBench;
import com.cifarlab.training.dl4j.EpochTiming;
import com.cifarlab.training.dl4j.MlpFloor;
import com.cifarlab.training.dl4j.OneDnn;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code bench}: trains the Lab MLP or the Small CNN on the imported CIFAR-10 exactly as the
 * dashboard does (the lab's settings: Adam at 0.001, batch 64, seed 42, 80/20 split) and prints
 * how long each epoch takes, whether epochs slow down as training goes on, the peak memory, and
 * with {@code --concurrent K} how much K runs at once gain over one.
 *
 * <p>The K runs go first and the lone run second, each run on its own thread of this JVM as the
 * server's workers are: any warm-up of the JVM and ND4J then counts against the runs at once, so
 * the printed gain is if anything too low, and the process's peak memory right after them is
 * theirs alone.
 */
final class BenchCommand {

    static final String USAGE = "bench [--preset mlp|cnn] [--epochs N] [--concurrent K] [--train-size N] [--profile] "
            + "[--data-dir DIR]";
    static final int DEFAULT_MLP_EPOCHS = 30;
    static final int DEFAULT_CNN_EPOCHS = 6;
    static final int MAX_CONCURRENT = 16;
    static final int FLOOR_STEPS = 200;

    private static final Set<String> OPTIONS = Set.of("--preset", "--epochs", "--concurrent", "--train-size", "--data-dir");
    private static final Set<String> FLAGS = Set.of("--profile");

    private final CifarLabProperties properties;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    BenchCommand(CifarLabProperties properties, Clock clock, PrintStream out, PrintStream err) {
        this.properties = properties;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        if (args.length > 0 && args[0].equals("class")) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            return Failures.guard(err, () -> new ClassBench(properties, clock, out).run(rest));
        }
        if (args.length > 0 && args[0].equals("pages")) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            return Failures.guard(err, () -> new PagesBench(properties, clock, out).run(rest));
        }
        return Failures.guard(err, () -> bench(args));
    }

    /** The lab's settings with the chosen network, epochs and training-set size. */
    static TrainingSpec spec(Options options) {
        ModelSpec model = options.choice("--preset", Map.of("mlp", ModelSpec.labMlp(), "cnn", ModelSpec.smallCnn()),
                ModelSpec.labMlp());
        int epochs = options.integer("--epochs", model.isConvolutional() ? DEFAULT_CNN_EPOCHS : DEFAULT_MLP_EPOCHS);
        return TrainingSpec.labDefaults().withModel(model).withEpochs(epochs)
                .withTrainSize(options.integer("--train-size", 0));
    }

    private int bench(String[] args) {
        Options options = Options.parse(args, OPTIONS, FLAGS);
        TrainingSpec spec = spec(options);
        int concurrent = options.integer("--concurrent", 1);
        if (concurrent < 1 || concurrent > MAX_CONCURRENT) {
            throw new UsageException("--concurrent must be between 1 and " + MAX_CONCURRENT + " (got " + concurrent + ").");
        }
        boolean profile = options.flag("--profile");
        CifarDataset data = load(options.text("--data-dir").map(Path::of).orElse(properties.dataDir()));
        OptionalLong datasetRss = ProcReadings.residentKb();
        DataSplit split = DataSplit.of(data.train().size(), spec.seed());

        printHeader(spec, split);
        BenchReport.Round together = null;
        OptionalLong togetherPeak = OptionalLong.empty();
        if (concurrent > 1) {
            out.printf(Locale.ROOT, "%d runs at once, each on its own thread:%n", concurrent);
            together = round(spec, data, split, concurrent, profile);
            togetherPeak = ProcReadings.peakResidentKb();
            for (int run = 0; run < concurrent; run++) {
                out.printf(Locale.ROOT, "run %d/%d: ", run + 1, concurrent);
                out.println(String.join("; ", BenchReport.summary(together.runs().get(run))));
            }
            out.println("One run alone:");
        }
        BenchReport.Round alone = round(spec, data, split, 1, profile);
        BenchReport.summary(alone.runs().get(0)).forEach(out::println);
        if (!spec.model().isConvolutional()) {
            // In the same process and right after the run, so that both see the same machine.
            out.println(BenchReport.floorLine(MlpFloor.millisPerStep(spec, FLOOR_STEPS), alone.runs().get(0)));
        }
        ProcReadings.peakResidentKb().ifPresent(kb -> out.println("peak RSS: " + BenchReport.megabytes(kb)));
        if (together != null) {
            out.println(BenchReport.throughputLine(together, alone));
            if (datasetRss.isPresent() && togetherPeak.isPresent()) {
                out.printf(Locale.ROOT, "RSS with only the data set loaded: %s; peak RSS of %d runs at once: %s (%s more)%n",
                        BenchReport.megabytes(datasetRss.getAsLong()), concurrent,
                        BenchReport.megabytes(togetherPeak.getAsLong()),
                        BenchReport.megabytes(togetherPeak.getAsLong() - datasetRss.getAsLong()));
            }
        }
        ProcReadings.loadAverages().ifPresent(load -> out.println("load average at the end: " + load));
        return 0;
    }

    private CifarDataset load(Path dataDir) {
        DatasetService service = new DatasetService(new DatasetImporter(dataDir, clock),
                new ArchiveDownloader(properties.downloadUrl(), ArchiveDownloader.OFFICIAL_MD5, clock));
        return service.current().orElseThrow(() -> new DatasetException("CIFAR-10 is not imported in " + dataDir
                + "; import it first with 'java -jar cifar-lab.jar data import <cifar-10-binary.tar.gz or folder>"
                + " --data-dir " + dataDir + "'."));
    }

    private void printHeader(TrainingSpec spec, DataSplit split) {
        int trainImages = spec.trainSize() > 0 ? spec.trainSize() : split.trainSize();
        out.printf(Locale.ROOT, "%s, %,d parameters; %s at %s, batch %d, seed %d; %,d training and %,d validation images "
                        + "per epoch; one BLAS thread per run; OMP_WAIT_POLICY=%s, OMP_NUM_THREADS=%s; %d cores%n",
                spec.model().architecture(), ModelSummary.of(spec.model()).totalParams(), spec.optimizer(),
                spec.learningRate(), spec.batchSize(), spec.seed(), trainImages, split.validationSize(),
                environment("OMP_WAIT_POLICY"), environment("OMP_NUM_THREADS"), Runtime.getRuntime().availableProcessors());
        out.println("engine: " + OneDnn.describe());
        ProcReadings.loadAverages().ifPresent(load -> out.println("load average at the start: " + load));
    }

    private static String environment(String name) {
        String value = System.getenv(name);
        return value == null ? "(unset)" : value;
    }

    /** Trains {@code runs} copies of {@code spec} at once, one thread each, printing every epoch as it ends. */
    private BenchReport.Round round(TrainingSpec spec, CifarDataset data, DataSplit split, int runs, boolean profile) {
        EngineBench engine = new EngineBench(clock);
        List<List<EpochTiming>> timings = new ArrayList<>();
        AtomicReference<Instant> lastEpochEnd = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        Instant start = clock.instant();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                List<EpochTiming> own = Collections.synchronizedList(new ArrayList<>());
                timings.add(own);
                String prefix = runs == 1 ? "" : String.format(Locale.ROOT, "run %d/%d ", run + 1, runs);
                futures.add(pool.submit(() -> {
                    TrainingResult result = engine.run(spec, data, split, profile, timing -> {
                        own.add(timing);
                        lastEpochEnd.accumulateAndGet(clock.instant(), (a, b) -> a == null || b.isAfter(a) ? b : a);
                        print(prefix, timing, profile);
                    }, seconds -> {
                        synchronized (out) {
                            out.printf(Locale.ROOT, "%stest pass of %,d images: %.2f s%n", prefix, data.test().size(), seconds);
                        }
                    });
                    // A faster engine is only worth its figures if it still learns what the lab expects.
                    synchronized (out) {
                        out.printf(Locale.ROOT, "%stest accuracy: %.4f, test loss: %.4f%n", prefix,
                                result.test().accuracy(), result.test().loss());
                    }
                }));
            }
            for (Future<?> future : futures) {
                await(future);
            }
        } finally {
            pool.shutdownNow();
        }
        return new BenchReport.Round(timings, Duration.between(start, lastEpochEnd.get()));
    }

    private void print(String prefix, EpochTiming timing, boolean profile) {
        synchronized (out) {
            out.println(prefix + BenchReport.epochLine(timing));
            out.println(BenchReport.validationLine(timing));
            if (profile) {
                out.println(BenchReport.profileLine(timing));
            }
        }
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("The bench was interrupted.", e);
        }
    }
}
