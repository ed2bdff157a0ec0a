package com.cifarlab.cluster;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import java.time.Duration;
import java.util.Properties;

/**
 * Hazelcast as CIFAR Lab uses it: the dashboard is the grid's only member and holds its few
 * structures; training nodes are clients. Nothing is found by multicast or cloud discovery,
 * nothing phones home, and the member binds to the one configured interface.
 */
final class Grid {

    /** Nodes announce themselves here (node id → {@link Wire.NodeHello}). */
    static final String HELLOS = "cifar-lab.hellos";
    /** The dashboard answers here (node id → {@link Wire.NodeVerdict}). */
    static final String VERDICTS = "cifar-lab.verdicts";
    /** Every node's reports of its jobs ({@link Wire.JobReport}). */
    static final String REPORTS = "cifar-lab.reports";
    /** Trained model files waiting to be taken into the run store (job id → bytes). */
    static final String MODELS = "cifar-lab.models";

    private Grid() {
    }

    /** A node's queue of {@link Wire.JobOrder}s: the dashboard puts one in only when a worker of the node is free. */
    static String jobsOf(String nodeId) {
        return "cifar-lab.jobs." + nodeId;
    }

    /** The job ids a node is to cancel. */
    static String cancelsOf(String nodeId) {
        return "cifar-lab.cancels." + nodeId;
    }

    static Config member(ClusterProperties settings) {
        Config config = new Config();
        config.setClusterName(ClusterName.of(settings.secret()));
        config.setInstanceName("cifar-lab-dashboard");
        quiet(config.getProperties());
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // A node that stops answering (cut off, frozen) is dropped after this, like one that was killed.
        config.setProperty("hazelcast.client.max.no.heartbeat.seconds", String.valueOf(settings.nodeTimeout().toSeconds()));
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface(settings.address());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember(settings.address() + ":" + settings.port());
        config.getJetConfig().setEnabled(false);
        return config;
    }

    /**
     * A node's client: it gives up after {@code connectTimeout} rather than retrying silently, so
     * the node can say it cannot reach the dashboard and try again, and it does not reconnect on
     * its own: a node that lost the dashboard starts afresh (its jobs are gone with that dashboard).
     */
    static ClientConfig client(String address, ClusterProperties settings, String instanceName, Duration connectTimeout) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(ClusterName.of(settings.secret()));
        config.setInstanceName(instanceName);
        quiet(config.getProperties());
        config.setProperty("hazelcast.client.heartbeat.interval", "1000");
        config.setProperty("hazelcast.client.heartbeat.timeout", String.valueOf(settings.nodeTimeout().toMillis()));
        config.setProperty("hazelcast.client.shutdownhook.enabled", "false");
        config.getNetworkConfig().addAddress(address).setConnectionTimeout((int) Math.min(connectTimeout.toMillis(), 5000));
        ClientConnectionStrategyConfig strategy = config.getConnectionStrategyConfig();
        strategy.setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.OFF);
        strategy.getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(connectTimeout.toMillis())
                .setInitialBackoffMillis(250)
                .setMaxBackoffMillis(1000);
        return config;
    }

    private static void quiet(Properties properties) {
        properties.setProperty("hazelcast.phone.home.enabled", "false");
        properties.setProperty(LOGGING, SLF4J);
        // Hazelcast's instance factories log before they read an instance's properties: JDK logging otherwise.
        if (System.getProperty(LOGGING) == null) {
            System.setProperty(LOGGING, SLF4J);
        }
    }

    private static final String LOGGING = "hazelcast.logging.type";
    private static final String SLF4J = "slf4j";
}
