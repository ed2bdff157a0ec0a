package com.cifarlab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunStateException;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.ui.session.StudentSessions;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Karibu tests of the pages that launch and follow runs, on one Spring context shared by all of
 * them: the run service trains with the {@link FakeTrainer}, whose epochs end one at a time as a
 * test hands out permits ({@link #epochs}), and keeps its runs in a folder under target/.
 */
@Import(KaribuLiveRunsTest.FakeEngine.class)
public abstract class KaribuLiveRunsTest extends KaribuSpringTest {

    /** A run of the tests never needs more than this to show a change. */
    protected static final Duration PATIENCE = Duration.ofSeconds(10);

    private static final Path RUNS_DIR = runsDir();

    @Autowired
    protected RunService runService;

    @Autowired
    protected StudentSessions studentSessions;

    @Autowired
    protected FakeTrainer trainer;

    /** Each permit lets one epoch of a fake run end. */
    protected final Semaphore epochs = new Semaphore(0);

    @TestConfiguration(proxyBeanMethods = false)
    static class FakeEngine {

        @Bean
        @Primary
        FakeTrainer fakeTrainer() {
            return new FakeTrainer();
        }
    }

    @DynamicPropertySource
    static void runSettings(DynamicPropertyRegistry registry) {
        registry.add("cifar-lab.runs-dir", RUNS_DIR::toString);
        registry.add("cifar-lab.data-dir", () -> RUNS_DIR.resolve("no-data").toString());
        registry.add("cifar-lab.workers", () -> "1");
    }

    private static Path runsDir() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target"), "ui-runs-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void trainEpochByEpoch() {
        trainer.afresh().defaultScript(training -> training.succeedEpochByEpoch(epochs));
    }

    /** Cancels what the test left queued or running, so that the next test finds the worker free. */
    @AfterEach
    void cancelLeftoverRuns() {
        Caller instructor = Caller.instructor();
        for (RunSnapshot run : runService.list(instructor)) {
            if (!run.state().isFinal()) {
                try {
                    runService.cancel(instructor, run.id());
                } catch (RunStateException e) {
                    // It ended meanwhile.
                }
            }
        }
        await().atMost(PATIENCE).until(() -> runService.list(instructor).stream().allMatch(run -> run.state().isFinal()));
    }

    /** Opens a lab session for this browser, as the name dialog does. */
    protected LabSession student(String name) {
        return join(name);
    }

    protected Caller caller() {
        return studentSessions.caller().orElseThrow();
    }


    /**
     * Opens a page with {@code open} and leaves it for the Data step a hundred times: while open it
     * holds {@code listenersWhileOpen} run listeners, and once left none of them remains.
     */
    protected void assertAHundredVisitsLeaveNoListener(Runnable open, int listenersWhileOpen) {
        // The layout's own listener (run-end notifications) stays while pages change: count from there.
        UI.getCurrent().navigate("data");
        MockVaadin.clientRoundtrip();
        int before = runService.listenerCount();

        for (int i = 0; i < 100; i++) {
            open.run();
            assertThat(runService.listenerCount()).isEqualTo(before + listenersWhileOpen);
            UI.getCurrent().navigate("data");
        }

        assertThat(runService.listenerCount()).isEqualTo(before);
    }
}
