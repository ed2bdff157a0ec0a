package com.cifarlab.runs;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** Settings and specs for the run tests. */
final class TestRuns {

    /** Tests write little; a real server keeps 100 MB free. */
    static final DataSize MIN_FREE_DISK = DataSize.ofMegabytes(1);

    private TestRuns() {
    }

    static CifarLabProperties properties(Path runsDir, int workers, int maxRunning, int maxWaiting, Duration timeLimit) {
        return new CifarLabProperties(runsDir.resolve("data"), runsDir, "http://localhost/none", workers, maxRunning,
                maxWaiting, timeLimit, 50_000_000L, MIN_FREE_DISK, true, null);
    }

    static CifarLabProperties properties(Path runsDir, int workers) {
        return properties(runsDir, workers, 1, 3, Duration.ofHours(2));
    }

    /** A tiny MLP run; the seed tells the fake trainer which script to follow. */
    static TrainingSpec spec(long seed) {
        return new TrainingSpec(ModelSpec.labMlp(), Optimizer.ADAM, 0.001, LossFunction.CATEGORICAL_CROSSENTROPY,
                2, 64, seed, 500, 0);
    }
}
