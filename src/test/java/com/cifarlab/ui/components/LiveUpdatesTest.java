package com.cifarlab.ui.components;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.events.Broadcaster;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.shared.Registration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

class LiveUpdatesTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final Broadcaster<String> events = Broadcaster.simple("test");
    private final LiveUpdates.Source<String> source = events::subscribe;
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private Div page;

    @BeforeEach
    void openAPage() {
        MockVaadin.setup();
        page = new Div();
    }

    @AfterEach
    void close() {
        MockVaadin.tearDown();
        events.close();
    }

    private void awaitApplied(int count) {
        await().atMost(BOUND).pollInSameThread().until(() -> {
            MockVaadin.clientRoundtrip();
            return applied.size() >= count;
        });
    }

    @Test
    void aPageHearsWhatItWantsOnlyWhileItIsOnScreen() {
        LiveUpdates.follow(page, source, event -> !event.startsWith("noise"), applied::add);
        assertThat(events.listenerCount()).as("not attached yet").isZero();

        UI.getCurrent().add(page);
        assertThat(events.listenerCount()).isOne();
        events.publish("noise 1");
        events.publish("epoch 1");
        awaitApplied(1);
        assertThat(applied).containsExactly("epoch 1");

        UI.getCurrent().remove(page);
        assertThat(events.listenerCount()).as("gone with the page").isZero();
        UI.getCurrent().add(page);
        events.publish("epoch 2");
        awaitApplied(2);
        assertThat(applied).containsExactly("epoch 1", "epoch 2");
    }

    @Test
    void stoppingFollowingEndsTheSubscriptionAtOnce() {
        UI.getCurrent().add(page);
        Registration following = LiveUpdates.follow(page, source, event -> true, applied::add);
        assertThat(events.listenerCount()).isOne();

        following.remove();

        assertThat(events.listenerCount()).isZero();
        UI.getCurrent().remove(page);
        UI.getCurrent().add(page);
        assertThat(events.listenerCount()).as("not subscribed again on the next attach").isZero();
    }

    @Test
    void anEventForAClosedTabEndsItsSubscriptionInsteadOfFailingAtEveryEvent() {
        UI.getCurrent().add(page);
        AtomicInteger handled = new AtomicInteger();
        LiveUpdates.follow(page, source, event -> true, event -> handled.incrementAndGet());
        UI ui = UI.getCurrent();
        VaadinSession session = ui.getSession();
        // A tab whose session has gone: Vaadin refuses access to it.
        ui.getInternals().setSession(null);
        try {
            events.publish("epoch 1");

            await().atMost(BOUND).until(() -> events.listenerCount() == 0);
            assertThat(handled).hasValue(0);
        } finally {
            ui.getInternals().setSession(session);
        }
    }

    @Test
    void aTimeDrivenRefreshTicksOnlyWhileThePageIsOnScreen() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.initialize();
        try {
            AtomicInteger ticks = new AtomicInteger();
            LiveUpdates.every(page, Duration.ofMillis(20), scheduler, ticks::incrementAndGet);
            UI.getCurrent().add(page);
            await().atMost(BOUND).pollInSameThread().until(() -> {
                MockVaadin.clientRoundtrip();
                return ticks.get() >= 3;
            });

            UI.getCurrent().remove(page);

            assertThat(scheduler.getScheduledThreadPoolExecutor().getQueue()).as("no tick is left scheduled").isEmpty();
        } finally {
            scheduler.shutdown();
        }
    }
}
