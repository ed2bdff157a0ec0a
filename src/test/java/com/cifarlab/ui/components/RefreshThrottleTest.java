package com.cifarlab.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.testdata.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** On a manual clock with a manual scheduler: every assertion is about time the test moves itself. */
class RefreshThrottleTest {

    private static final Duration INTERVAL = Duration.ofMillis(250);

    private final TestClock clock = TestClock.manual(Instant.parse("2026-12-01T09:00:00Z"));
    private final List<Instant> refreshedAt = new ArrayList<>();

    /** Tasks due at a time of the test clock, run when the test moves the clock past it. */
    private final class ManualDelays implements RefreshThrottle.Delays {
        private record Due(Instant at, Runnable task) {
        }

        private final List<Due> pending = new ArrayList<>();

        @Override
        public void after(Duration delay, Runnable task) {
            pending.add(new Due(clock.instant().plus(delay), task));
        }

        void advance(Duration by) {
            Instant until = clock.instant().plus(by);
            while (true) {
                Due next = pending.stream().filter(due -> !due.at().isAfter(until))
                        .min(Comparator.comparing(Due::at)).orElse(null);
                if (next == null) {
                    break;
                }
                pending.remove(next);
                clock.advance(Duration.between(clock.instant(), next.at()));
                next.task().run();
            }
            clock.advance(Duration.between(clock.instant(), until));
        }
    }

    private final ManualDelays delays = new ManualDelays();
    private final RefreshThrottle throttle = new RefreshThrottle(INTERVAL, clock, delays,
            () -> refreshedAt.add(clock.instant()));

    @Test
    void aBurstOfRequestsGivesOneRefreshAtOnce() {
        for (int i = 0; i < 1000; i++) {
            throttle.request();
        }

        delays.advance(Duration.ZERO);

        assertThat(refreshedAt).containsExactly(Instant.parse("2026-12-01T09:00:00Z"));
    }

    @Test
    void aRequestDuringTheIntervalIsServedWhenTheIntervalEndsNotDropped() {
        throttle.request();
        delays.advance(Duration.ZERO);
        delays.advance(Duration.ofMillis(100));

        throttle.request();
        delays.advance(Duration.ofMillis(100));
        assertThat(refreshedAt).as("still within the interval").hasSize(1);
        delays.advance(Duration.ofMillis(100));

        assertThat(refreshedAt).containsExactly(Instant.parse("2026-12-01T09:00:00Z"),
                Instant.parse("2026-12-01T09:00:00.250Z"));
    }

    @Test
    void requestsEveryFewMillisecondsForTwoSecondsGiveARefreshEveryIntervalAndNoMore() {
        for (int ms = 0; ms < 2000; ms += 2) {
            throttle.request();
            delays.advance(Duration.ofMillis(2));
        }
        delays.advance(INTERVAL);

        assertThat(refreshedAt).hasSize(9);
        for (int i = 1; i < refreshedAt.size(); i++) {
            assertThat(Duration.between(refreshedAt.get(i - 1), refreshedAt.get(i))).isEqualTo(INTERVAL);
        }
    }
}
