package com.cifarlab.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Binds the settings through Spring as the dashboard does, without starting the dashboard. */
class CifarLabPropertiesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class,
                    ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void foldersDefaultToTheUsersHomeThroughSpring() {
        context.run(spring -> {
            CifarLabProperties properties = spring.getBean(CifarLabProperties.class);
            Path home = Path.of(System.getProperty("user.home"), ".cifar-lab");
            assertThat(properties.dataDir()).isEqualTo(home.resolve("data"));
            assertThat(properties.runsDir()).isEqualTo(home.resolve("runs"));
        });
    }

    @Test
    void placeholdersInConfiguredValuesAreResolvedThroughSpring() {
        context.withPropertyValues("cifar-lab.data-dir=${user.home}/lab-data").run(spring ->
                assertThat(spring.getBean(CifarLabProperties.class).dataDir())
                        .isEqualTo(Path.of(System.getProperty("user.home"), "lab-data")));
    }

    @Test
    void theEnvironmentVariableCifarLabDataDirChoosesTheDataFolderThroughSpring() {
        context.withInitializer(spring -> spring.getEnvironment().getPropertySources().addFirst(
                        new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("CIFAR_LAB_DATA_DIR", "/srv/cifar"))))
                .run(spring -> assertThat(spring.getBean(CifarLabProperties.class).dataDir())
                        .isEqualTo(Path.of("/srv/cifar")));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CifarLabProperties.class)
    static class Settings {
    }
}
