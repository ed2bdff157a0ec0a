package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.config.ClockConfig;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.training.ModelFiles;
import com.cifarlab.training.Trainer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class EngineWiringTest {

    @Configuration
    @EnableConfigurationProperties(CifarLabProperties.class)
    static class Settings {
    }

    @Test
    void springProvidesTheTrainerAndTheModelFilesBehindTheirInterfaces() {
        new ApplicationContextRunner()
                .withUserConfiguration(Settings.class, ClockConfig.class, DatasetService.class, Dl4jTrainer.class,
                        Dl4jModelFiles.class)
                .withPropertyValues("cifar-lab.run-time-limit=30m")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).getBean(Trainer.class).isInstanceOf(Dl4jTrainer.class);
                    assertThat(context).getBean(ModelFiles.class).isInstanceOf(Dl4jModelFiles.class);
                });
    }
}
