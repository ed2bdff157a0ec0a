package com.cifarlab.cluster;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Training nodes on other machines, under {@code cifar-lab.cluster}. Off by default: one server,
 * nothing listening beyond its web port.
 *
 * @param enabled     whether the dashboard accepts training nodes (it then listens on {@code address:port})
 * @param address     the one interface the dashboard's grid member binds to, and the nodes connect to
 * @param port        its port
 * @param secret      what every node must know to join (env {@code CIFAR_LAB_CLUSTER_SECRET}); at least
 *                    16 characters; never sent as it is (see {@link ClusterName})
 * @param nodeTimeout how long a node may stay silent before its runs are recorded INTERRUPTED
 */
@Validated
@ConfigurationProperties(prefix = "cifar-lab.cluster")
public record ClusterProperties(
        @DefaultValue("false") boolean enabled,
        @NotBlank @DefaultValue("127.0.0.1") String address,
        @Min(1) @Max(65535) @DefaultValue("5701") int port,
        String secret,
        @NotNull @DefaultValue("5s") Duration nodeTimeout) {

    public static final int MIN_SECRET = 16;

    public ClusterProperties {
        if (enabled && !isGoodSecret(secret)) {
            throw new IllegalArgumentException("cifar-lab.cluster.secret (CIFAR_LAB_CLUSTER_SECRET) must be set to at least "
                    + MIN_SECRET + " characters when cifar-lab.cluster.enabled is true.");
        }
        if (nodeTimeout != null && (nodeTimeout.toSeconds() < 1 || nodeTimeout.toSeconds() > 60)) {
            throw new IllegalArgumentException("cifar-lab.cluster.node-timeout must be between 1 s and 60 s, not " + nodeTimeout + ".");
        }
    }

    public static boolean isGoodSecret(String secret) {
        return secret != null && secret.strip().length() >= MIN_SECRET;
    }

    /** Settings get logged when something goes wrong; the secret must not be. */
    @Override
    public String toString() {
        return "ClusterProperties[enabled=" + enabled + ", address=" + address + ", port=" + port
                + ", secret=" + (secret == null ? "(unset)" : "(set)") + ", nodeTimeout=" + nodeTimeout + "]";
    }
}
