package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.CifarImages;
import com.cifarlab.dataset.DataSplit;
import com.cifarlab.model.Activation;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.testdata.CifarFixtures;
import com.cifarlab.testdata.SyntheticCifar;
import com.cifarlab.testdata.TestClock;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingCancelledException;
import com.cifarlab.training.TrainingEvent;
import com.cifarlab.training.TrainingFailedException;
import com.cifarlab.training.TrainingPhase;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class Dl4jTrainerTest {

    static final CifarDataset DATA = SyntheticCifar.dataset(600, 200, 7);
    static final DataSplit SPLIT = DataSplit.of(DATA.train().size(), 42);
    static final TrainingSpec SMALL = new TrainingSpec(
            ModelSpec.customMlp(List.of(new HiddenLayer(64, Activation.RELU, 0.2))), Optimizer.ADAM, 0.001,
            LossFunction.CATEGORICAL_CROSSENTROPY, 3, 32, 42, 0, 0);

    private final List<TrainingEvent> events = new ArrayList<>();
    private final AtomicInteger steps = new AtomicInteger();

    private Dl4jTrainer trainer(Clock clock, Duration limit, BatchHook hook) {
        return new Dl4jTrainer(null, limit, clock, (epoch, batch, features) -> {
            steps.incrementAndGet();
            hook.beforeStep(epoch, batch, features);
        });
    }

    private Dl4jTrainer trainer() {
        return trainer(Clock.systemUTC(), Duration.ofHours(2), BatchHook.NONE);
    }

    @Test
    void aTinyRunLearnsAndReportsEveryStepInOrder() {
        TrainingResult result = trainer().train(SMALL, DATA, SPLIT, events::add, new CancelSignal());

        assertThat(events.get(0)).isEqualTo(new TrainingEvent.Started(3, 15, 480, 120, 3072L * 64 + 64 + 650));
        assertThat(events).filteredOn(TrainingEvent.EpochEnded.class::isInstance).hasSize(3);
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
        List<EpochMetrics> epochs = result.epochs();
        assertThat(epochs).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
        assertThat(epochs.get(2).trainLoss()).isLessThan(epochs.get(0).trainLoss());
        assertThat(epochs.get(2).validationLoss()).isLessThan(epochs.get(0).validationLoss());
        assertThat(epochs.get(2).trainAccuracy()).isGreaterThan(0.8).isLessThanOrEqualTo(1);
        assertThat(epochs.get(2).validationAccuracy()).isGreaterThan(0.8);
        assertThat(epochs).allSatisfy(e -> assertThat(e.seconds()).isPositive());
        assertThat(result.test().accuracy()).isGreaterThan(0.8);
        assertThat(result.test().confusion().counts()).hasDimensions(10, 10);
        assertThat(result.test().report().perClass()).hasSize(10);
        assertThat(result.test().confidentMistakes()).hasSizeLessThanOrEqualTo(20)
                .isSortedAccordingTo((a, b) -> Double.compare(b.probability(), a.probability()));
        assertThat(result.bestEpoch()).isEqualTo(3);
        assertThat(steps.get()).isEqualTo(3 * 15);
    }

    @Test
    void progressIsReportedAtTheFirstBatchEveryTwentyFiveAndTheLastWithAThroughputAndEachPhaseIsTold() {
        // A millisecond per clock reading: far from the once-a-second rule, which the next test covers.
        trainer(TestClock.steppingOnEachRead(Instant.parse("2026-12-01T09:00:00Z"), Duration.ofMillis(1)),
                Duration.ofHours(2), BatchHook.NONE)
                .train(SMALL.withEpochs(1).withBatchSize(8), DATA, SPLIT, events::add, new CancelSignal());

        List<TrainingEvent.BatchProgress> progress = events.stream()
                .filter(TrainingEvent.BatchProgress.class::isInstance).map(TrainingEvent.BatchProgress.class::cast).toList();
        assertThat(progress).extracting(TrainingEvent.BatchProgress::batch).containsExactly(1, 25, 50, 60);
        assertThat(events).filteredOn(TrainingEvent.PhaseStarted.class::isInstance).containsExactly(
                new TrainingEvent.PhaseStarted(TrainingPhase.VALIDATING, 1),
                new TrainingEvent.PhaseStarted(TrainingPhase.TESTING, 1));
        assertThat(events.indexOf(new TrainingEvent.PhaseStarted(TrainingPhase.VALIDATING, 1)))
                .isGreaterThan(events.indexOf(progress.get(3))).isLessThan(events.size() - 2);
        assertThat(progress).allSatisfy(p -> {
            assertThat(p.batchesPerEpoch()).isEqualTo(60);
            assertThat(p.samplesPerSecond()).isPositive();
        });
    }

    @Test
    void slowBatchesAreToldAtLeastOnceASecondSoAPageNeverWaitsTwentyFiveOfThem() {
        // Half a second per clock reading: each batch reads it at least once.
        trainer(TestClock.steppingOnEachRead(Instant.parse("2026-12-01T09:00:00Z"), Duration.ofMillis(500)),
                Duration.ofHours(2), BatchHook.NONE)
                .train(SMALL.withEpochs(1).withBatchSize(8), DATA, SPLIT, events::add, new CancelSignal());

        List<Integer> told = events.stream().filter(TrainingEvent.BatchProgress.class::isInstance)
                .map(event -> ((TrainingEvent.BatchProgress) event).batch()).toList();
        assertThat(told).hasSizeGreaterThan(25);
        for (int i = 1; i < told.size(); i++) {
            assertThat(told.get(i) - told.get(i - 1)).as("batches between two reports").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void aNanLossStopsTheRunAsDivergedWithinOneBatch() {
        Dl4jTrainer trainer = trainer(Clock.systemUTC(), Duration.ofHours(2), (epoch, batch, features) -> {
            if (epoch == 2 && batch == 3) {
                features.putScalar(0, Float.NaN);
            }
        });

        assertThatThrownBy(() -> trainer.train(SMALL, DATA, SPLIT, events::add, new CancelSignal()))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessage("Training diverged at epoch 2, batch 3: the loss became NaN. Try a lower learning rate.");
        assertThat(steps.get()).isEqualTo(15 + 3);
        assertThat(events.get(events.size() - 1)).isEqualTo(new TrainingEvent.Failed(
                "Training diverged at epoch 2, batch 3: the loss became NaN. Try a lower learning rate."));
    }

    @Test
    void cancellingFromTheListenerStopsBeforeTheNextBatch() {
        CancelSignal cancel = new CancelSignal();

        assertThatThrownBy(() -> trainer().train(SMALL.withBatchSize(8), DATA, SPLIT, event -> {
            events.add(event);
            if (event instanceof TrainingEvent.BatchProgress) {
                cancel.cancel();
            }
        }, cancel)).isInstanceOf(TrainingCancelledException.class);

        assertThat(steps.get()).as("told after the first batch").isEqualTo(1);
        assertThat(events.get(events.size() - 1)).isEqualTo(new TrainingEvent.Cancelled());
        assertThat(events).noneMatch(TrainingEvent.EpochEnded.class::isInstance);
    }

    @Test
    void cancellingDuringABatchLetsAtMostThatBatchFinish() {
        CancelSignal cancel = new CancelSignal();
        Dl4jTrainer trainer = trainer(Clock.systemUTC(), Duration.ofHours(2), (epoch, batch, features) -> {
            if (epoch == 2 && batch == 5) {
                cancel.cancel();
            }
        });

        assertThatThrownBy(() -> trainer.train(SMALL, DATA, SPLIT, events::add, cancel))
                .isInstanceOf(TrainingCancelledException.class);
        assertThat(steps.get()).isEqualTo(15 + 5);
    }

    @Test
    void theRunFailsWhenItReachesTheTimeLimit() {
        Clock minutePerLook = TestClock.steppingOnEachRead(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofMinutes(1));

        assertThatThrownBy(() -> trainer(minutePerLook, Duration.ofMinutes(10), BatchHook.NONE)
                .train(SMALL, DATA, SPLIT, events::add, new CancelSignal()))
                .isInstanceOf(TrainingFailedException.class)
                .hasMessageStartingWith("Training stopped at epoch 1, batch ")
                .hasMessageEndingWith("the run reached its time limit of 10 min.");
        assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Failed.class);
        assertThat(steps.get()).isLessThan(10);
    }

    /** The server computes runs of one key once for everyone: that is honest only if a second computation is identical. */
    @Test
    void twoComputationsOfOneSpecGiveBitIdenticalMetricsAndAnotherSeedDoesNot() {
        TrainingResult first = trainer().train(SMALL, DATA, SPLIT, e -> { }, new CancelSignal());
        TrainingResult second = trainer().train(SMALL, DATA, SPLIT, e -> { }, new CancelSignal());
        List<EpochMetrics> otherSeed = trainer().train(SMALL.withSeed(43), DATA, SPLIT, e -> { }, new CancelSignal()).epochs();

        assertThat(withoutTimes(second.epochs())).isEqualTo(withoutTimes(first.epochs()));
        assertThat(second.test()).usingRecursiveComparison().isEqualTo(first.test());
        assertThat(second.bestEpoch()).isEqualTo(first.bestEpoch());
        assertThat(otherSeed.get(0).trainLoss()).isNotEqualTo(first.epochs().get(0).trainLoss());
    }

    /** Every number of the curves but the wall-clock seconds, bit for bit. */
    private static List<List<Long>> withoutTimes(List<EpochMetrics> epochs) {
        return epochs.stream().map(m -> List.of((long) m.epoch(), Double.doubleToLongBits(m.trainLoss()),
                Double.doubleToLongBits(m.trainAccuracy()), Double.doubleToLongBits(m.validationLoss()),
                Double.doubleToLongBits(m.validationAccuracy()))).toList();
    }

    @Test
    void earlyStoppingStopsAfterThePatienceAndKeepsTheBestEpochsWeights() {
        // Validation images show one class but are labelled as the next: the better the network
        // learns the training images, the worse its validation loss gets.
        Random random = new Random(3);
        CifarImages images = SyntheticCifar.images(600, random, (index, pattern) -> index < 400 ? pattern : (pattern + 1) % 10);
        CifarDataset lying = new CifarDataset(CifarFixtures.CLASS_NAMES, images, DATA.test(), Path.of("lying"));
        DataSplit split = new DataSplit(IntStream.range(0, 400).toArray(), IntStream.range(400, 600).toArray());
        TrainingSpec spec = SMALL.withEpochs(30).withEarlyStoppingPatience(2);

        TrainingResult result = trainer().train(spec, lying, split, events::add, new CancelSignal());

        List<EpochMetrics> epochs = result.epochs();
        int best = 1 + IntStream.range(0, epochs.size()).boxed()
                .min((a, b) -> Double.compare(epochs.get(a).validationLoss(), epochs.get(b).validationLoss())).orElseThrow();
        assertThat(result.bestEpoch()).isEqualTo(best);
        assertThat(epochs).hasSize(best + 2);
        double restored = new NetworkEvaluator(((Dl4jModelArtifact) result.model()).network(), LossMeasure.CROSS_ENTROPY, 10)
                .lossAndAccuracy(lying.train(), split.validationIndices()).loss();
        assertThat(restored).isCloseTo(epochs.get(best - 1).validationLoss(), within(1e-9));
        assertThat(restored).isLessThan(epochs.get(epochs.size() - 1).validationLoss());
        assertThat(events.get(events.size() - 1)).isEqualTo(new TrainingEvent.Finished(best, result.test()));
    }

    @Test
    void aTrainSizeDrawsThatManyImages() {
        trainer().train(SMALL.withEpochs(1).withTrainSize(100), DATA, SPLIT, events::add, new CancelSignal());

        assertThat(events.get(0)).isEqualTo(new TrainingEvent.Started(1, 4, 100, 120, 3072L * 64 + 64 + 650));
    }

    @Test
    void everyOptimizerAndLossTrains() {
        for (Optimizer optimizer : Optimizer.values()) {
            for (LossFunction loss : LossFunction.values()) {
                TrainingSpec spec = SMALL.withEpochs(1).withOptimizer(optimizer, optimizer.defaultLearningRate()).withLoss(loss);
                TrainingResult result = trainer().train(spec, DATA, SPLIT, e -> { }, new CancelSignal());
                assertThat(result.epochs().get(0).trainLoss()).as(optimizer + " " + loss).isFinite();
            }
        }
    }

    @Test
    void theSmallCnnTrainsOnChannelFirstImages() {
        TrainingSpec spec = SMALL.withModel(ModelSpec.smallCnn()).withEpochs(1).withTrainSize(100);

        TrainingResult result = trainer().train(spec, DATA, SPLIT, events::add, new CancelSignal());

        assertThat(events.get(0)).isEqualTo(new TrainingEvent.Started(1, 4, 100, 120, 620_362));
        assertThat(result.epochs().get(0).validationLoss()).isFinite();
    }
}
