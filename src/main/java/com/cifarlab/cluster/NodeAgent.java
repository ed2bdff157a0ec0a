package com.cifarlab.cluster;

import com.cifarlab.storage.Sha256;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.Trainer;
import com.cifarlab.training.TrainingCancelledException;
import com.cifarlab.training.TrainingEvent;
import com.cifarlab.training.TrainingFailedException;
import com.cifarlab.training.TrainingResult;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.topic.ITopic;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training node: connects to the dashboard's grid, says who it is, and while it is admitted
 * trains the runs the dashboard puts in its queue, one per worker, reporting every event and
 * handing the model back with its SHA-256. When it loses the dashboard it cancels what it was
 * training (that dashboard records those runs as interrupted) and starts over.
 */
public final class NodeAgent {

    /**
     * @param join    the dashboard's grid address, {@code host:port}
     * @param name    how the instructor's page names this machine
     * @param workers runs trained at once
     * @param cluster the shared secret and the timeouts (the same settings as the dashboard's)
     * @param retry   the pause before trying to reach the dashboard again
     */
    public record Settings(String join, String name, int workers, ClusterProperties cluster, Duration retry) {
    }

    /** What {@link #run} ends with. */
    public enum Exit { STOPPED, REFUSED }

    private static final Duration VERDICT_WAIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

    private final Trainer trainer;
    private final Settings settings;
    private final PrintStream out;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Session session;

    public NodeAgent(Trainer trainer, Settings settings, PrintStream out) {
        this.trainer = trainer;
        this.settings = settings;
        this.out = out;
    }

    /** Serves the dashboard until {@link #stop()}, reconnecting whenever it is lost; refused nodes return at once. */
    public Exit run() {
        while (stopped.getCount() > 0) {
            HazelcastInstance client = connect();
            if (client == null) {
                pause();
                continue;
            }
            Session current = new Session(client);
            session = current;
            try {
                Wire.NodeVerdict verdict = current.join();
                if (verdict == null) {
                    out.println("The dashboard at " + settings.join + " did not answer this node's request to join;"
                            + " trying again.");
                    continue;
                }
                if (!verdict.accepted()) {
                    out.println("The dashboard refused this node: " + verdict.reason());
                    return Exit.REFUSED;
                }
                out.println("Joined the dashboard at " + settings.join + " as \"" + verdict.name() + "\" with "
                        + settings.workers + (settings.workers == 1 ? " worker." : " workers."));
                current.serve();
                if (stopped.getCount() > 0) {
                    out.println("Lost the dashboard at " + settings.join + "; it records the runs this node was training"
                            + " as interrupted. Reconnecting.");
                }
            } catch (HazelcastException e) {
                log.debug("The session with the dashboard ended", e);
                out.println("Lost the dashboard at " + settings.join + " (" + e.getClass().getSimpleName() + "); reconnecting.");
            } finally {
                current.close();
                session = null;
            }
        }
        return Exit.STOPPED;
    }

    /** Cancels the runs in training and leaves the dashboard, which records them as interrupted. */
    public void stop() {
        stopped.countDown();
        Session current = session;
        if (current != null) {
            current.close();
        }
    }

    private HazelcastInstance connect() {
        try {
            return HazelcastClient.newHazelcastClient(Grid.client(settings.join, settings.cluster,
                    "cifar-lab-node-" + UUID.randomUUID(), settings.retry));
        } catch (IllegalStateException | HazelcastException e) {
            out.println("Cannot reach the dashboard at " + settings.join + ": is it running with"
                    + " cifar-lab.cluster.enabled=true on that address, and is CIFAR_LAB_CLUSTER_SECRET the same here?"
                    + " Trying again in " + settings.retry.toSeconds() + " s.");
            return null;
        }
    }

    private void pause() {
        try {
            stopped.await(settings.retry.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.countDown();
        }
    }

    /** One connection to one dashboard: its node id, its queue, the jobs it trains. */
    private final class Session {

        private final HazelcastInstance client;
        private final String nodeId = UUID.randomUUID().toString();
        private final CountDownLatch ended = new CountDownLatch(1);
        private final Map<String, CancelSignal> training = new ConcurrentHashMap<>();
        /** Cancels that arrived before their job was taken: the worker checks here before it starts. */
        private final Set<String> cancelledEarly = Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > 1000;
            }
        });
        private final List<Thread> workers = new ArrayList<>();

        Session(HazelcastInstance client) {
            this.client = client;
            client.getLifecycleService().addLifecycleListener(event -> {
                if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_DISCONNECTED
                        || event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                    ended.countDown();
                }
            });
        }

        /** Says hello and waits for the dashboard's verdict; null when none came. */
        Wire.NodeVerdict join() {
            IMap<String, String> verdicts = client.getMap(Grid.VERDICTS);
            CompletableFuture<String> answer = new CompletableFuture<>();
            verdicts.addEntryListener((EntryAddedListener<String, String>) event -> answer.complete(event.getValue()),
                    nodeId, true);
            Wire.NodeHello hello = new Wire.NodeHello(Wire.PROTOCOL, nodeId, settings.name, settings.workers,
                    trainer.identity(), client.getLocalEndpoint().getUuid().toString());
            client.<String, String>getMap(Grid.HELLOS).set(nodeId, Wire.write(hello));
            try {
                String verdict = answer.get(VERDICT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                return Wire.read(verdict, Wire.NodeVerdict.class);
            } catch (TimeoutException | ExecutionException | Wire.BadMessageException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** Trains jobs on every worker until the dashboard is lost or the node stops. */
        void serve() {
            ITopic<String> cancels = client.getTopic(Grid.cancelsOf(nodeId));
            cancels.addMessageListener(message -> cancel(message.getMessageObject()));
            IQueue<String> jobs = client.getQueue(Grid.jobsOf(nodeId));
            for (int i = 1; i <= settings.workers; i++) {
                Thread worker = new Thread(() -> work(jobs), "cifar-lab-node-worker-" + i);
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
            try {
                while (ended.getCount() > 0 && stopped.getCount() > 0) {
                    ended.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void cancel(String job) {
            CancelSignal signal = training.get(job);
            if (signal != null) {
                signal.cancel();
            } else {
                synchronized (cancelledEarly) {
                    cancelledEarly.add(job);
                }
            }
        }

        private boolean open() {
            return ended.getCount() > 0 && stopped.getCount() > 0;
        }

        private void work(IQueue<String> jobs) {
            while (open()) {
                String order;
                try {
                    order = jobs.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                } catch (HazelcastException e) {
                    ended.countDown();
                    return;
                }
                if (order != null) {
                    train(order);
                }
            }
        }

        private void train(String text) {
            Wire.JobOrder order;
            try {
                order = Wire.read(text, Wire.JobOrder.class);
            } catch (Wire.BadMessageException e) {
                // The dashboard's worker waits for this job's end: say it cannot be trained here.
                log.warn("{}; its job, if it names one, fails", e.getMessage());
                Wire.jobOf(text).ifPresent(job -> report(job, null, Wire.JobEnd.failed("Training node " + settings.name
                        + " could not read this run's settings; queue it again.")));
                return;
            }
            CancelSignal signal = new CancelSignal();
            training.put(order.job(), signal);
            synchronized (cancelledEarly) {
                if (cancelledEarly.remove(order.job())) {
                    signal.cancel();
                }
            }
            Wire.JobEnd end;
            try {
                TrainingResult result = trainer.train(order.spec(), event -> report(order.job(), event, null), signal);
                end = handBack(order.job(), result);
            } catch (TrainingCancelledException e) {
                end = Wire.JobEnd.cancelled();
            } catch (TrainingFailedException e) {
                end = Wire.JobEnd.failed(e.getMessage());
            } catch (OutOfMemoryError e) {
                log.warn("A run ran out of memory on this node", e);
                end = Wire.JobEnd.failed("Training node " + settings.name + " ran short of memory during this run;"
                        + " try a smaller batch size, or queue it again later.");
            } catch (RuntimeException | IOException e) {
                log.warn("A run failed on this node", e);
                end = Wire.JobEnd.failed("The training stopped on an unexpected error on training node " + settings.name
                        + "; the problem was logged there.");
            } finally {
                training.remove(order.job());
            }
            report(order.job(), null, end);
            out.println("Run " + order.job().substring(0, 8) + " (" + order.spec().model().architecture().label() + ", seed "
                    + order.spec().seed() + "): " + end.outcome().name().toLowerCase(Locale.ROOT)
                    + (end.reason() == null ? "" : ": " + end.reason()));
        }

        /** The model goes into the grid's model map first, so that the end that announces it finds it there. */
        private Wire.JobEnd handBack(String job, TrainingResult result) throws IOException {
            Path file = Files.createTempFile("cifar-lab-node-model", ".zip");
            try {
                result.model().writeTo(file);
                byte[] model = Files.readAllBytes(file);
                client.<String, byte[]>getMap(Grid.MODELS).set(job, model, RemoteTrainer.MODEL_TTL_MINUTES, TimeUnit.MINUTES);
                return new Wire.JobEnd(Wire.Outcome.SUCCEEDED, null, result.epochs(), result.bestEpoch(), result.test(),
                        model.length, Sha256.of(model));
            } finally {
                Files.deleteIfExists(file);
            }
        }

        private void report(String job, TrainingEvent event, Wire.JobEnd end) {
            if (!open()) {
                // This node is leaving: the dashboard sees it go and records the job interrupted, not cancelled.
                return;
            }
            try {
                client.<String>getTopic(Grid.REPORTS).publish(Wire.write(new Wire.JobReport(job, event, end)));
            } catch (HazelcastException e) {
                // The dashboard is gone: stop the job, whose result would reach nobody.
                CancelSignal signal = training.get(job);
                if (signal != null) {
                    signal.cancel();
                }
                ended.countDown();
            }
        }

        void close() {
            ended.countDown();
            training.values().forEach(CancelSignal::cancel);
            for (Thread worker : workers) {
                try {
                    worker.join(Duration.ofSeconds(10).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            try {
                client.shutdown();
            } catch (HazelcastException e) {
                log.debug("The grid client was already down", e);
            }
        }
    }
}
