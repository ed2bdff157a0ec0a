package com.cifarlab.ui;

import static org.awaitility.Awaitility.await;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.ClassSettingsService;
import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.ui.session.StudentSessions;
import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinServletRequest;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;

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

    @Autowired
    protected LabSessionService sessions;

    @Autowired
    protected StudentSessions students;

    @Autowired
    protected ClassSettingsService classSettings;

    @Autowired
    private CifarLabProperties properties;

    @BeforeAll
    static void discoverRoutes() {
        routes = new Routes().autoDiscoverViews("com.cifarlab.ui");
        // Karibu hands Vaadin the classes with @Route; the @Layout that frames them must be among them too.
        routes.getRoutes().add(MainLayout.class);
    }

    @BeforeEach
    void startVaadin() {
        MockVaadin.setup(UI::new, new MockSpringServlet(routes, context, UI::new));
    }

    /** Tests share one class: each starts with nobody in it, so names are free again, and a fresh class's settings. */
    @AfterEach
    protected void stopVaadin() {
        sessions.all().forEach(session -> sessions.remove(session.id()));
        ClassSettings fresh = ClassSettings.initial(properties.maxRunning(), properties.maxWaiting());
        if (!classSettings.current().equals(fresh)) {
            classSettings.change(fresh);
        }
        MockVaadin.tearDown();
        SecurityContextHolder.clearContext();
    }

    /**
     * Logs this browser in as the instructor: Spring Security's context for the code, and the
     * request's principal and roles for Vaadin's view access checks.
     */
    protected static void loginAsInstructor() {
        List<GrantedAuthority> authorities = List.of(new SimpleGrantedAuthority("ROLE_INSTRUCTOR"));
        UsernamePasswordAuthenticationToken authentication = new UsernamePasswordAuthenticationToken(
                new User("instructor", "unused", authorities), null, authorities);
        SecurityContextHolder.getContext().setAuthentication(authentication);
        FakeRequest request = (FakeRequest) VaadinServletRequest.getCurrent().getRequest();
        request.setUserPrincipalInt(authentication);
        request.setUserInRole((principal, role) -> "INSTRUCTOR".equals(role));
    }

    /** Joins the class on this browser with {@code name}, as the join dialog does. */
    protected LabSession join(String name) {
        return students.join(name, sessions.classCode().current()).session();
    }

    /** Lets pushed changes reach the page until {@code assertion} holds, within 20 seconds. */
    protected static void eventually(ThrowingRunnable assertion) {
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            MockVaadin.clientRoundtrip();
            assertion.run();
        });
    }
}
