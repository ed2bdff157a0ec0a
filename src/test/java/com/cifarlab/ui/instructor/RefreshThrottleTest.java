package com.cifarlab.ui.instructor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RefreshThrottleTest {

    private static final Duration INTERVAL = Duration.ofMillis(300);

    @Test
    void aBurstOfRequestsGivesARefreshAtOnceAndAtMostOneMoreAfterTheInterval() throws InterruptedException {
        List<Long> refreshedAt = new CopyOnWriteArrayList<>();
        RefreshThrottle throttle = new RefreshThrottle(INTERVAL, () -> refreshedAt.add(System.nanoTime()));

        for (int i = 0; i < 1000; i++) {
            throttle.request();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> !refreshedAt.isEmpty());
        Thread.sleep(INTERVAL.toMillis() * 3);
        // The first refresh may start while the burst still runs; the rest of the burst then gets one more.
        assertThat(refreshedAt).hasSizeBetween(1, 2);
        if (refreshedAt.size() == 2) {
            assertThat(Duration.ofNanos(refreshedAt.get(1) - refreshedAt.get(0))).isGreaterThanOrEqualTo(INTERVAL);
        }
    }

    @Test
    void aRequestDuringTheIntervalIsServedWhenTheIntervalEndsNotDropped() {
        List<Long> refreshedAt = new CopyOnWriteArrayList<>();
        RefreshThrottle throttle = new RefreshThrottle(INTERVAL, () -> refreshedAt.add(System.nanoTime()));
        throttle.request();
        await().atMost(Duration.ofSeconds(5)).until(() -> refreshedAt.size() == 1);

        throttle.request();

        await().atMost(Duration.ofSeconds(5)).until(() -> refreshedAt.size() == 2);
        assertThat(Duration.ofNanos(refreshedAt.get(1) - refreshedAt.get(0))).isGreaterThanOrEqualTo(INTERVAL);
    }

    @Test
    void manyRequestsOverASecondGiveAtMostFourRefreshesASecond() throws InterruptedException {
        AtomicInteger refreshes = new AtomicInteger();
        RefreshThrottle throttle = new RefreshThrottle(InstructorView.REFRESH_INTERVAL, refreshes::incrementAndGet);

        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < end) {
            throttle.request();
            Thread.sleep(2);
        }

        assertThat(refreshes.get()).isBetween(4, 9);
    }
}
