package com.cifarlab.runs;

import com.cifarlab.training.Trainer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The threads that train runs, one run each, and the one time limit every run has. Workers
 * belong to nodes: this server's own (none when it trains nothing itself) and those of the
 * training machines that join and leave while the class works. The run service says what a
 * worker does ({@link #start}); every worker of every node takes its next run from the same
 * queue, so the class's fair order holds across machines.
 */
final class WorkerPool {

    /** The name of this server's own node. */
    static final String LOCAL = "this server";

    /** One worker: a thread that trains one run at a time on its node's trainer. */
    static final class Worker {

        private final Node node;
        private volatile boolean open = true;
        private volatile boolean ended;
        private volatile String runId;

        private Worker(Node node) {
            this.node = node;
        }

        Trainer trainer() {
            return node.trainer;
        }

        String node() {
            return node.info.name();
        }

        /** False once its node left: the worker takes no further run. */
        boolean isOpen() {
            return open;
        }

        /** The run it trains now, for the node's load; null between runs. */
        void training(String id) {
            runId = id;
        }
    }

    private record Node(TrainingNode info, Trainer trainer, List<Worker> workers) {
    }

    private final int localSize;
    private final Duration timeLimit;
    private final Clock clock;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private ThreadFactory threadFactory;
    private Consumer<Worker> loop;
    private Runnable changed;
    private ScheduledExecutorService timer;

    WorkerPool(int localSize, Duration timeLimit) {
        this(localSize, timeLimit, Clock.systemUTC());
    }

    WorkerPool(int localSize, Duration timeLimit, Clock clock) {
        if (localSize < 0) {
            throw new IllegalArgumentException("a worker pool cannot have " + localSize + " workers");
        }
        this.localSize = localSize;
        this.timeLimit = timeLimit;
        this.clock = clock;
    }

    /** How many runs can train at once, over every node. */
    synchronized int size() {
        return (int) nodes.values().stream().flatMap(node -> node.workers.stream()).filter(w -> w.open).count();
    }

    /** The workers still in their loop: fewer than {@link #size()} while started means one died. */
    synchronized int live() {
        return (int) nodes.values().stream().flatMap(node -> node.workers.stream())
                .filter(w -> w.open && !w.ended).count();
    }

    Duration timeLimit() {
        return timeLimit;
    }

    /**
     * Starts this server's workers on {@code local} and every worker on {@code loop}, which returns
     * when the worker is to end; {@code changed} hears of every node that joins or leaves.
     */
    synchronized void start(Trainer local, Consumer<Worker> loop, Runnable changed) {
        if (timer != null) {
            throw new IllegalStateException("the worker pool is started already");
        }
        this.loop = loop;
        this.changed = changed;
        timer = Executors.newSingleThreadScheduledExecutor(NamedThreads.factory("cifar-lab-run-timer"));
        threadFactory = NamedThreads.factory("cifar-lab-worker");
        if (localSize > 0) {
            add(new TrainingNode(LOCAL, "local", localSize, clock.instant()), local);
        }
    }

    /**
     * Adds a training machine's workers; they take runs at once.
     *
     * @return what removes them again
     */
    NodeMembership join(TrainingNode node, Trainer trainer) {
        synchronized (this) {
            if (timer == null) {
                throw new IllegalStateException("the run service is not running");
            }
            if (nodes.containsKey(node.name())) {
                throw new IllegalArgumentException("a node named " + node.name() + " is in the pool already");
            }
            add(node, trainer);
        }
        changed.run();
        return () -> leave(node.name());
    }

    private void add(TrainingNode info, Trainer trainer) {
        // Nodes come and go all term: the threads of those that left are not kept.
        threads.removeIf(thread -> !thread.isAlive());
        List<Worker> workers = new ArrayList<>();
        Node node = new Node(info, trainer, workers);
        for (int i = 0; i < info.workers(); i++) {
            Worker worker = new Worker(node);
            workers.add(worker);
            Thread thread = threadFactory.newThread(() -> {
                try {
                    loop.accept(worker);
                } finally {
                    worker.ended = true;
                }
            });
            threads.add(thread);
            thread.start();
        }
        nodes.put(info.name(), node);
    }

    /** Closes the node's workers: each ends its loop after the run it trains, which its trainer ends. */
    private void leave(String name) {
        synchronized (this) {
            Node node = nodes.remove(name);
            if (node == null) {
                return;
            }
            node.workers.forEach(worker -> worker.open = false);
        }
        changed.run();
    }

    /** Every node with its workers and how many of them train now, this server first. */
    synchronized List<NodeLoad> nodes() {
        return nodes.values().stream()
                .map(node -> new NodeLoad(node.info, (int) node.workers.stream().filter(w -> w.runId != null).count()))
                .toList();
    }

    /** Calls {@code overTime} once a run that starts now has trained for the time limit. */
    Future<?> limit(Runnable overTime) {
        return timer.schedule(overTime, timeLimit.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Lets the workers finish their loops (their runs were told to stop) for at most {@code grace}.
     *
     * @return whether every worker ended in time
     */
    boolean awaitEnd(Duration grace) {
        List<Thread> running;
        synchronized (this) {
            running = List.copyOf(threads);
        }
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Thread thread : running) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(thread, left);
                }
                if (thread.isAlive()) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Ends the threads that are left, the nodes and the timer; the pool can be started again. */
    synchronized void close() {
        if (timer != null) {
            threads.forEach(Thread::interrupt);
            threads.clear();
            nodes.values().forEach(node -> node.workers.forEach(worker -> worker.open = false));
            nodes.clear();
            timer.shutdownNow();
            timer = null;
        }
    }
}
