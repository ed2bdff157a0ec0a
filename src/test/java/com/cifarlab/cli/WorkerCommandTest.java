package com.cifarlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cifarlab.cluster.ClusterProperties;
import com.cifarlab.config.CifarLabProperties;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** {@code worker}'s answers to a command line it cannot run: one sentence, no stack trace, an exit code. */
class WorkerCommandTest {

    private static final String SECRET = "a class secret of some length";

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int worker(String secret, String... args) {
        CifarLabProperties settings = new CifarLabProperties(temp.resolve("no-import"), temp.resolve("runs"),
                "http://localhost/none", 0, 1, 3, Duration.ofHours(2), 50_000_000, DataSize.ofMegabytes(1), true, null);
        return new WorkerCommand(settings, () -> new ClusterProperties(false, "127.0.0.1", 5701, secret, Duration.ofSeconds(5)),
                Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutAnAddressToJoinItSaysWhichOptionIsMissing() {
        assertThat(worker(SECRET)).isEqualTo(Failures.USAGE);
        assertThat(err()).contains("worker needs --join HOST[:PORT]");
    }

    @Test
    void anAddressThatIsNoHostAndPortIsRefused() {
        assertThat(worker(SECRET, "--join", "dashboard:99999")).isEqualTo(Failures.USAGE);
        assertThat(err()).contains("--join expects HOST or HOST:PORT");
    }

    @Test
    void withoutTheSharedSecretItSaysWhereTheSecretComesFrom() {
        assertThat(worker(null, "--join", "127.0.0.1")).isEqualTo(Failures.USAGE);
        assertThat(err()).contains("Set CIFAR_LAB_CLUSTER_SECRET").contains("never given on the command line");
    }

    @Test
    void withoutAnImportedDataSetItSaysToImportTheDashboardsFirst() {
        assertThat(worker(SECRET, "--join", "127.0.0.1:5701", "--workers", "1")).isEqualTo(Failures.FAILED);
        assertThat(err()).contains("No CIFAR-10 is imported in").contains("data import");
    }

    @Test
    void aHostWithoutAPortJoinsOnTheDefaultPort() {
        assertThat(WorkerCommand.address("10.0.0.5")).isEqualTo("10.0.0.5:5701");
        assertThat(WorkerCommand.address(" dashboard:6000 ")).isEqualTo("dashboard:6000");
        assertThatThrownBy(() -> WorkerCommand.address(":6000")).isInstanceOf(UsageException.class);
    }
}
