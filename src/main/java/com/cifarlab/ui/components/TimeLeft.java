package com.cifarlab.ui.components;

import com.cifarlab.runs.RunProgress;
import com.cifarlab.training.EpochMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How long a running run still needs, for its progress bar. Once an epoch has ended, the run's
 * own epoch times are the best guide (they include validation); before that, the training speed
 * of the current epoch.
 */
public final class TimeLeft {

    private TimeLeft() {
    }

    /**
     * @param progress  where the run is now
     * @param done      the epochs it has finished
     * @param batchSize images per batch
     * @return the estimate, or empty before anything has been measured
     */
    public static Optional<Duration> estimate(RunProgress progress, List<EpochMetrics> done, int batchSize) {
        boolean inNextEpoch = progress.epoch() == done.size() + 1;
        double epochsLeft = Math.max(0, progress.epochs() - done.size() - (inNextEpoch ? progress.epochFraction() : 0));
        if (!done.isEmpty()) {
            double epochSeconds = done.stream().mapToDouble(EpochMetrics::seconds).average().orElseThrow();
            return Optional.of(seconds(epochSeconds * epochsLeft));
        }
        if (progress.samplesPerSecond() > 0 && progress.batchesPerEpoch() > 0) {
            double batchesLeft = epochsLeft * progress.batchesPerEpoch();
            return Optional.of(seconds(batchesLeft * batchSize / progress.samplesPerSecond()));
        }
        return Optional.empty();
    }

    private static Duration seconds(double seconds) {
        return Duration.ofMillis(Math.round(seconds * 1000));
    }
}
