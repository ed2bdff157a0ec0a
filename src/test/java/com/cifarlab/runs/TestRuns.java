package com.cifarlab.runs;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** Settings, specs and clocks for the run tests. */
final class TestRuns {

    private TestRuns() {
    }

    static CifarLabProperties properties(Path runsDir, int workers, int maxRunning, int maxWaiting, Duration timeLimit) {
        return new CifarLabProperties(runsDir.resolve("data"), runsDir, "http://localhost/none", workers, maxRunning,
                maxWaiting, timeLimit, 50_000_000L, null);
    }

    static CifarLabProperties properties(Path runsDir, int workers) {
        return properties(runsDir, workers, 1, 3, Duration.ofHours(2));
    }

    /** A tiny MLP run; the seed tells the fake trainer which script to follow. */
    static TrainingSpec spec(long seed) {
        return new TrainingSpec(ModelSpec.labMlp(), Optimizer.ADAM, 0.001, LossFunction.CATEGORICAL_CROSSENTROPY,
                2, 64, seed, 500, 0);
    }

    /** A clock that moves one millisecond each time it is read: every timestamp is distinct and ordered. */
    static Clock tickingClock() {
        AtomicLong millis = new AtomicLong(Instant.parse("2025-03-01T09:00:00Z").toEpochMilli());
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis.incrementAndGet());
            }
        };
    }
}
