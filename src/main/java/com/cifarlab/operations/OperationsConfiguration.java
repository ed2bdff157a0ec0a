package com.cifarlab.operations;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.dataset.DatasetStatus;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunState;
import com.cifarlab.runs.ServiceStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What an operator watches, through Spring Boot Actuator (for the instructor's credentials only,
 * see SecurityConfig): health of the data set, the runs folder and the workers, and the metrics
 * of the queue, the workers, the epochs and the runs by state.
 */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

    @Bean
    HealthIndicator datasetHealthIndicator(DatasetService dataset) {
        return () -> {
            DatasetStatus status = dataset.status();
            Health.Builder health = status.imported() ? Health.up() : Health.down();
            health.withDetail("trainImages", status.trainImages()).withDetail("testImages", status.testImages());
            status.problem().ifPresent(problem -> health.withDetail("problem", problem));
            if (!status.imported() && status.problem().isEmpty()) {
                health.withDetail("problem", "not imported yet: see the Data step or `data import`");
            }
            return health.build();
        };
    }

    @Bean
    HealthIndicator runsFolderHealthIndicator(CifarLabProperties properties) {
        return () -> {
            Path folder = properties.runsDir();
            long free;
            try {
                free = Files.getFileStore(Files.createDirectories(folder)).getUsableSpace();
            } catch (IOException e) {
                return Health.down().withDetail("problem", "the runs folder cannot be reached").build();
            }
            boolean writable = Files.isWritable(folder);
            boolean room = free >= properties.minFreeDisk().toBytes();
            return (writable && room ? Health.up() : Health.down())
                    .withDetail("writable", writable)
                    .withDetail("freeBytes", free)
                    .withDetail("keptFreeBytes", properties.minFreeDisk().toBytes())
                    .build();
        };
    }

    @Bean
    HealthIndicator workersHealthIndicator(RunService runs) {
        return () -> {
            ServiceStatus status = runs.status();
            return (status.workersAlive() ? Health.up() : Health.down())
                    .withDetail("workers", status.workers())
                    .withDetail("alive", status.liveWorkers())
                    .withDetail("busy", status.busy())
                    .build();
        };
    }

    /** Read at each scrape from one status call per meter; nothing is kept between scrapes. */
    @Bean
    MeterBinder runMetrics(RunService runs) {
        return registry -> {
            Gauge.builder("cifarlab.queue.waiting", runs, r -> r.status().waiting())
                    .description("Runs waiting for a worker").register(registry);
            Gauge.builder("cifarlab.workers.busy", runs, r -> r.status().busy())
                    .description("Workers training a run").register(registry);
            Gauge.builder("cifarlab.workers", runs, r -> r.status().workers())
                    .description("Training workers of this server").register(registry);
            FunctionCounter.builder("cifarlab.epochs", runs, r -> r.status().epochsTrained())
                    .description("Epochs trained since the start, a shared computation's once").register(registry);
            FunctionCounter.builder("cifarlab.epoch.seconds", runs, r -> r.status().epochSecondsTotal())
                    .description("Seconds of those epochs; with cifarlab.epochs, the mean epoch time")
                    .baseUnit("seconds").register(registry);
            for (RunState state : RunState.values()) {
                Gauge.builder("cifarlab.runs", runs, r -> r.status().runsByState().get(state))
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .description("Runs on record by state").register(registry);
            }
        };
    }
}
