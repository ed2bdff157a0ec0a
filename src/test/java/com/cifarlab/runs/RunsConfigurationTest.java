package com.cifarlab.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.ClassSettingsService;
import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.training.Trainer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class RunsConfigurationTest {

    @TempDir
    Path runsDir;

    private ApplicationContextRunner context() {
        return new ApplicationContextRunner()
                .withUserConfiguration(RunsConfiguration.class)
                .withBean(CifarLabProperties.class, () -> TestRuns.properties(runsDir, 1))
                .withBean(LabSessionService.class, () -> TestSessions.service(runsDir, Clock.systemUTC()))
                .withBean(ClassSettingsService.class, () -> new ClassSettingsService(runsDir, ClassSettings.initial(1, 3)));
    }

    @Test
    void withoutATrainingEngineTheContextStartsAndRunsFailWithAClearReason() {
        context().run(spring -> {
            assertThat(spring).hasNotFailed();
            RunService runs = spring.getBean(RunService.class);
            assertThat(runs.isRunning()).isTrue();
            Caller student = Caller.student(TestSessions.join(spring.getBean(LabSessionService.class), "Early bird"));
            String id = runs.submit(student, TestRuns.spec(1)).id();

            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get(student, id).state() == RunState.FAILED);
            assertThat(runs.get(student, id).reason())
                    .isEqualTo("No training engine is installed on this server; tell the instructor.");
        });
    }

    @Test
    void theEnginesTrainerBeanIsTheOneThatTrains() {
        FakeTrainer engine = new FakeTrainer();
        context().withBean(Trainer.class, () -> engine).run(spring -> {
            RunService runs = spring.getBean(RunService.class);
            Caller student = Caller.student(TestSessions.join(spring.getBean(LabSessionService.class), "Student"));
            String id = runs.submit(student, TestRuns.spec(5)).id();

            await().atMost(Duration.ofSeconds(10)).until(() -> runs.get(student, id).state() == RunState.SUCCEEDED);
            assertThat(engine.calls(5)).isEqualTo(1);
        });
    }
}
