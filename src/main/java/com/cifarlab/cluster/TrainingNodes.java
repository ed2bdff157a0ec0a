package com.cifarlab.cluster;

import com.cifarlab.runs.NodeMembership;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.TrainingNode;
import com.cifarlab.training.EngineIdentity;
import com.hazelcast.client.Client;
import com.hazelcast.client.ClientListener;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The dashboard's side of the training nodes: it admits a node that runs the same releases on
 * the same data, adds its workers to the run service's pool behind a {@link RemoteTrainer}, and
 * takes them out the moment the grid says the node is gone (killed, stopped, or silent for the
 * node timeout), which ends the runs it trained as INTERRUPTED.
 */
public final class TrainingNodes implements SmartLifecycle {

    static final int MAX_WORKERS = 64;
    private static final int MAX_NAME = 40;
    private static final int MAX_TEXT = 120;
    private static final Logger log = LoggerFactory.getLogger(TrainingNodes.class);

    private final HazelcastInstance grid;
    private final RunService runs;
    private final Supplier<EngineIdentity> ownEngine;
    private final Clock clock;
    private final JobReports reports = new JobReports();
    private final Map<String, Attached> byNode = new ConcurrentHashMap<>();
    private final Map<UUID, String> nodeOfClient = new ConcurrentHashMap<>();
    /** Admissions one at a time, off the grid's event threads: a name is then unique without a lock. */
    private final ExecutorService admissions = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cifar-lab-node-admissions");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean running;

    private record Attached(String nodeId, String name, UUID client, NodeMembership membership, RemoteTrainer trainer) {
    }

    /** @param ownEngine what this server's engine is, asked at each admission (the data may be imported meanwhile) */
    public TrainingNodes(HazelcastInstance grid, RunService runs, Supplier<EngineIdentity> ownEngine, Clock clock) {
        this.grid = grid;
        this.runs = runs;
        this.ownEngine = ownEngine;
        this.clock = clock;
    }

    @Override
    public void start() {
        if (running) {
            return;
        }
        running = true;
        grid.getClientService().addClientListener(new ClientListener() {
            @Override
            public void clientConnected(Client client) {
                // A node says who it is through its hello; a connection alone earns nothing.
            }

            @Override
            public void clientDisconnected(Client client) {
                String nodeId = nodeOfClient.remove(client.getUuid());
                if (nodeId != null) {
                    gone(nodeId);
                }
            }
        });
        grid.<String>getTopic(Grid.REPORTS).addMessageListener(message -> reports.deliver(message.getMessageObject()));
        IMap<String, String> hellos = grid.getMap(Grid.HELLOS);
        hellos.addEntryListener((EntryAddedListener<String, String>) event ->
                admissions.execute(() -> admit(event.getKey(), event.getValue())), true);
        // Nodes that said hello while the dashboard was still starting.
        hellos.keySet().forEach(nodeId -> admissions.execute(() -> admit(nodeId, hellos.get(nodeId))));
        log.info("Accepting training nodes on {}", grid.getCluster().getLocalMember().getAddress());
    }

    @Override
    public void stop() {
        // The grid stays up until the context closes: the run service's stop still reaches running
        // jobs through it, and their nodes record them as stopped by the server.
        running = false;
        admissions.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void admit(String nodeId, String text) {
        if (nodeId == null || text == null) {
            return;
        }
        IMap<String, String> verdicts = grid.getMap(Grid.VERDICTS);
        try {
            grid.getMap(Grid.HELLOS).delete(nodeId);
            Wire.NodeHello hello;
            try {
                hello = Wire.read(text, Wire.NodeHello.class);
            } catch (Wire.BadMessageException e) {
                log.warn("A training node's request to join could not be read; refused");
                verdicts.set(nodeId, Wire.write(Wire.NodeVerdict.refuse(
                        "The dashboard could not read this node's request to join; is it the same CIFAR Lab release?")));
                return;
            }
            Optional<Client> client = clientOf(hello);
            String refusal = client.isEmpty() ? "This node's connection to the dashboard is not open." : refusal(hello);
            String address = client.map(c -> describe(c.getSocketAddress())).orElse("unknown");
            if (refusal != null) {
                log.warn("Training node {} from {} refused: {}", printable(hello.name(), MAX_NAME), address, refusal);
                verdicts.set(nodeId, Wire.write(Wire.NodeVerdict.refuse(refusal)));
                return;
            }
            String name = uniqueName(printable(hello.name(), MAX_NAME));
            RemoteTrainer trainer = new RemoteTrainer(grid, reports, nodeId, name);
            NodeMembership membership = runs.addNode(new TrainingNode(name, address, hello.workers(), clock.instant()), trainer);
            UUID clientId = client.get().getUuid();
            byNode.put(nodeId, new Attached(nodeId, name, clientId, membership, trainer));
            nodeOfClient.put(clientId, nodeId);
            verdicts.set(nodeId, Wire.write(Wire.NodeVerdict.accept(name)));
            if (clientOf(hello).isEmpty()) {
                // It went away while it was being admitted, before its disconnection could name it.
                nodeOfClient.remove(clientId);
                gone(nodeId);
            }
        } catch (HazelcastException | IllegalStateException e) {
            log.warn("Training node {} could not be admitted: {}", nodeId, e.getMessage());
        }
    }

    /** Why the node cannot join, as a sentence for its operator; null when it may. */
    private String refusal(Wire.NodeHello hello) {
        if (hello.protocol() != Wire.PROTOCOL) {
            return "This node speaks cluster protocol " + hello.protocol() + " and the dashboard " + Wire.PROTOCOL
                    + "; run the same CIFAR Lab release on both.";
        }
        if (hello.workers() < 1 || hello.workers() > MAX_WORKERS) {
            return "A node has 1 to " + MAX_WORKERS + " workers, not " + hello.workers() + ".";
        }
        EngineIdentity own = ownEngine.get();
        EngineIdentity theirs = hello.engine();
        if (theirs == null || !Objects.equals(theirs.software(), own.software())) {
            return "This node runs " + (theirs == null ? "an unknown release" : printable(theirs.software(), MAX_TEXT))
                    + " and the dashboard " + own.software() + "; run the same release on both, or results would differ.";
        }
        if (EngineIdentity.NO_DATASET.equals(own.dataset())) {
            return "The dashboard has no CIFAR-10 imported yet; import it there first.";
        }
        if (!Objects.equals(theirs.dataset(), own.dataset())) {
            return EngineIdentity.NO_DATASET.equals(theirs.dataset())
                    ? "This node has no CIFAR-10 imported; import the same data set as the dashboard's first."
                    : "This node's data set (fingerprint " + shorten(theirs.dataset()) + ") is not the dashboard's ("
                    + shorten(own.dataset()) + "); import the same CIFAR-10 files on both.";
        }
        return null;
    }

    private Optional<Client> clientOf(Wire.NodeHello hello) {
        if (hello.clientId() == null) {
            return Optional.empty();
        }
        return grid.getClientService().getConnectedClients().stream()
                .filter(client -> client.getUuid().toString().equals(hello.clientId()))
                .findFirst();
    }

    private void gone(String nodeId) {
        Attached node = byNode.remove(nodeId);
        if (node == null) {
            return;
        }
        node.trainer.lost();
        node.membership.leave();
        try {
            grid.getQueue(Grid.jobsOf(nodeId)).destroy();
            grid.getTopic(Grid.cancelsOf(nodeId)).destroy();
            grid.getMap(Grid.VERDICTS).delete(nodeId);
        } catch (HazelcastException e) {
            log.debug("The structures of node {} stay until the grid stops", node.name, e);
        }
    }

    private String uniqueName(String wanted) {
        String base = wanted.isEmpty() ? "node" : wanted;
        String name = base;
        for (int i = 2; nameTaken(name); i++) {
            name = base + "-" + i;
        }
        return name;
    }

    private boolean nameTaken(String name) {
        return byNode.values().stream().anyMatch(node -> node.name.equals(name));
    }

    /** A node's own words reach logs and the instructor's page: letters, digits and a little punctuation only. */
    static String printable(String text, int max) {
        if (text == null) {
            return "";
        }
        String kept = text.replaceAll("[^A-Za-z0-9 ._,:;()+/-]", "-").strip();
        return kept.length() <= max ? kept : kept.substring(0, max);
    }

    private static String shorten(String fingerprint) {
        String kept = printable(fingerprint, MAX_TEXT);
        return kept.length() <= 12 ? kept : kept.substring(0, 12) + "…";
    }

    private static String describe(InetSocketAddress address) {
        return address == null ? "unknown" : address.getHostString() + ":" + address.getPort();
    }
}
