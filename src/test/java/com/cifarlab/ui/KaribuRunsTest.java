package com.cifarlab.ui;

import com.cifarlab.runs.FakeTrainer;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Karibu tests of pages that follow runs live and of the instructor's pages, on the steps' shared
 * context (no configuration of their own, so Spring reuses it). Runs and sessions of other tests
 * are around: tests look only at their own, and script the fake trainer by seeds of their own.
 */
public abstract class KaribuRunsTest extends FixtureKaribuTest {

    protected static final Duration BOUND = Duration.ofSeconds(20);

    @Autowired
    protected FakeTrainer trainer;

    @BeforeEach
    void noResultsOfEarlierTests() {
        trainer.afresh();
    }
}
