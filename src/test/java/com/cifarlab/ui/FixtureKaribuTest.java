package com.cifarlab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.testdata.CifarFixtures;
import com.cifarlab.training.TrainingSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Karibu tests of the steps that need data and runs: the fixture CIFAR-10 is imported, runs are
 * kept in a folder of their own and trained by a {@link FakeTrainer} (the real engine stays
 * available as the {@code Dl4jTrainer} bean for tests that need a real model). Every subclass
 * shares one Spring context, so the fixture is written and loaded once per test JVM. MockMvc is
 * there for the HTTP side of the instructor's login.
 */
@Import(FixtureKaribuTest.FakeEngine.class)
@AutoConfigureMockMvc
public abstract class FixtureKaribuTest extends KaribuSpringTest {

    /** The instructor's password in these tests; MockMvc tests post it to the login. */
    public static final String INSTRUCTOR_PASSWORD = "test-instructor-password";

    private static final Path HOME = writeFixture();

    @DynamicPropertySource
    static void useFixture(DynamicPropertyRegistry registry) {
        registry.add("cifar-lab.data-dir", () -> HOME.resolve("data").toString());
        registry.add("cifar-lab.runs-dir", () -> HOME.resolve("runs").toString());
        registry.add("cifar-lab.workers", () -> "1");
        registry.add("cifar-lab.instructor-password", () -> INSTRUCTOR_PASSWORD);
    }

    @TestConfiguration
    static class FakeEngine {

        @Bean
        @Primary
        FakeTrainer fakeTrainer() {
            return new FakeTrainer().defaultScript(training -> training.succeedWith(FakeTrainer.tenClassReport(0.4321)));
        }
    }

    @Autowired
    protected RunService runs;

    /** Gives this browser a lab session, as the name dialog does. */
    protected Caller startStudent(String name) {
        return Caller.student(join(name));
    }

    /** Submits a run for {@code caller} and waits until the fake trainer has finished it. */
    protected RunSnapshot finishedRun(Caller caller, TrainingSpec spec) {
        String id = runs.submit(caller, spec).id();
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.get(caller, id).state().isFinal());
        RunSnapshot run = runs.get(caller, id);
        assertThat(run.state()).isEqualTo(RunState.SUCCEEDED);
        return run;
    }

    private static Path writeFixture() {
        try {
            Path home = Files.createTempDirectory("cifar-lab-steps-");
            CifarFixtures.writeFolder(home.resolve("data"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(home)));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("The fixture data set could not be written", e);
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }
}
