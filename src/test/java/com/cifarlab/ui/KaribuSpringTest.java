package com.cifarlab.ui;

import static org.awaitility.Awaitility.await;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.UI;
import java.time.Duration;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

/**
 * Browserless UI tests with Karibu-Testing on the real Spring context: views get their real
 * services injected, and navigation goes through the same routes and access checks as in the app.
 *
 * <p>Server push in Karibu: listeners call {@code ui.access} from background threads, which only
 * queues the change while the test thread holds the session; {@link #eventually} runs the queue
 * ({@code MockVaadin.clientRoundtrip()}) on the test thread until the assertion holds.
 */
@SpringBootTest
public abstract class KaribuSpringTest {

    private static Routes routes;

    @Autowired
    private ApplicationContext context;

    @BeforeAll
    static void discoverRoutes() {
        routes = new Routes().autoDiscoverViews("com.cifarlab.ui");
    }

    @BeforeEach
    void startVaadin() {
        MockVaadin.setup(UI::new, new MockSpringServlet(routes, context, UI::new));
    }

    @AfterEach
    void stopVaadin() {
        MockVaadin.tearDown();
    }

    /** Lets pushed changes reach the page until {@code assertion} holds, within 20 seconds. */
    protected static void eventually(ThrowingRunnable assertion) {
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            MockVaadin.clientRoundtrip();
            assertion.run();
        });
    }
}
