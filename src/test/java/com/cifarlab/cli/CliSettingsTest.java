package com.cifarlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class CliSettingsTest {

    @Test
    void dataDirDefaultsToAFolderInTheUsersHome() {
        assertThat(CliSettings.load(environment(Map.of())).dataDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cifar-lab", "data"));
        assertThat(CliSettings.load(environment(Map.of())).runsDir())
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cifar-lab", "runs"));
    }

    @Test
    void theEnvironmentVariableCifarLabDataDirChoosesTheDataFolder() {
        assertThat(CliSettings.load(environment(Map.of("CIFAR_LAB_DATA_DIR", "/srv/cifar"))).dataDir())
                .isEqualTo(Path.of("/srv/cifar"));
    }

    @Test
    void applicationPropertiesStillSupplyTheirValues() {
        assertThat(CliSettings.load(environment(Map.of())).downloadUrl())
                .isEqualTo("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz");
    }

    @Test
    void aTrainingNodeTakesTheSecretAndTheLocalTrainingSwitchFromItsEnvironment() {
        StandardEnvironment environment = environment(Map.of("CIFAR_LAB_CLUSTER_SECRET", "sixteen characters+",
                "CIFAR_LAB_TRAIN_LOCALLY", "false", "CIFAR_LAB_CLUSTER_NODE_TIMEOUT", "8s"));

        assertThat(CliSettings.cluster(environment).secret()).isEqualTo("sixteen characters+");
        assertThat(CliSettings.cluster(environment).nodeTimeout()).hasSeconds(8);
        assertThat(CliSettings.load(environment).trainLocally()).isFalse();
        assertThat(CliSettings.cluster(environment(Map.of())).enabled()).isFalse();
    }

    /** A standard environment whose system variables are {@code variables} instead of this process's. */
    private static StandardEnvironment environment(Map<String, Object> variables) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return environment;
    }
}
