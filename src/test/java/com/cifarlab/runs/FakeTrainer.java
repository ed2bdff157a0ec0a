package com.cifarlab.runs;

import com.cifarlab.evaluation.ClassMetrics;
import com.cifarlab.evaluation.ClassificationReport;
import com.cifarlab.evaluation.ConfusionMatrix;
import com.cifarlab.evaluation.Misclassification;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.ModelArtifact;
import com.cifarlab.training.Trainer;
import com.cifarlab.training.TrainingCancelledException;
import com.cifarlab.training.TrainingEvent;
import com.cifarlab.training.TrainingListener;
import com.cifarlab.training.TrainingPhase;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A trainer without DL4J: each run follows the script registered for its seed (or the default
 * one), "batches" are short sleeps that check the cancel signal first, as the real engine
 * does, and the model is a small zip naming the seed. It counts calls and concurrency.
 */
public final class FakeTrainer implements Trainer {

    static final String MODEL_ENTRY = "fake-model.txt";

    /** What one run does. */
    @FunctionalInterface
    public interface Script {
        TrainingResult run(Training training) throws Exception;
    }

    private final Map<Long, Script> scripts = new ConcurrentHashMap<>();
    private volatile Script defaultScript = Training::succeed;
    private final AtomicInteger generation = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Set<String> threads = ConcurrentHashMap.newKeySet();

    /**
     * Tests that share one server start afresh: no result of an earlier test's identical run is
     * taken for theirs (the server computes runs of one spec and identity once).
     */
    public FakeTrainer afresh() {
        generation.incrementAndGet();
        return this;
    }

    @Override
    public String resultsIdentity() {
        return "fake trainer, generation " + generation.get();
    }

    public FakeTrainer script(long seed, Script script) {
        scripts.put(seed, script);
        return this;
    }

    public FakeTrainer defaultScript(Script script) {
        defaultScript = script;
        return this;
    }

    int maxConcurrent() {
        return maxConcurrent.get();
    }

    int concurrent() {
        return concurrent.get();
    }

    public int calls(long seed) {
        AtomicInteger count = calls.get(seed);
        return count == null ? 0 : count.get();
    }

    Set<String> threadNames() {
        return Set.copyOf(threads);
    }

    @Override
    public TrainingResult train(TrainingSpec spec, TrainingListener listener, CancelSignal cancel) {
        int now = concurrent.incrementAndGet();
        maxConcurrent.accumulateAndGet(now, Math::max);
        calls.computeIfAbsent(spec.seed(), s -> new AtomicInteger()).incrementAndGet();
        threads.add(Thread.currentThread().getName());
        try {
            return scripts.getOrDefault(spec.seed(), defaultScript).run(new Training(spec, listener, cancel));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            concurrent.decrementAndGet();
        }
    }

    /** One call of the trainer, with helpers a script uses. */
    public static final class Training {

        final TrainingSpec spec;
        final TrainingListener listener;
        final CancelSignal cancel;

        Training(TrainingSpec spec, TrainingListener listener, CancelSignal cancel) {
            this.spec = spec;
            this.listener = listener;
            this.cancel = cancel;
        }

        /** Hands this run to another trainer, e.g. the real engine for the one run a test needs a real model of. */
        public TrainingResult by(Trainer other) {
            return other.train(spec, listener, cancel);
        }

        /** Checks the cancel signal, as the engine does before every batch, then "trains" one. */
        void batch() throws InterruptedException {
            if (cancel.isCancelled()) {
                throw new TrainingCancelledException();
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }

        /** Batches until cancelled. */
        TrainingResult untilCancelled(AtomicInteger batchCounter, long millisPerBatch) throws InterruptedException {
            while (true) {
                if (cancel.isCancelled()) {
                    throw new TrainingCancelledException();
                }
                TimeUnit.MILLISECONDS.sleep(millisPerBatch);
                batchCounter.incrementAndGet();
            }
        }

        /** Waits for {@code gate} (checking the cancel signal meanwhile), then succeeds. */
        public TrainingResult after(CountDownLatch gate) throws InterruptedException {
            while (!gate.await(5, TimeUnit.MILLISECONDS)) {
                if (cancel.isCancelled()) {
                    throw new TrainingCancelledException();
                }
            }
            return succeed();
        }

        /** Reports the start and the first batch of two in epoch 1, then waits for {@code gate} and succeeds. */
        public TrainingResult firstBatchThen(CountDownLatch gate) throws InterruptedException {
            listener.on(new TrainingEvent.Started(spec.epochs(), 2, 500, 100, 1234));
            batch();
            listener.on(new TrainingEvent.BatchProgress(1, 1, 2, 1000));
            return after(gate);
        }

        /**
         * Trains epoch 1's two batches, then validates until {@code gate} opens without looking at the
         * cancel signal (as the engine's validation does), then goes on like {@link #succeed()}.
         */
        public TrainingResult validatingUntil(CountDownLatch gate) throws InterruptedException {
            listener.on(new TrainingEvent.Started(spec.epochs(), 2, 500, 100, 1234));
            batch();
            listener.on(new TrainingEvent.BatchProgress(1, 1, 2, 1000));
            batch();
            listener.on(new TrainingEvent.BatchProgress(1, 2, 2, 1000));
            listener.on(new TrainingEvent.PhaseStarted(TrainingPhase.VALIDATING, 1));
            gate.await();
            batch();
            return succeed();
        }

        /** The spec's epochs of two batches each, with events, then a result with a fake model. */
        public TrainingResult succeed() throws InterruptedException {
            return succeedWith(report(0.3));
        }

        /** Like {@link #succeed()}, with the test accuracy given (leaderboards need different ones). */
        public TrainingResult succeedWithTestAccuracy(double testAccuracy) throws InterruptedException {
            return succeedWith(report(testAccuracy));
        }

        /** Like {@link #succeed()}, with {@code report} as the test result. */
        public TrainingResult succeedWith(TestReport report) throws InterruptedException {
            return succeed(report, null);
        }

        /**
         * Like {@link #succeed()}, but every epoch first waits for a permit of {@code epochPermits}
         * (checking the cancel signal meanwhile), so that a test reports the epochs one at a time.
         */
        public TrainingResult succeedEpochByEpoch(Semaphore epochPermits) throws InterruptedException {
            return succeed(report(0.3), epochPermits);
        }

        private TrainingResult succeed(TestReport report, Semaphore epochPermits) throws InterruptedException {
            int batchesPerEpoch = 2;
            listener.on(new TrainingEvent.Started(spec.epochs(), batchesPerEpoch, 500, 100, 1234));
            List<EpochMetrics> epochs = new ArrayList<>();
            for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
                while (epochPermits != null && !epochPermits.tryAcquire(5, TimeUnit.MILLISECONDS)) {
                    if (cancel.isCancelled()) {
                        throw new TrainingCancelledException();
                    }
                }
                for (int b = 1; b <= batchesPerEpoch; b++) {
                    batch();
                    listener.on(new TrainingEvent.BatchProgress(epoch, b, batchesPerEpoch, 1000));
                }
                EpochMetrics metrics = new EpochMetrics(epoch, 2.0 / epoch, 0.2 + 0.01 * epoch, 2.1 / epoch,
                        0.19 + 0.01 * epoch, 0.05);
                epochs.add(metrics);
                listener.on(new TrainingEvent.EpochEnded(metrics));
            }
            listener.on(new TrainingEvent.Finished(spec.epochs(), report));
            return new TrainingResult(spec, epochs, spec.epochs(), report, model(spec.seed()));
        }
    }

    static ModelArtifact model(long seed) {
        return file -> {
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
                zip.putNextEntry(new ZipEntry(MODEL_ENTRY));
                zip.write(("seed=" + seed).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        };
    }

    /** A model that dies half way through writing, like a crash or a full disk. */
    static ModelArtifact brokenModel() {
        return file -> {
            try (OutputStream out = Files.newOutputStream(file)) {
                out.write(new byte[1000]);
                throw new IOException("No space left on device");
            }
        };
    }

    /** "Loads" a fake model: the seed it was trained with. */
    public static String load(Path file) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry entry = zip.getNextEntry();
            if (entry == null || !entry.getName().equals(MODEL_ENTRY)) {
                throw new IOException(file + " is not a fake model");
            }
            return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * A test result shaped like the real engine's: ten classes of 1,000 test images, each class
     * right {@code accuracy} of the time, its mistakes spread over the next three classes; its
     * report is worked out from the matrix as scikit-learn would. The mistakes' labels match the
     * test images of {@code CifarFixtures}.
     */
    public static TestReport tenClassReport(double accuracy) {
        List<String> names = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                "truck");
        int n = names.size();
        int perClass = 1000;
        int right = (int) Math.round(accuracy * perClass);
        int[][] counts = new int[n][n];
        for (int actual = 0; actual < n; actual++) {
            counts[actual][actual] = right;
            int wrong = perClass - right;
            counts[actual][(actual + 1) % n] += wrong / 2;
            counts[actual][(actual + 2) % n] += wrong / 3;
            counts[actual][(actual + 3) % n] += wrong - wrong / 2 - wrong / 3;
        }
        List<ClassMetrics> perClassMetrics = new ArrayList<>();
        double precisionSum = 0;
        double recallSum = 0;
        double f1Sum = 0;
        for (int c = 0; c < n; c++) {
            int predicted = 0;
            for (int[] row : counts) {
                predicted += row[c];
            }
            double precision = predicted == 0 ? 0 : (double) counts[c][c] / predicted;
            double recall = (double) counts[c][c] / perClass;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClassMetrics.add(new ClassMetrics(names.get(c), precision, recall, f1, perClass));
            precisionSum += precision;
            recallSum += recall;
            f1Sum += f1;
        }
        double measured = (double) right / perClass;
        // Every class has the same support, so the weighted average equals the macro one.
        ClassMetrics macro = new ClassMetrics("macro avg", precisionSum / n, recallSum / n, f1Sum / n, n * perClass);
        ClassMetrics weighted = new ClassMetrics("weighted avg", precisionSum / n, recallSum / n, f1Sum / n, n * perClass);
        List<Misclassification> mistakes = List.of(
                new Misclassification(3, 8, 9, 0.97), new Misclassification(10, 5, 3, 0.91),
                new Misclassification(42, 7, 4, 0.64));
        return new TestReport(1.61, measured, new ConfusionMatrix(names, counts),
                new ClassificationReport(perClassMetrics, measured, macro, weighted), mistakes);
    }

    static TestReport report(double accuracy) {
        List<String> names = List.of("airplane", "automobile");
        ClassMetrics line = new ClassMetrics("airplane", 0.5, 0.4, 0.44, 1000);
        return new TestReport(1.7, accuracy, new ConfusionMatrix(names, new int[][] {{3, 1}, {2, 4}}),
                new ClassificationReport(List.of(line, new ClassMetrics("automobile", 0.6, 0.7, 0.65, 1000)),
                        accuracy, line, line),
                List.of(new Misclassification(17, 0, 1, 0.98)));
    }
}
