package com.cifarlab.ui.session;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.CifarLabApplication;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.FakeEngine;
import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.training.TrainingSpec;
import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.fakeservlet.FakeResponse;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.Routes;
import com.github.mvysny.kaributesting.v10.spring.MockSpringServlet;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.server.VaadinResponse;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.Cookie;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A server restart in the middle of a lab, for real: three students join in their browsers and
 * train, the application context is closed, and a new one starts on the same folders. Each student
 * comes back in by their browser's cookie and, from a fresh browser, by their resume code, and
 * sees exactly their own runs; the run the restart interrupted is queued again with one click.
 */
class ClassRestartTest {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final long BLOCKING_SEED = 777;
    private static final Routes ROUTES = new Routes().autoDiscoverViews("com.cifarlab.ui");

    @TempDir
    Path home;

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final CountDownLatch neverDuringTheTest = new CountDownLatch(1);

    /** What a student took away from the first server: their browser's cookie, resume code, API token and runs. */
    private record Student(String name, Cookie cookie, String resumeCode, String token, Set<String> runIds) {

        Student withRun(String runId) {
            Set<String> more = new HashSet<>(runIds);
            more.add(runId);
            return new Student(name, cookie, resumeCode, token, Set.copyOf(more));
        }
    }

    @AfterEach
    void stopEverything() {
        neverDuringTheTest.countDown();
        MockVaadin.tearDown();
        contexts.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext startServer() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CifarLabApplication.class, FakeEngine.class)
                .properties("server.port=0", "spring.main.banner-mode=off",
                        "cifar-lab.runs-dir=" + home.resolve("runs"), "cifar-lab.data-dir=" + home.resolve("data"),
                        "cifar-lab.workers=1", "cifar-lab.instructor-password=restart-test-password")
                .run();
        contexts.add(context);
        return context;
    }

    /** A browser: a Vaadin session of its own, sending {@code cookie} when it has one. */
    private static void openBrowser(ConfigurableApplicationContext context, Cookie cookie) {
        MockVaadin.tearDown();
        MockVaadin.setMockRequestFactory(session -> {
            FakeRequest request = new FakeRequest(session);
            if (cookie != null) {
                request.setCookiesInt(new Cookie[] {cookie});
            }
            return request;
        });
        MockVaadin.setup(UI::new, new MockSpringServlet(ROUTES, context, UI::new));
    }

    private static FakeResponse response() {
        ServletResponse response = (ServletResponse) VaadinResponse.getCurrent();
        while (response instanceof ServletResponseWrapper wrapper) {
            response = wrapper.getResponse();
        }
        return (FakeResponse) response;
    }

    private static Student joinInTheBrowser(ConfigurableApplicationContext context, String name) {
        openBrowser(context, null);
        UI.getCurrent().navigate("my-runs");
        _click(_get(Button.class, spec -> spec.withId("student-name-chip")));
        _setValue(_get(TextField.class, spec -> spec.withId("student-name")), name);
        _setValue(_get(TextField.class, spec -> spec.withId("class-code")),
                context.getBean(LabSessionService.class).classCode().current().toLowerCase());
        _click(_get(Button.class, spec -> spec.withId("join-class")));
        String code = _get(Span.class, spec -> spec.withId("resume-code-shown")).getText();
        Cookie cookie = response().getCookie(StudentSessions.COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getAttribute("SameSite")).isEqualTo("Lax");
        assertThat(cookie.getMaxAge()).isEqualTo((int) Duration.ofDays(14).toSeconds());
        _click(_get(Button.class, spec -> spec.withId("resume-code-done")));
        UI.getCurrent().navigate("my-runs");
        _click(_get(Button.class, spec -> spec.withId("show-token")));
        String token = _get(TextField.class, spec -> spec.withId("api-token")).getValue();
        return new Student(name, cookie, code, token, Set.of());
    }

    private static Set<String> runsOnMyRunsPage() {
        UI.getCurrent().navigate("my-runs");
        @SuppressWarnings("unchecked")
        Grid<RunSnapshot> grid = _get(Grid.class, spec -> spec.withId("runs-grid"));
        return IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i).id()).collect(Collectors.toSet());
    }

    private static Caller callerOf(ConfigurableApplicationContext context, Student student) {
        return Caller.student(context.getBean(LabSessionService.class).authenticate(student.token()).orElseThrow());
    }

    @Test
    void threeStudentsComeBackAfterARestartByCookieAndByCodeAndSeeExactlyTheirRuns() {
        ConfigurableApplicationContext first = startServer();
        first.getBean(FakeTrainer.class).script(BLOCKING_SEED, training -> training.after(neverDuringTheTest));
        RunService runs = first.getBean(RunService.class);
        Map<String, Student> students = new LinkedHashMap<>();
        long seed = 1;
        for (String name : List.of("Ada", "Bob", "Chloé")) {
            Student student = joinInTheBrowser(first, name);
            Caller caller = callerOf(first, student);
            for (int r = 0; r < 2; r++) {
                String id = runs.submit(caller, TrainingSpec.labDefaults().withEpochs(1).withSeed(seed++)).id();
                await().atMost(BOUND).until(() -> runs.get(caller, id).state() == RunState.SUCCEEDED);
                student = student.withRun(id);
            }
            students.put(name, student);
        }
        Caller ada = callerOf(first, students.get("Ada"));
        String interrupted = runs.submit(ada, TrainingSpec.labDefaults().withEpochs(1).withSeed(BLOCKING_SEED)).id();
        await().atMost(BOUND).until(() -> runs.get(ada, interrupted).state() == RunState.RUNNING);
        students.put("Ada", students.get("Ada").withRun(interrupted));

        MockVaadin.tearDown();
        first.close();
        ConfigurableApplicationContext second = startServer();

        for (Student student : students.values()) {
            openBrowser(second, student.cookie());
            assertThat(runsOnMyRunsPage()).as(student.name() + " by cookie").isEqualTo(student.runIds());
            assertThat(_get(Span.class, spec -> spec.withClasses("student-name")).getText()).isEqualTo(student.name());

            openBrowser(second, null);
            UI.getCurrent().navigate("resume/" + student.resumeCode());
            _click(_get(Button.class, spec -> spec.withId("resume-session")));
            assertThat(runsOnMyRunsPage()).as(student.name() + " by code").isEqualTo(student.runIds());

            assertThat(second.getBean(LabSessionService.class).authenticate(student.token()))
                    .as(student.name() + "'s API token").isPresent();
        }

        RunService restarted = second.getBean(RunService.class);
        assertThat(restarted.get(Caller.instructor(), interrupted).state()).isEqualTo(RunState.INTERRUPTED);
        assertThat(restarted.interrupted(callerOf(second, students.get("Ada")))).extracting(RunSnapshot::id)
                .containsExactly(interrupted);
        openBrowser(second, students.get("Ada").cookie());
        runsOnMyRunsPage();
        Button requeue = _get(Button.class, spec -> spec.withId("requeue-interrupted"));
        assertThat(requeue.getText()).isEqualTo("Queue my interrupted runs (1)");

        _click(requeue);

        Caller adaAgain = callerOf(second, students.get("Ada"));
        assertThat(restarted.list(adaAgain)).hasSize(students.get("Ada").runIds().size() + 1);
        assertThat(restarted.interrupted(adaAgain)).isEmpty();
        _assertNone(Button.class, spec -> spec.withId("requeue-interrupted"));
    }
}
