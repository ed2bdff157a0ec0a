package com.cifarlab.testdata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that tests drive: it moves only when told to, or by a fixed step each time it is
 * read (so that every timestamp is distinct, or a time limit arrives after a known number of looks).
 */
public final class TestClock extends Clock {

    private final AtomicReference<Instant> now;
    private final Duration stepPerRead;

    private TestClock(Instant start, Duration stepPerRead) {
        this.now = new AtomicReference<>(start);
        this.stepPerRead = stepPerRead;
    }

    /** Stands still until {@link #advance(Duration)}. */
    public static TestClock manual(Instant start) {
        return new TestClock(start, Duration.ZERO);
    }

    /** Moves {@code step} forward before each read. */
    public static TestClock steppingOnEachRead(Instant start, Duration step) {
        return new TestClock(start, step);
    }

    public void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
        return now.updateAndGet(instant -> instant.plus(stepPerRead));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
