package com.cifarlab.cli;

import com.cifarlab.cluster.ClusterProperties;
import com.cifarlab.cluster.NodeAgent;
import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.training.EngineIdentity;
import com.cifarlab.training.Trainer;
import com.cifarlab.training.dl4j.Dl4jTrainer;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * {@code worker --join HOST:PORT}: a training node. No web server; it trains runs from the
 * class's queue for the dashboard at that address until it is stopped (Ctrl-C or SIGTERM, after
 * which the dashboard records what it was training as interrupted).
 */
final class WorkerCommand {

    static final String USAGE = "worker --join HOST[:PORT] [--workers N] [--name NAME]";
    static final int DEFAULT_PORT = 5701;
    private static final Set<String> OPTIONS = Set.of("--join", "--workers", "--name");
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final CifarLabProperties properties;
    private final Supplier<ClusterProperties> cluster;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    WorkerCommand(CifarLabProperties properties, Supplier<ClusterProperties> cluster, Clock clock, PrintStream out,
                  PrintStream err) {
        this.properties = properties;
        this.cluster = cluster;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    int run(String[] args) {
        return Failures.guard(err, () -> serve(args));
    }

    private int serve(String[] args) {
        // The grid client's own warnings repeat every retry; this command says in one line what is wrong.
        LoggingSystem.get(WorkerCommand.class.getClassLoader()).setLogLevel("com.hazelcast", LogLevel.ERROR);
        Options options = Options.parse(args, OPTIONS);
        String join = address(options.text("--join").orElseThrow(() -> new UsageException(
                "worker needs --join HOST[:PORT], the dashboard's cifar-lab.cluster.address and port.")));
        int workers = options.integer("--workers", properties.effectiveWorkers(), 1, 64);
        String name = options.text("--name").orElseGet(WorkerCommand::hostName);
        ClusterProperties settings = clusterSettings();
        Trainer trainer = new Dl4jTrainer(new DatasetService(properties), properties, clock);
        EngineIdentity engine = trainer.identity();
        if (EngineIdentity.NO_DATASET.equals(engine.dataset())) {
            err.println("No CIFAR-10 is imported in " + properties.dataDir() + "; import the dashboard's data set first"
                    + " (java -jar cifar-lab.jar data import <archive>).");
            return Failures.FAILED;
        }
        out.println("Training node " + name + ": " + workers + (workers == 1 ? " worker" : " workers") + ", "
                + engine.software() + ", " + engine.build() + ", data " + engine.dataset().substring(0, Math.min(12, engine.dataset().length())));
        NodeAgent agent = new NodeAgent(trainer, new NodeAgent.Settings(join, name, workers, settings, RETRY), out);
        Thread stopper = new Thread(agent::stop, "cifar-lab-node-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        NodeAgent.Exit exit = agent.run();
        return exit == NodeAgent.Exit.REFUSED ? Failures.FAILED : 0;
    }

    private ClusterProperties clusterSettings() {
        try {
            ClusterProperties settings = cluster.get();
            if (!ClusterProperties.isGoodSecret(settings.secret())) {
                throw new UsageException("Set CIFAR_LAB_CLUSTER_SECRET to the dashboard's cifar-lab.cluster.secret (at least "
                        + ClusterProperties.MIN_SECRET + " characters); it is never given on the command line.");
            }
            return settings;
        } catch (RuntimeException e) {
            if (e instanceof UsageException usage) {
                throw usage;
            }
            throw new UsageException("The cifar-lab.cluster settings cannot be used: " + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    /** {@code host} or {@code host:port}; the port defaults to the dashboard's default. */
    static String address(String join) {
        String value = join.strip();
        int colon = value.lastIndexOf(':');
        if (value.isEmpty() || value.contains("/") || value.contains(" ")) {
            throw new UsageException("--join expects HOST or HOST:PORT, such as 192.168.1.10:5701 (got " + join + ").");
        }
        if (colon < 0) {
            return value + ":" + DEFAULT_PORT;
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 1 || port > 65535 || colon == 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new UsageException("--join expects HOST or HOST:PORT, such as 192.168.1.10:5701 (got " + join + ").");
        }
        return value;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
