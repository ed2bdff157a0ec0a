package com.cifarlab.training.dl4j;

import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DataSplit;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

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
     */
    public TrainingResult run(TrainingSpec spec, CifarDataset data, DataSplit split, boolean profile,
                              Consumer<EpochTiming> onEpoch) {
        RunTimer timer = new RunTimer(profile, onEpoch);
        return new TrainingRun(spec, data, split, event -> { }, new CancelSignal(), clock, NO_LIMIT, BatchHook.NONE,
                timer).execute();
    }
}
