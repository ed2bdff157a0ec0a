package com.cifarlab.ui.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cifarlab.testdata.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UpdateThrottleTest {

    private final TestClock clock = TestClock.manual(Instant.parse("2025-03-01T09:00:00Z"));
    private final UpdateThrottle throttle = UpdateThrottle.forProgress(clock);

    @Test
    void theFirstUpdatePassesAndTheNextOnesWaitAQuarterOfASecond() {
        assertThat(throttle.tryPass()).isTrue();
        assertThat(throttle.tryPass()).isFalse();

        clock.advance(Duration.ofMillis(249));
        assertThat(throttle.tryPass()).isFalse();

        clock.advance(Duration.ofMillis(1));
        assertThat(throttle.tryPass()).isTrue();
        assertThat(throttle.tryPass()).isFalse();
    }

    @Test
    void progressReportedEveryTenMillisecondsForTenSecondsGivesAtMostFourUpdatesASecond() {
        long passed = IntStream.range(0, 1000).filter(i -> {
            clock.advance(Duration.ofMillis(10));
            return throttle.tryPass();
        }).count();

        assertThat(passed).isEqualTo(40);
    }

    @Test
    void aRejectedUpdateDoesNotPostponeTheNextOne() {
        throttle.tryPass();
        clock.advance(Duration.ofMillis(200));
        throttle.tryPass();
        clock.advance(Duration.ofMillis(50));

        assertThat(throttle.tryPass()).isTrue();
    }

    @Test
    void aNegativeIntervalIsRefused() {
        assertThatThrownBy(() -> new UpdateThrottle(clock, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
