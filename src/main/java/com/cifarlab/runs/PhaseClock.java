package com.cifarlab.runs;

import com.cifarlab.training.TrainingEvent;
import com.cifarlab.training.TrainingPhase;
import com.cifarlab.training.TrainingSpec;
import java.time.Duration;
import java.time.Instant;

/**
 * Where one training run is and how long it still needs, from the phases it has been through:
 * its own training speed, its own validation time (and the test pass costs as much, being the same
 * number of images forward only), and the server's predictions until those are measured. Fed by
 * the trainer's thread and read by request threads, without the run service's lock.
 */
final class PhaseClock {

    private final TrainingSpec spec;
    private final double predictedTrainEpoch;
    private final double predictedValidation;

    private TrainingPhase phase = TrainingPhase.PREPARING;
    private int epochs;
    private int epoch;
    private int batch;
    private int batchesPerEpoch;
    private double samplesPerSecond;
    private Instant phaseStart;
    private Instant trainingStart;
    private double measuredTrainEpoch = Double.NaN;
    private double measuredValidation = Double.NaN;

    /**
     * @param predictedEpoch      a whole epoch as the server predicts it, validation included
     * @param predictedValidation validating 10,000 images as the server predicts it
     */
    PhaseClock(TrainingSpec spec, Duration predictedEpoch, Duration predictedValidation, Instant startedAt) {
        this.spec = spec;
        this.epochs = spec.epochs();
        this.predictedValidation = seconds(predictedValidation);
        this.predictedTrainEpoch = Math.max(0, seconds(predictedEpoch) - this.predictedValidation);
        this.phaseStart = startedAt;
    }

    synchronized void on(TrainingEvent event, Instant at) {
        if (event instanceof TrainingEvent.Started started) {
            epochs = started.epochs();
            batchesPerEpoch = started.batchesPerEpoch();
        } else if (event instanceof TrainingEvent.BatchProgress progress) {
            if (phase != TrainingPhase.TRAINING || progress.epoch() != epoch) {
                phase = TrainingPhase.TRAINING;
                phaseStart = at;
                // Told after its first batch: the epoch began about one batch earlier.
                trainingStart = progress.samplesPerSecond() > 0
                        ? at.minusMillis(Math.round(1000.0 * spec.batchSize() * progress.batch() / progress.samplesPerSecond()))
                        : at;
            }
            epoch = progress.epoch();
            batch = progress.batch();
            batchesPerEpoch = progress.batchesPerEpoch();
            if (progress.samplesPerSecond() > 0) {
                samplesPerSecond = progress.samplesPerSecond();
            }
        } else if (event instanceof TrainingEvent.PhaseStarted started) {
            if (started.phase() == TrainingPhase.VALIDATING && trainingStart != null) {
                measuredTrainEpoch = seconds(Duration.between(trainingStart, at));
            }
            phase = started.phase();
            epoch = Math.max(epoch, started.epoch());
            phaseStart = at;
        } else if (event instanceof TrainingEvent.EpochEnded ended) {
            if (phase == TrainingPhase.VALIDATING) {
                measuredValidation = seconds(Duration.between(phaseStart, at));
            }
            epoch = ended.metrics().epoch();
            batch = batchesPerEpoch;
        }
    }

    /** The run writes its model: all that is left is that write. */
    synchronized void saving(Instant at) {
        phase = TrainingPhase.SAVING;
        phaseStart = at;
    }

    synchronized RunProgress progress(Instant now, boolean cancelling) {
        return new RunProgress(epoch, epochs, batch, batchesPerEpoch, samplesPerSecond, phase, left(now), cancelling);
    }

    private Duration left(Instant now) {
        double trainEpoch = !Double.isNaN(measuredTrainEpoch) ? measuredTrainEpoch
                : samplesPerSecond > 0 && batchesPerEpoch > 0
                ? (double) batchesPerEpoch * spec.batchSize() / samplesPerSecond : predictedTrainEpoch;
        double validation = Double.isNaN(measuredValidation) ? predictedValidation : measuredValidation;
        double inPhase = seconds(Duration.between(phaseStart, now));
        int epochsAfterThis = Math.max(0, epochs - epoch);
        double left = switch (phase) {
            case PREPARING -> epochs * (trainEpoch + validation) + validation;
            case TRAINING -> {
                double batchesLeft = Math.max(0, batchesPerEpoch - batch);
                double thisEpoch = samplesPerSecond > 0 ? batchesLeft * spec.batchSize() / samplesPerSecond
                        : trainEpoch * batchesLeft / Math.max(1, batchesPerEpoch);
                yield thisEpoch + validation + epochsAfterThis * (trainEpoch + validation) + validation;
            }
            case VALIDATING -> Math.max(0, validation - inPhase) + epochsAfterThis * (trainEpoch + validation)
                    + validation;
            case TESTING -> Math.max(0, validation - inPhase);
            case SAVING -> 0;
        };
        return Duration.ofMillis(Math.round(left * 1000));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
