package com.cifarlab.training.dl4j;

import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DataSplit;
import com.cifarlab.evaluation.LossAndAccuracy;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.ModelCard;
import com.cifarlab.training.TrainingCancelledException;
import com.cifarlab.training.TrainingEvent;
import com.cifarlab.training.TrainingFailedException;
import com.cifarlab.training.TrainingListener;
import com.cifarlab.training.TrainingPhase;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One training run, start to finish, on the calling thread. Used once. */
final class TrainingRun {

    static final int PROGRESS_EVERY = 25;
    /** A batch of the CNN on few images can take a while: progress is told at least this often. */
    static final Duration PROGRESS_AT_LEAST_EVERY = Duration.ofSeconds(1);

    private final TrainingSpec spec;
    private final CifarDataset data;
    private final DataSplit split;
    private final TrainingListener listener;
    private final CancelSignal cancel;
    private final Clock clock;
    private final Duration timeLimit;
    private final BatchHook hook;
    private final RunTimer timer;

    private Instant started;
    private int epoch;
    private int batch;

    TrainingRun(TrainingSpec spec, CifarDataset data, DataSplit split, TrainingListener listener, CancelSignal cancel,
                Clock clock, Duration timeLimit, BatchHook hook, RunTimer timer) {
        this.spec = spec;
        this.data = data;
        this.split = split.withBalancedSubset(spec.trainSize(), data.train(), data.classCount(), spec.seed());
        this.listener = listener;
        this.cancel = cancel;
        this.clock = clock;
        this.timeLimit = timeLimit;
        this.hook = hook;
        this.timer = timer;
    }

    TrainingResult execute() {
        try {
            return train();
        } catch (TrainingFailedException | TrainingCancelledException e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail("Training stopped on an engine error: " + e.getMessage(), e);
        }
    }

    private TrainingResult train() {
        started = clock.instant();
        // Runs share the cores: one BLAS thread per run is the fair share, and two buy only 1.2-1.3x.
        Nd4j.factory().blas().setMaxThreads(1);
        MultiLayerNetwork network = Networks.build(spec);
        // Dropout masks come from this thread's generator: seeding it makes the whole curve repeatable.
        Nd4j.getRandom().setSeed(spec.seed());
        int[] order = split.trainIndices().clone();
        int batchesPerEpoch = (order.length + spec.batchSize() - 1) / spec.batchSize();
        listener.on(new TrainingEvent.Started(spec.epochs(), batchesPerEpoch, order.length, split.validationSize(),
                network.numParams()));

        ImageBatch images = ImageBatch.forNetwork(network, spec.batchSize(), data.classCount());
        NetworkEvaluator evaluator = new NetworkEvaluator(network, Networks.measure(spec.loss()), data.classCount());
        Random shuffle = new Random(spec.seed());
        BestEpoch best = new BestEpoch(spec.earlyStoppingPatience());
        List<EpochMetrics> epochs = new ArrayList<>();
        long iterations = 0;
        LeanLayers lean = LeanLayers.install(network);
        AccuracyRecorder recorder = AccuracyRecorder.attach(network);
        timer.attach(network);
        TestReport test;
        try {
            for (epoch = 1; epoch <= spec.epochs(); epoch++) {
                Instant epochStart = clock.instant();
                timer.epochStarted();
                shuffle(order, shuffle);
                double lossSum = 0;
                long correct = 0;
                Instant progressStart = epochStart;
                int progressImages = 0;
                for (batch = 1; batch <= batchesPerEpoch; batch++) {
                    checkCancelled();
                    checkTimeLimit();
                    timer.stepStarted();
                    int size = images.load(data.train(), order, (batch - 1) * spec.batchSize());
                    timer.mark(StepPhase.COPY);
                    hook.beforeStep(epoch, batch, images.features());
                    network.fit(images.features(), images.labels());
                    double score = network.score();
                    if (!Double.isFinite(score)) {
                        throw fail("Training diverged at epoch " + epoch + ", batch " + batch + ": the loss became "
                                + (Double.isNaN(score) ? "NaN" : "infinite") + ". Try a lower learning rate.", null);
                    }
                    lossSum += score * size;
                    correct += recorder.takeCorrect();
                    progressImages += size;
                    timer.mark(StepPhase.OTHER);
                    if (++iterations % UpdaterStateFlush.EVERY_ITERATIONS == 0) {
                        flushUpdaterState(network);
                        timer.mark(StepPhase.FLUSH);
                    }
                    Instant now = clock.instant();
                    // The first batch says training has begun; then every few batches, or every second.
                    if (batch == 1 || batch % PROGRESS_EVERY == 0 || batch == batchesPerEpoch
                            || Duration.between(progressStart, now).compareTo(PROGRESS_AT_LEAST_EVERY) >= 0) {
                        listener.on(new TrainingEvent.BatchProgress(epoch, batch, batchesPerEpoch,
                                perSecond(progressImages, progressStart, now)));
                        progressStart = now;
                        progressImages = 0;
                    }
                    timer.mark(StepPhase.OTHER);
                }
                Instant validationStart = clock.instant();
                listener.on(new TrainingEvent.PhaseStarted(TrainingPhase.VALIDATING, epoch));
                timer.validationStarted();
                LossAndAccuracy validation = evaluator.lossAndAccuracy(data.train(), split.validationIndices());
                Instant epochEnd = clock.instant();
                EpochMetrics metrics = new EpochMetrics(epoch, lossSum / order.length, (double) correct / order.length,
                        validation.loss(), validation.accuracy(), seconds(epochStart, epochEnd));
                timer.epochEnded(epoch, metrics.seconds(), order.length, seconds(validationStart, epochEnd));
                epochs.add(metrics);
                listener.on(new TrainingEvent.EpochEnded(metrics));
                if (best.record(metrics, network)) {
                    break;
                }
            }
            best.restoreInto(network);
            checkCancelled();
            listener.on(new TrainingEvent.PhaseStarted(TrainingPhase.TESTING, epochs.size()));
            // Still on the lean layers: their pooling is what keeps the 10,000-image test pass short.
            test = evaluator.testReport(data.test(), data.classNames());
        } finally {
            timer.detach(network);
            recorder.detach(network);
            lean.uninstall();
        }
        ModelCard card = card(network, epochs, best.epoch(), test);
        listener.on(new TrainingEvent.Finished(best.epoch(), test));
        return new TrainingResult(spec, epochs, best.epoch(), test, new Dl4jModelArtifact(network, card));
    }

    private static void flushUpdaterState(MultiLayerNetwork network) {
        INDArray state = network.getUpdater().getStateViewArray();
        if (state != null) {
            UpdaterStateFlush.flush(state);
        }
    }

    private void checkCancelled() {
        if (cancel.isCancelled()) {
            listener.on(new TrainingEvent.Cancelled());
            throw new TrainingCancelledException();
        }
    }

    private void checkTimeLimit() {
        if (Duration.between(started, clock.instant()).compareTo(timeLimit) >= 0) {
            throw fail("Training stopped at epoch " + epoch + ", batch " + batch + ": the run reached its time limit of "
                    + describe(timeLimit) + ".", null);
        }
    }

    private TrainingFailedException fail(String reason, Throwable cause) {
        listener.on(new TrainingEvent.Failed(reason));
        return cause == null ? new TrainingFailedException(reason) : new TrainingFailedException(reason, cause);
    }

    private ModelCard card(MultiLayerNetwork network, List<EpochMetrics> epochs, int bestEpoch, TestReport test) {
        return new ModelCard(ModelCard.FORMAT, Versions.cifarLab(), Versions.dl4j(), clock.instant().toString(), spec,
                spec.seed(), data.classNames(), ModelCard.NORMALISATION, network.numParams(), epochs, bestEpoch,
                new ModelCard.TestSummary(test.loss(), test.accuracy(), test.report().macroAverage().f1()));
    }

    private static void shuffle(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static double perSecond(int images, Instant from, Instant to) {
        double seconds = seconds(from, to);
        return seconds > 0 ? images / seconds : 0;
    }

    static String describe(Duration duration) {
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append(" h ");
        }
        if (minutes > 0) {
            text.append(minutes).append(" min ");
        }
        if (seconds > 0 || text.isEmpty()) {
            text.append(seconds).append(" s ");
        }
        return text.toString().strip();
    }

    /**
     * Tracks the epoch with the lowest validation loss. With early stopping on, it keeps that
     * epoch's weights and optimizer state (a copy of the two flat arrays), says when the patience
     * has run out, and puts the kept state back at the end, as Keras's EarlyStopping with
     * {@code restore_best_weights=True} does.
     */
    private static final class BestEpoch {
        private final int patience;
        private int epoch;
        private double loss = Double.POSITIVE_INFINITY;
        private int sinceBest;
        private INDArray params;
        private INDArray updaterState;
        private boolean keptIsCurrent = true;

        BestEpoch(int patience) {
            this.patience = patience;
        }

        /** Returns true when training should stop. */
        boolean record(EpochMetrics metrics, MultiLayerNetwork network) {
            if (metrics.validationLoss() < loss || epoch == 0) {
                epoch = metrics.epoch();
                loss = metrics.validationLoss();
                sinceBest = 0;
                if (patience > 0) {
                    params = network.params().dup();
                    INDArray state = network.getUpdater().getStateViewArray();
                    updaterState = state == null ? null : state.dup();
                }
                keptIsCurrent = true;
                return false;
            }
            keptIsCurrent = false;
            return patience > 0 && ++sinceBest >= patience;
        }

        void restoreInto(MultiLayerNetwork network) {
            if (patience == 0 || keptIsCurrent) {
                return;
            }
            network.setParams(params);
            if (updaterState != null) {
                network.getUpdater().getStateViewArray().assign(updaterState);
            }
        }

        int epoch() {
            return epoch;
        }
    }
}
