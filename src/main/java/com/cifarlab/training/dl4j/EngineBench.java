package com.cifarlab.training.dl4j;

import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DataSplit;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.TrainingEvent;
import com.cifarlab.training.TrainingListener;
import com.cifarlab.training.TrainingPhase;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

/**
 * Runs a training exactly as the dashboard does, reporting each epoch's {@link EpochTiming} to
 * the {@code bench} command instead of curves to a student.
 */
public final class EngineBench {

    /** A bench run is stopped by its operator, not by the dashboard's per-run limit. */
    private static final Duration NO_LIMIT = Duration.ofDays(365);

    private final Clock clock;

    public EngineBench(Clock clock) {
        this.clock = clock;
    }

    /**
     * Trains {@code spec} on the calling thread, one BLAS thread, and hands every epoch's timing to
     * {@code onEpoch}; with {@code profile} the timings also split the steps into {@link StepPhase}s.
     * The final pass over the 10,000 test images, as a run does it, goes to {@code onTestPass} (wall seconds).
     */
    public TrainingResult run(TrainingSpec spec, CifarDataset data, DataSplit split, boolean profile,
                              Consumer<EpochTiming> onEpoch, DoubleConsumer onTestPass) {
        RunTimer timer = new RunTimer(profile, onEpoch);
        AtomicReference<Instant> testStart = new AtomicReference<>();
        TrainingListener testTimer = event -> {
            if (event instanceof TrainingEvent.PhaseStarted started && started.phase() == TrainingPhase.TESTING) {
                testStart.set(clock.instant());
            } else if (event instanceof TrainingEvent.Finished && testStart.get() != null) {
                onTestPass.accept(Duration.between(testStart.get(), clock.instant()).toNanos() / 1e9);
            }
        };
        return new TrainingRun(spec, data, split, testTimer, new CancelSignal(), clock, NO_LIMIT, BatchHook.NONE,
                timer).execute();
    }
}
