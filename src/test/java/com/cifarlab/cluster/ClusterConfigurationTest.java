package com.cifarlab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.RunService;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.training.Trainer;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.hazelcast.HazelcastAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** The grid exists only when the cluster is switched on, and then only with a secret. */
class ClusterConfigurationTest {

    @TempDir
    Path folder;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ClusterProperties.class)
    static class Settings {
    }

    private ApplicationContextRunner context() {
        CifarLabProperties properties = new CifarLabProperties(folder.resolve("data"), folder, "http://localhost/none", 1,
                1, 3, Duration.ofHours(1), 50_000_000L, DataSize.ofMegabytes(1), true, null);
        FakeTrainer trainer = new FakeTrainer();
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(HazelcastAutoConfiguration.class))
                .withUserConfiguration(Settings.class, ClusterConfiguration.class)
                .withBean(Trainer.class, () -> trainer)
                .withBean(RunService.class, () -> new RunService(properties, trainer,
                        TestSessions.service(folder, Clock.systemUTC()), Clock.systemUTC()));
    }

    @Test
    void byDefaultTheDashboardStartsNoGridAndListensOnNoClusterPort() {
        context().run(spring -> {
            assertThat(spring).hasNotFailed();
            assertThat(spring).doesNotHaveBean(HazelcastInstance.class);
            assertThat(spring).doesNotHaveBean(TrainingNodes.class);
        });
    }

    @Test
    void switchedOnTheGridListensOnTheConfiguredAddressAndAdmitsNodes() throws IOException {
        int port = TrainingNodesTest.freePort();
        context().withPropertyValues("cifar-lab.cluster.enabled=true", "cifar-lab.cluster.port=" + port,
                "cifar-lab.cluster.secret=" + TrainingNodesTest.SECRET).run(spring -> {
            assertThat(spring).hasNotFailed();
            assertThat(spring).hasSingleBean(TrainingNodes.class);
            InetSocketAddress bound = (InetSocketAddress) spring.getBean(HazelcastInstance.class).getLocalEndpoint()
                    .getSocketAddress();
            assertThat(bound.getAddress().isLoopbackAddress()).isTrue();
            assertThat(bound.getPort()).isEqualTo(port);
        });
    }

    @Test
    void switchedOnWithoutASecretTheDashboardRefusesToStartAndSaysWhichSettingIsMissing() {
        context().withPropertyValues("cifar-lab.cluster.enabled=true").run(spring -> {
            assertThat(spring).hasFailed();
            assertThat(spring.getStartupFailure()).rootCause().hasMessageContaining("CIFAR_LAB_CLUSTER_SECRET")
                    .hasMessageContaining("at least 16 characters");
        });
    }
}
