package com.cifarlab.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of CIFAR Lab, under the prefix {@code cifar-lab}. The defaults work on a
 * laptop and on the class server alike.
 *
 * @param dataDir       where the imported CIFAR-10 batches live (default {@code ~/.cifar-lab/data})
 * @param runsDir       where each run's record, curves and model are kept (default {@code ~/.cifar-lab/runs})
 * @param downloadUrl   the official archive, fetched when the data is missing and the network allows
 * @param workers       training workers for the whole server; 0 means one per core
 * @param maxRunning    runs one session may have running at once (1–8), until the instructor sets
 *                      the class's own limit on the instructor page
 * @param maxWaiting    runs one session may have waiting at once (0–20), likewise
 * @param runTimeLimit  wall-clock cap of one run
 * @param maxUploadSize largest model file a student may upload
 * @param minFreeDisk   disk kept free in the runs folder beyond a run's own files; a run that would
 *                      eat into it is not accepted or started
 * @param trainLocally  whether this server trains runs itself; false leaves every run to the training
 *                      nodes that join it (see {@code cifar-lab.cluster})
 * @param instructorPassword password of the "instructor" account (env
 *                      {@code CIFAR_LAB_INSTRUCTOR_PASSWORD}); when unset, a random one is
 *                      generated on the first start, logged once and kept as a hash; a password
 *                      changed on the instructor page wins over it
 */
@Validated
@ConfigurationProperties(prefix = "cifar-lab")
public record CifarLabProperties(
        Path dataDir,
        Path runsDir,
        @NotNull @DefaultValue("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz") String downloadUrl,
        @Min(0) @DefaultValue("0") int workers,
        @Min(1) @Max(8) @DefaultValue("1") int maxRunning,
        @Min(0) @Max(20) @DefaultValue("3") int maxWaiting,
        @NotNull @DefaultValue("2h") Duration runTimeLimit,
        @Min(1024) @DefaultValue("50000000") long maxUploadSize,
        @NotNull @DefaultValue("100MB") DataSize minFreeDisk,
        @DefaultValue("true") boolean trainLocally,
        String instructorPassword) {

    /**
     * The folders default to {@code ~/.cifar-lab/data} and {@code ~/.cifar-lab/runs}. Set here, not
     * in {@code @DefaultValue}: Spring's binder converts default values without resolving
     * placeholders, so {@code "${user.home}/..."} there became a folder literally named {@code ${user.home}}.
     */
    public CifarLabProperties {
        Path home = Path.of(System.getProperty("user.home"), ".cifar-lab");
        dataDir = dataDir != null ? dataDir : home.resolve("data");
        runsDir = runsDir != null ? runsDir : home.resolve("runs");
    }

    /** The number of workers this machine gets when none is configured: one per core. */
    public int effectiveWorkers() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    /** The workers of this server itself: none when training nodes do all the training. */
    public int localWorkers() {
        return trainLocally ? effectiveWorkers() : 0;
    }

    /** Settings get logged when something goes wrong; the instructor's password must not be. */
    @Override
    public String toString() {
        return "CifarLabProperties[dataDir=" + dataDir + ", runsDir=" + runsDir + ", downloadUrl=" + downloadUrl
                + ", workers=" + workers + ", maxRunning=" + maxRunning + ", maxWaiting=" + maxWaiting
                + ", runTimeLimit=" + runTimeLimit + ", maxUploadSize=" + maxUploadSize + ", minFreeDisk=" + minFreeDisk
                + ", trainLocally=" + trainLocally + ", instructorPassword=" + (instructorPassword == null ? "(generated)" : "(set)") + "]";
    }
}
