package com.cifarlab.runs;

import com.cifarlab.classroom.ClassSettingsService;
import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.events.Broadcaster;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.training.Trainer;
import com.cifarlab.training.TrainingFailedException;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The run service's beans. The engine provides the {@link Trainer}; a context without one
 * still starts (views and other features work) and its runs fail with a clear reason.
 */
@Configuration(proxyBeanMethods = false)
class RunsConfiguration {

    private static final Trainer NO_ENGINE = (spec, listener, cancel) -> {
        throw new TrainingFailedException("No training engine is installed on this server; tell the instructor.");
    };

    /** The one publisher of run events; Spring shuts its delivery threads down with the context. */
    @Bean
    Broadcaster<RunEvent> runEvents() {
        return RunEventBus.create();
    }

    @Bean
    RunRepository runRepository(CifarLabProperties properties) {
        return new FileRunRepository(properties.runsDir());
    }

    @Bean
    WorkerPool workerPool(CifarLabProperties properties, ObjectProvider<Clock> clock) {
        return new WorkerPool(properties.localWorkers(), properties.runTimeLimit(), clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    RunService runService(ObjectProvider<Trainer> trainer, LabSessionService sessions, ObjectProvider<Clock> clock,
                          CifarLabProperties properties, ClassSettingsService classSettings, RunRepository repository,
                          WorkerPool pool, Broadcaster<RunEvent> events) {
        return new RunService(trainer.getIfAvailable(() -> NO_ENGINE), sessions, clock.getIfAvailable(Clock::systemUTC),
                ServerResources.of(properties.runsDir(), properties.minFreeDisk().toBytes()), classSettings::current,
                repository, pool, events);
    }

    @Bean
    LabPreparation labPreparation(RunService runs, LabSessionService sessions, ClassSettingsService classSettings) {
        return new LabPreparation(runs, sessions, classSettings);
    }
}
