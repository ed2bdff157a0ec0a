package com.cifarlab.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.events.Broadcaster;
import com.cifarlab.events.ListenerRegistration;
import com.cifarlab.training.TrainingPhase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunEventBusTest {

    private final Broadcaster<RunEvent> bus = RunEventBus.create();

    private static RunEvent.Progress progress(String runId, int batch) {
        return new RunEvent.Progress(runId, "s", new RunProgress(1, 5, batch, 1000, 100, TrainingPhase.TRAINING, Duration.ofMinutes(1), false));
    }

    @Test
    void publishingNeverWaitsForABlockedListenerAndItsOldProgressIsDropped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstDelivered = new CountDownLatch(1);
        List<RunEvent> received = new CopyOnWriteArrayList<>();
        registerBlockedListener(firstDelivered, release, received);
        bus.publish(new RunEvent.QueueChanged(java.util.Set.of()));
        assertThat(firstDelivered.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> {
            for (int batch = 1; batch <= 10_000; batch++) {
                bus.publish(progress("run-" + (batch % 3), batch));
            }
            for (int i = 0; i < 2 * Broadcaster.MAILBOX_CAPACITY; i++) {
                bus.publish(new RunEvent.QueueChanged(java.util.Set.of()));
            }
        });

        // All of it is published while the listener is still blocked: publishing never waited for it.
        await().atMost(Duration.ofSeconds(30)).until(publishing::isDone);
        assertThat(publishing).isCompletedWithValue(null);
        assertThat(release.getCount()).isOne();
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == Broadcaster.MAILBOX_CAPACITY + 1);
        assertThat(received).filteredOn(RunEvent.Progress.class::isInstance).isEmpty();
    }

    @Test
    void newerProgressOfARunReplacesAnOlderOneStillWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<RunEvent> received = new CopyOnWriteArrayList<>();
        registerBlockedListener(new CountDownLatch(1), release, received);
        bus.publish(new RunEvent.QueueChanged(java.util.Set.of()));
        for (int batch = 1; batch <= 50; batch++) {
            bus.publish(progress("a", batch));
            bus.publish(progress("b", batch));
        }
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
        assertThat(received.subList(1, 3)).extracting(event -> ((RunEvent.Progress) event).progress().batch())
                .containsExactly(50, 50);
    }

    @Test
    void aListenerThatThrowsKeepsReceivingAndOthersAreUnaffected() {
        List<RunEvent> failing = new CopyOnWriteArrayList<>();
        List<RunEvent> healthy = new CopyOnWriteArrayList<>();
        bus.subscribe(event -> true, event -> {
            failing.add(event);
            throw new IllegalStateException("broken view");
        });
        bus.subscribe(event -> true, healthy::add);

        for (int i = 0; i < 5; i++) {
            bus.publish(new RunEvent.QueueChanged(java.util.Set.of()));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> failing.size() == 5 && healthy.size() == 5);
    }

    @Test
    void aRemovedListenerHearsNothingMoreAndAFilterKeepsOthersEventsAway() {
        List<RunEvent> received = new CopyOnWriteArrayList<>();
        ListenerRegistration registration = bus.subscribe(event -> event.concerns("mine"), received::add);

        bus.publish(progress("theirs", 1));
        bus.publish(progress("mine", 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        registration.remove();
        bus.publish(progress("mine", 2));

        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> received.size() == 1);
        assertThat(((RunEvent.Progress) received.get(0)).runId()).isEqualTo("mine");
    }

    @Test
    void theListenerCountFollowsRegistrationsAndRemovals() {
        ListenerRegistration first = bus.subscribe(event -> true, event -> { });
        ListenerRegistration second = bus.subscribe(event -> true, event -> { });
        assertThat(bus.listenerCount()).isEqualTo(2);

        first.remove();
        first.remove();
        second.remove();

        assertThat(bus.listenerCount()).isZero();
    }

    /** A listener that signals each delivery, then holds the bus's delivery thread until {@code release}. */
    private void registerBlockedListener(CountDownLatch delivered, CountDownLatch release, List<RunEvent> received) {
        bus.subscribe(event -> true, event -> {
            delivered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(event);
        });
    }
}
