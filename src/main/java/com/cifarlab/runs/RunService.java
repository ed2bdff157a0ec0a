package com.cifarlab.runs;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.events.Broadcaster;
import com.cifarlab.events.ListenerRegistration;
import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.LabSessionEvent;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.SessionEndedException;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.Trainer;
import com.cifarlab.training.TrainerLostException;
import com.cifarlab.training.TrainingCancelledException;
import com.cifarlab.training.TrainingEvent;
import com.cifarlab.training.TrainingFailedException;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The training queue of the whole server, as a facade over its collaborators: the
 * {@link WorkerPool} trains runs one per worker, the {@link RunQueue} picks the next fairly
 * across sessions, the {@link RunRepository} keeps records and models, a {@link Broadcaster}
 * tells listeners, and the {@link RunBoard} is what pages read.
 *
 * <p>Every method takes the {@link Caller}: a student reaches only their own session's runs
 * (any other run is "not found"), the instructor reaches all of them.
 *
 * <p>One short lock guards the decisions: the queue, the computations and changes to the board.
 * Nothing under it touches the disk (changed records are handed to the repository, which writes
 * them on a thread of its own), and {@code get} and {@code list} do not take it at all.
 */
public class RunService implements SmartLifecycle {

    static final String SESSION_ENDED = "session ended";
    /** The id of the run an estimate imagines; never a real run's (those have no spaces). */
    private static final String ESTIMATED = "(the run being estimated)";
    static final String SERVER_STOPPED = "the server stopped";
    static final String OUT_OF_MEMORY =
            "The server ran out of memory during this run; try a smaller batch size or a smaller network.";
    static final String SERVER_OUT_OF_MEMORY = "The server ran short of memory while this run trained; its settings"
            + " were not the cause. Queue it again in a few minutes.";
    static final String MODEL_NOT_SAVED = "The trained model could not be saved on the server; the problem was"
            + " logged. Tell the instructor.";
    static final String UNEXPECTED_ERROR = "The training stopped on an unexpected error on the server; the problem"
            + " was logged.";

    /** How long shutdown waits for running runs to honour their cancel signal (one batch, normally). */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);
    private static final DateTimeFormatter ID_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String ID_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789";

    private static final Logger log = LoggerFactory.getLogger(RunService.class);

    private final Trainer trainer;
    private final LabSessionService sessions;
    private final Clock clock;
    private final WorkerPool pool;
    private final RunRepository repository;
    private final RunQueue queue;
    private final Broadcaster<RunEvent> events;
    private final RunBoard board;
    private final DurationEstimator estimator = new DurationEstimator();
    private final SecureRandom random = new SecureRandom();
    private final ServerResources resources;
    private final Supplier<ClassSettings> classSettings;
    /** Epochs trained since the start, and their seconds, once per computation (not per student). */
    private long epochsTrained;
    private double epochSecondsTrained;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    /** The waiting and running computations, by key. */
    private final Map<String, Computation> computations = new HashMap<>();
    /** The computation each unfinished run waits for, by run id. */
    private final Map<String, Computation> computationOfRun = new HashMap<>();
    /** The same computations by the id they train as; read by trainer threads without the lock. */
    private final Map<String, Computation> byTrainingRun = new java.util.concurrent.ConcurrentHashMap<>();
    /** For each key, a succeeded run whose model is kept: its result serves new identical runs at once. */
    private final Map<String, String> computed = new HashMap<>();
    /** Folders whose record could not be read at start, for the instructor. */
    private volatile List<DamagedRun> damaged = List.of();
    private boolean accepting;
    private volatile boolean started;
    private ListenerRegistration sessionSubscription;

    /**
     * One training that gives its result to every run waiting for it: the first run submitted with
     * its key, and every identical one submitted while it waited or trained. It trains under the
     * first run's id (queue entry, worker, model folder) even if that run is cancelled; it stops only
     * when no run waits for it any more.
     */
    private record Member(String runId, String sessionId) {
    }

    private static final class Computation {
        final String key;
        final String trainingRunId;
        final java.util.LinkedHashSet<String> members = new java.util.LinkedHashSet<>();
        final List<EpochMetrics> epochs = new java.util.ArrayList<>();
        /** Who hears progress, read by the trainer's thread without the lock. */
        volatile List<Member> audience = List.of();

        Computation(String key, String trainingRunId) {
            this.key = key;
            this.trainingRunId = trainingRunId;
        }
    }

    /** A run service of a class whose settings stay the fresh class's, with the server's per-student limits. */
    public RunService(CifarLabProperties properties, Trainer trainer, LabSessionService sessions, Clock clock) {
        this(properties, trainer, sessions, clock,
                ServerResources.of(properties.runsDir(), properties.minFreeDisk().toBytes()));
    }

    public RunService(CifarLabProperties properties, Trainer trainer, LabSessionService sessions, Clock clock,
                      ServerResources resources) {
        this(properties, trainer, sessions, clock, resources, fixed(properties));
    }

    /** @param classSettings the instructor's settings in force, read at each submission */
    public RunService(CifarLabProperties properties, Trainer trainer, LabSessionService sessions, Clock clock,
                      ServerResources resources, Supplier<ClassSettings> classSettings) {
        this(trainer, sessions, clock, resources, classSettings, new FileRunRepository(properties.runsDir()),
                new WorkerPool(properties.localWorkers(), properties.runTimeLimit(), clock), RunEventBus.create());
    }

    /** The service over its collaborators, each of which a test or another deployment may replace. */
    RunService(Trainer trainer, LabSessionService sessions, Clock clock, ServerResources resources,
               Supplier<ClassSettings> classSettings, RunRepository repository, WorkerPool pool, Broadcaster<RunEvent> events) {
        this.resources = Objects.requireNonNull(resources, "resources");
        this.trainer = Objects.requireNonNull(trainer, "trainer");
        this.sessions = sessions;
        this.clock = clock;
        this.classSettings = Objects.requireNonNull(classSettings, "classSettings");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.events = Objects.requireNonNull(events, "events");
        this.board = new RunBoard(clock);
        this.queue = new RunQueue(() -> {
            ClassSettings settings = classSettings.get();
            return new SessionLimits(settings.maxRunning(), settings.maxWaiting());
        });
    }

    private static Supplier<ClassSettings> fixed(CifarLabProperties properties) {
        ClassSettings settings = ClassSettings.initial(properties.maxRunning(), properties.maxWaiting());
        return () -> settings;
    }

    /** The number of workers over every node, i.e. of runs that can train at once. */
    public int workers() {
        return pool.size();
    }

    /**
     * Adds a training machine's workers to the class's pool: they take runs in the same fair order
     * as this server's, through {@code trainer}, which speaks to the machine.
     */
    public NodeMembership addNode(TrainingNode node, Trainer nodeTrainer) {
        NodeMembership membership = pool.join(node, nodeTrainer);
        log.info("Training node {} joined from {} (workers: {})", node.name(), node.address(), node.workers());
        return () -> {
            membership.leave();
            log.info("Training node {} left", node.name());
        };
    }

    /** Every node that trains the class's runs, with its load, this server first when it trains. */
    public List<NodeLoad> nodes(Caller caller) {
        return caller instanceof Caller.Instructor ? pool.nodes() : List.of();
    }

    // ---------------------------------------------------------------- what callers do

    /**
     * Queues a run for the caller's session.
     *
     * @throws SessionRequiredException when the caller is the instructor
     * @throws SessionEndedException    when the caller's session is closed
     * @throws QueueFullException       when the session already has its maximum of unfinished runs
     * @throws InvalidSpecException     when the run is past one of the class's caps (named in the message)
     * @throws ShuttingDownException    when the server is stopping
     * @throws LowMemoryException       while the server's heap is critically full
     * @throws DiskFullException        when the runs folder has no room for the run, or cannot be written
     */
    public RunSnapshot submit(Caller caller, TrainingSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Caller.Student student = requireStudent(caller, "submit runs");
        classSettings.get().check(spec);
        return submit(student.sessionId(), spec, false).snapshot();
    }

    /** A submission's run, and whether it started a computation of its own. */
    private record Submitted(RunSnapshot snapshot, boolean computes) {
    }

    /**
     * Queues the standard runs of the lab for the instructor's preparation seat, before the class
     * arrives: each one whose computation is neither waiting, training nor done starts one, on every
     * free worker, so that the students' identical runs join it or are ready at once.
     *
     * @return how many computations it started, out of how many distinct runs
     */
    public Prepared prepare(Caller caller, String preparationSessionId, List<TrainingSpec> specs) {
        if (!(caller instanceof Caller.Instructor)) {
            throw new IllegalArgumentException("only the instructor prepares the lab");
        }
        Map<String, TrainingSpec> distinct = new LinkedHashMap<>();
        for (TrainingSpec spec : specs) {
            distinct.putIfAbsent(ComputationKey.of(spec, trainer.resultsIdentity()), spec);
        }
        lock.lock();
        try {
            queue.unbound(preparationSessionId);
        } finally {
            lock.unlock();
        }
        int started = 0;
        for (Map.Entry<String, TrainingSpec> entry : distinct.entrySet()) {
            boolean known;
            lock.lock();
            try {
                known = computations.containsKey(entry.getKey()) || succeededWith(entry.getKey()).isPresent();
            } finally {
                lock.unlock();
            }
            if (!known && submit(preparationSessionId, entry.getValue(), true).computes()) {
                started++;
            }
        }
        return new Prepared(started, distinct.size());
    }

    /** What preparing the lab did: {@code started} new computations of {@code distinct} standard runs. */
    public record Prepared(int started, int distinct) {
    }

    private Submitted submit(String sessionId, TrainingSpec spec, boolean prepared) {
        resources.requireHeap();
        resources.requireDiskFor(spec);
        // Outside the lock: the first call hashes the data set's files.
        String key = ComputationKey.of(spec, trainer.resultsIdentity());
        LabSession session = sessions.findActive(sessionId).orElseThrow(SessionEndedException::new);
        RunRecord created = RunRecord.queued(newId(), session, spec, now()).computedAs(key, null);
        Optional<RunRecord> done;
        lock.lock();
        try {
            requireAccepting();
            done = computations.containsKey(key) ? Optional.empty() : succeededWith(key);
            if (done.isEmpty() && !prepared) {
                // Checked again once the record is kept; this keeps a full queue from writing and deleting it.
                checkRoom(session.id());
            }
        } finally {
            lock.unlock();
        }
        if (done.isEmpty()) {
            saveNew(created);
            Entered entered;
            try {
                entered = enter(created, key, prepared);
            } catch (RuntimeException refused) {
                repository.delete(created.id());
                throw refused;
            }
            if (entered.submitted() != null) {
                return entered.submitted();
            }
            done = Optional.of(entered.doneMeanwhile());
        }
        return new Submitted(reuse(done.get(), created), false);
    }

    /** What entering a kept record did: queued or joined it, or found that its result came meanwhile. */
    private record Entered(Submitted submitted, RunRecord doneMeanwhile) {
    }

    /** Under the lock: the kept record joins the computation of its key, or starts one. */
    private Entered enter(RunRecord created, String key, boolean prepared) {
        lock.lock();
        try {
            requireAccepting();
            // Checked under the lock: a session closing meanwhile cancels this run once we release it.
            sessions.findActive(created.sessionId()).orElseThrow(SessionEndedException::new);
            Computation computation = computations.get(key);
            if (computation == null) {
                Optional<RunRecord> done = succeededWith(key);
                if (done.isPresent()) {
                    return new Entered(null, done.get());
                }
            }
            if (!prepared) {
                checkRoom(created.sessionId());
            }
            RunRecord record = created;
            if (computation != null) {
                record = record.computedAs(key, new SharedResult(computation.trainingRunId, false));
                if (board.isActive(computation.trainingRunId)) {
                    record = record.withState(RunState.RUNNING, now(), null).withEpochs(computation.epochs);
                }
                save(record);
            }
            board.put(record);
            if (computation == null) {
                computation = new Computation(key, record.id());
                computations.put(key, computation);
                byTrainingRun.put(record.id(), computation);
                queue.add(record.id(), record.sessionId(), record.spec());
                workAvailable.signal();
            }
            boolean computes = computation.trainingRunId.equals(record.id());
            join(computation, record);
            return new Entered(new Submitted(publishChange(record), computes), null);
        } finally {
            lock.unlock();
        }
    }

    private void requireAccepting() {
        if (!accepting) {
            throw new ShuttingDownException();
        }
    }

    /** A new run whose result is there already: {@code created} with the model of {@code done} linked in. */
    private RunSnapshot reuse(RunRecord done, RunRecord created) {
        StoredModel model;
        try {
            model = repository.shareModel(done.id(), created.id(), done.model());
        } catch (IOException e) {
            log.warn("Run {} could not take the model of run {}: {}", created.id(), done.id(), String.valueOf(e));
            repository.delete(created.id());
            throw new DiskFullException("its runs folder cannot be written.");
        }
        RunRecord record = created.withResultOf(done, model, now());
        try {
            saveNew(record);
        } catch (DiskFullException e) {
            repository.delete(created.id());
            throw e;
        }
        lock.lock();
        try {
            board.put(record);
            return publishChange(record);
        } finally {
            lock.unlock();
        }
    }

    /** Outside the lock: a run is accepted only once its first record is kept. */
    private void saveNew(RunRecord record) {
        try {
            repository.create(record);
        } catch (UncheckedIOException e) {
            // One line, not a stack trace per request: a full disk repeats until someone frees it.
            log.warn("Run {} was not queued: {} ({})", record.id(), e.getMessage(), String.valueOf(e.getCause()));
            throw new DiskFullException("its runs folder cannot be written.");
        }
    }

    /** The session's queue counts its runs that wait for a computation of another session too. */
    private void checkRoom(String sessionId) {
        SessionQuota quota = quotaOf(sessionId);
        if (quota.full()) {
            throw new QueueFullException(quota.running(), quota.waiting());
        }
    }

    /**
     * Every unfinished run of the session counts. It trains when its computation trains in this
     * session's line (once per computation); every other one waits, for a worker or for a result
     * that another student's run computes.
     */
    private SessionQuota quotaOf(String sessionId) {
        SessionQuota limits = queue.quota(sessionId);
        int running = 0;
        int waiting = 0;
        for (Computation computation : computations.values()) {
            boolean ownLine = queue.holds(computation.trainingRunId, sessionId);
            boolean represented = false;
            for (String member : computation.members) {
                if (!board.get(member).sessionId().equals(sessionId)) {
                    continue;
                }
                if (ownLine && !represented && board.isActive(computation.trainingRunId)) {
                    running++;
                } else {
                    waiting++;
                }
                represented |= ownLine;
            }
        }
        return new SessionQuota(running, waiting, limits.maxRunning(), limits.maxWaiting());
    }

    /** The succeeded run of this key whose model is still there, if any. */
    private Optional<RunRecord> succeededWith(String key) {
        return Optional.ofNullable(computed.get(key)).map(board::get)
                .filter(record -> record.state() == RunState.SUCCEEDED)
                .filter(board::hasModel);
    }

    private void join(Computation computation, RunRecord record) {
        computation.members.add(record.id());
        computationOfRun.put(record.id(), computation);
        computation.audience = computation.members.stream()
                .map(id -> new Member(id, board.get(id).sessionId())).toList();
    }

    private void leave(Computation computation, String runId) {
        computation.members.remove(runId);
        computationOfRun.remove(runId);
        computation.audience = computation.members.stream()
                .map(id -> new Member(id, board.get(id).sessionId())).toList();
    }

    /** Queues a new run with the spec of one of the caller's runs (in any state). */
    public RunSnapshot rerun(Caller caller, String runId) {
        TrainingSpec spec;
        lock.lock();
        try {
            spec = visible(caller, runId).spec();
        } finally {
            lock.unlock();
        }
        return submit(caller, spec);
    }

    /**
     * What launching {@code spec} now would mean, said before Launch: ready at once (an identical
     * run succeeded), joining an identical computation, or a training of its own after the runs
     * ahead. Times come from the throughput measured on this server per network and image.
     *
     * @param kind          which of the four it is
     * @param training      how long its training takes (what is left of it, when it joins one that trains)
     * @param startsIn      how long until it starts training; zero when it would start at once
     * @param runsAhead     how many runs start before it
     * @param computedAt    when the identical run's result came, for {@link Kind#READY}
     */
    public record LaunchEstimate(Kind kind, Duration training, Duration startsIn, int runsAhead, Instant computedAt) {

        public enum Kind {
            /** An identical run succeeded: its result is the student's at once. */
            READY,
            /** An identical run waits or trains: the student's joins it. */
            JOINS,
            /** A training of its own, in its turn. */
            OWN,
            /** No machine trains runs now (this server trains none itself and no node is connected). */
            NO_MACHINE
        }
    }

    public LaunchEstimate estimate(Caller caller, TrainingSpec spec) {
        String key = ComputationKey.of(spec, trainer.resultsIdentity());
        String sessionId = caller instanceof Caller.Student student ? student.sessionId() : "(not in a session)";
        lock.lock();
        try {
            Optional<RunRecord> done = succeededWith(key);
            if (done.isPresent()) {
                return new LaunchEstimate(LaunchEstimate.Kind.READY, Duration.ZERO, Duration.ZERO, 0,
                        done.get().history().get(done.get().history().size() - 1).at());
            }
            Computation computation = computations.get(key);
            if (computation != null && board.isActive(computation.trainingRunId)) {
                return new LaunchEstimate(LaunchEstimate.Kind.JOINS, remaining(computation.trainingRunId), Duration.ZERO,
                        0, null);
            }
            if (pool.size() == 0) {
                return new LaunchEstimate(LaunchEstimate.Kind.NO_MACHINE, estimator.run(spec), Duration.ZERO, 0, null);
            }
            Map<String, RunQueue.Slot> plan = computation != null ? plan()
                    : queue.plan(now(), pool.size(), this::remaining, estimator::run,
                    new RunQueue.Entry(ESTIMATED, sessionId, spec, Long.MAX_VALUE));
            RunQueue.Slot slot = plan.get(computation != null ? computation.trainingRunId : ESTIMATED);
            Duration startsIn = slot == null ? Duration.ZERO : Duration.between(now(), slot.estimatedStart());
            return new LaunchEstimate(computation != null ? LaunchEstimate.Kind.JOINS : LaunchEstimate.Kind.OWN,
                    estimator.run(spec), startsIn.isNegative() ? Duration.ZERO : startsIn,
                    slot == null ? 0 : slot.position(), null);
        } finally {
            lock.unlock();
        }
    }

    /** What queueing a session's interrupted runs again did: how many were queued, how many did not fit. */
    public record Requeued(int queued, int left) {
    }

    /** The caller's runs that a server stop interrupted and that were not queued again yet. */
    public List<RunSnapshot> interrupted(Caller caller) {
        if (!(caller instanceof Caller.Student student)) {
            return List.of();
        }
        return board.snapshots(record -> awaitsRequeue(record, student));
    }

    /**
     * Queues the caller's interrupted runs again, oldest first, as many as their queue has room
     * for; each is marked so that it is not queued twice.
     *
     * @throws SessionEndedException when the caller's session has ended
     */
    public Requeued requeueInterrupted(Caller caller) {
        Caller.Student student = requireStudent(caller, "queue runs again");
        List<String> waiting;
        lock.lock();
        try {
            waiting = board.all().stream().filter(record -> awaitsRequeue(record, student))
                    .map(RunRecord::id).toList();
        } finally {
            lock.unlock();
        }
        int queued = 0;
        for (String runId : waiting) {
            RunSnapshot again;
            try {
                again = rerun(caller, runId);
            } catch (QueueFullException e) {
                break;
            }
            lock.lock();
            try {
                RunRecord marked = board.get(runId).requeuedAs(again.id());
                board.put(marked);
                save(marked);
            } finally {
                lock.unlock();
            }
            queued++;
        }
        return new Requeued(queued, waiting.size() - queued);
    }

    /**
     * Under the lock. A computation that a leaving session's queue held moves to the queue of a
     * session still waiting for it, so the one who left is not held back by it.
     */
    private void handOver(Computation computation, String leavingSessionId) {
        if (!queue.holds(computation.trainingRunId, leavingSessionId)) {
            return;
        }
        computation.members.stream().map(board::get).map(RunRecord::sessionId)
                .filter(session -> !session.equals(leavingSessionId)).findFirst()
                .ifPresent(next -> queue.transfer(computation.trainingRunId, next));
    }

    /** Under the lock: a computation nobody waits for any more, taken out of the queue before it started. */
    private void forget(Computation computation) {
        if (computation != null) {
            computations.remove(computation.key);
            byTrainingRun.remove(computation.trainingRunId);
            computation.members.forEach(computationOfRun::remove);
        }
    }

    private static boolean awaitsRequeue(RunRecord record, Caller.Student student) {
        return record.state() == RunState.INTERRUPTED && record.requeuedAs() == null
                && student.mayAccess(record.sessionId());
    }

    /**
     * Cancels a waiting run at once, or asks a running one to stop (it becomes CANCELLED within
     * one batch; the returned snapshot may still say RUNNING).
     *
     * @throws RunNotFoundException when there is no such run for this caller
     * @throws RunStateException    when the run has already ended
     */
    public RunSnapshot cancel(Caller caller, String runId) {
        lock.lock();
        try {
            RunRecord record = visible(caller, runId);
            if (record.state().isFinal()) {
                throw new RunStateException(
                        "Run " + runId + " has already ended (" + record.state() + "); there is nothing to cancel.");
            }
            Computation computation = computationOfRun.get(runId);
            if (computation != null && computation.members.size() > 1) {
                // Others wait for the same result: this run leaves, the computation goes on for them.
                leave(computation, runId);
                handOver(computation, record.sessionId());
                return update(record.withState(RunState.CANCELLED, now(), caller.cancelReason()));
            }
            String training = computation == null ? runId : computation.trainingRunId;
            if (record.state() == RunState.QUEUED) {
                queue.removeWaiting(training);
                forget(computation);
                return update(record.withState(RunState.CANCELLED, now(), caller.cancelReason()));
            }
            ActiveRun run = board.active(training);
            run.stop(new ActiveRun.Stop(RunState.CANCELLED, caller.cancelReason()));
            // "Cancelling…" at once, on every page that shows the run: the trainer stops at its next batch.
            publishProgress(run);
            return board.snapshot(record);
        } finally {
            lock.unlock();
        }
    }

    /** @throws RunNotFoundException when there is no such run for this caller */
    public RunSnapshot get(Caller caller, String runId) {
        return board.snapshot(visible(caller, runId));
    }

    /** The runs the caller may see, oldest submission first. */
    public List<RunSnapshot> list(Caller caller) {
        return board.snapshots(record -> caller.mayAccess(record.sessionId()));
    }

    /**
     * The model file of a succeeded run.
     *
     * @throws RunNotFoundException when there is no such run for this caller
     * @throws RunStateException    when the run has no model (not succeeded, or the file is gone)
     */
    public ModelDownload model(Caller caller, String runId) {
        RunRecord record = visible(caller, runId);
        if (record.state() != RunState.SUCCEEDED) {
            throw new RunStateException(record.state().isFinal()
                    ? "Run " + runId + " ended " + record.state() + " and has no model."
                    : "Run " + runId + " is still " + record.state() + "; its model can be downloaded once it succeeds.");
        }
        // Hashed outside the lock: a 7 MB file takes milliseconds that other requests need not wait for.
        Optional<Path> found = repository.model(runId, record.model());
        if (found.isEmpty()) {
            board.modelGone(runId);
            throw new RunStateException("The model file of run " + runId + " is missing or damaged on the server; tell"
                    + " the instructor.");
        }
        Path file = found.get();
        if (record.model() != null && !record.model().matches(file)) {
            board.modelGone(runId);
            log.warn("The model file of run {} no longer matches its checksum; it is not served", runId);
            throw new RunStateException("The model file of run " + runId + " is damaged on the server: it no longer"
                    + " matches the file that was saved. Tell the instructor.");
        }
        return new ModelDownload(file, "cifar-lab-" + runId + "-"
                + record.spec().model().architecture().name().toLowerCase(Locale.ROOT) + ".zip");
    }

    /** The folders whose record could not be read when the server started; only the instructor sees them. */
    public List<DamagedRun> damagedRuns(Caller caller) {
        return caller instanceof Caller.Instructor ? damaged : List.of();
    }

    /** How full the caller's queue is, so a view can say so before the student submits. */
    public SessionQuota quota(Caller caller) {
        Caller.Student student = requireStudent(caller, "have a queue");
        lock.lock();
        try {
            return quotaOf(student.sessionId());
        } finally {
            lock.unlock();
        }
    }

    /** Every event the caller may see, from now on, delivered asynchronously. */
    public ListenerRegistration addListener(Caller caller, RunListener listener) {
        return events.subscribe(event -> event.visibleTo(caller), listener::onEvent);
    }

    /**
     * The events of one run (and {@link RunEvent.QueueChanged}), from now on.
     *
     * @throws RunNotFoundException when there is no such run for this caller
     */
    public ListenerRegistration addRunListener(Caller caller, String runId, RunListener listener) {
        visible(caller, runId);
        return events.subscribe(event -> event.visibleTo(caller) && event.concerns(runId), listener::onEvent);
    }

    /** How many listeners are registered now: each open view should remove its own when it closes. */
    public int listenerCount() {
        return events.listenerCount();
    }

    // ---------------------------------------------------------------- lifecycle

    /** Reads the repository back (runs that were unfinished become INTERRUPTED) and starts the workers. */
    @Override
    public void start() {
        int interrupted = 0;
        lock.lock();
        try {
            if (started) {
                return;
            }
            board.clear();
            RunRepository.Contents contents = repository.load();
            damaged = contents.damaged();
            for (RunRecord loaded : contents.records()) {
                RunRecord record = loaded;
                if (!record.state().isFinal()) {
                    record = record.withState(RunState.INTERRUPTED, now(), SERVER_STOPPED);
                    save(record);
                    interrupted++;
                }
                board.put(record);
                if (record.state() == RunState.SUCCEEDED && repository.model(record.id(), record.model()).isEmpty()) {
                    board.modelGone(record.id());
                }
                if (record.state() == RunState.SUCCEEDED && record.computationKey() != null) {
                    computed.put(record.computationKey(), record.id());
                }
                record.epochs().forEach(epoch -> estimator.record(loaded.spec(), epoch));
            }
            derive();
            pool.start(trainer, this::work, this::workersChanged);
            accepting = true;
            started = true;
        } finally {
            lock.unlock();
        }
        sessionSubscription = sessions.addListener(this::onSessionEvent);
        log.info("Run service started with {} workers; {} runs on record, {} of them interrupted by the last stop",
                pool.size(), board.size(), interrupted);
    }

    /**
     * Takes no more runs, records the waiting ones INTERRUPTED, cancels the running ones and
     * waits (a bounded time) for them to stop, recording them INTERRUPTED too.
     */
    @Override
    public void stop() {
        lock.lock();
        try {
            if (!started) {
                return;
            }
            started = false;
            accepting = false;
            for (RunQueue.Entry entry : queue.removeAllWaiting()) {
                Computation computation = byTrainingRun.get(entry.runId());
                for (String member : computation == null ? List.of(entry.runId()) : List.copyOf(computation.members)) {
                    update(board.get(member).withState(RunState.INTERRUPTED, now(), SERVER_STOPPED));
                }
                forget(computation);
            }
            board.activeRuns().forEach(run -> run.stop(new ActiveRun.Stop(RunState.INTERRUPTED, SERVER_STOPPED)));
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
        sessionSubscription.remove();
        if (!pool.awaitEnd(SHUTDOWN_GRACE)) {
            log.warn("Some runs did not stop within {}; recording them as interrupted anyway", SHUTDOWN_GRACE);
        }
        lock.lock();
        try {
            board.activeRuns().forEach(run -> finish(run, RunState.INTERRUPTED, SERVER_STOPPED));
        } finally {
            lock.unlock();
        }
        pool.close();
        repository.close();
        log.info("Run service stopped");
    }

    @Override
    public boolean isRunning() {
        return started;
    }

    // ---------------------------------------------------------------- workers

    private void work(WorkerPool.Worker worker) {
        while (true) {
            ActiveRun run = nextRun(worker);
            if (run == null) {
                return;
            }
            worker.training(run.id);
            try {
                train(run, worker);
            } catch (RuntimeException | Error e) {
                // Only our own bookkeeping can get here; the worker must survive it.
                log.error("Run {} could not be recorded properly", run.id, e);
                finishQuietly(run);
            } finally {
                worker.training(null);
            }
        }
    }

    /** A node joined or left: the plan changes, and the workers of a node that left stop waiting. */
    private void workersChanged() {
        lock.lock();
        try {
            derive();
            events.publish(queueChanged());
            workAvailable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * How the service is doing, for the health check and the metrics: counted under the lock from
     * the records in memory, no disk and no snapshot.
     */
    public ServiceStatus status() {
        lock.lock();
        try {
            Map<RunState, Integer> byState = new EnumMap<>(RunState.class);
            for (RunState state : RunState.values()) {
                byState.put(state, 0);
            }
            board.all().forEach(record -> byState.merge(record.state(), 1, Integer::sum));
            int waiting = byState.get(RunState.QUEUED);
            return new ServiceStatus(started, pool.size(), pool.live(), board.activeCount(), waiting, byState,
                    epochsTrained, epochSecondsTrained);
        } finally {
            lock.unlock();
        }
    }

    /** Blocks until a run may start and marks it RUNNING; null when the service stops or the worker's node left. */
    private ActiveRun nextRun(WorkerPool.Worker worker) {
        lock.lock();
        try {
            while (accepting && worker.isOpen()) {
                Optional<RunQueue.Entry> next = queue.startNext();
                if (next.isPresent()) {
                    return begin(next.get());
                }
                workAvailable.await();
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    private ActiveRun begin(RunQueue.Entry entry) {
        Instant now = now();
        ActiveRun run = new ActiveRun(entry.runId(), entry.sessionId(), entry.spec(), now,
                new PhaseClock(entry.spec(), estimator.epoch(entry.spec()), estimator.testPass(entry.spec()), now));
        board.started(run);
        run.timeLimit(pool.limit(() -> run.stop(new ActiveRun.Stop(RunState.FAILED, timeLimitReason()))));
        Computation computation = computationOf(run);
        List<RunRecord> started = new java.util.ArrayList<>();
        for (String member : computation == null ? List.of(run.id) : List.copyOf(computation.members)) {
            RunRecord record = board.get(member);
            if (record.state() == RunState.QUEUED) {
                started.add(record.withState(RunState.RUNNING, now, null));
            }
        }
        updateAll(started);
        return run;
    }

    private void train(ActiveRun run, WorkerPool.Worker worker) {
        TrainingResult result;
        try {
            resources.requireDiskFor(run.spec);
            result = Objects.requireNonNull(worker.trainer().train(run.spec, event -> onTrainingEvent(run, event), run.signal),
                    "the trainer returned no result");
        } catch (DiskFullException e) {
            finish(run, RunState.FAILED, "The server's disk had no room for this run's model when it was to start;"
                    + " queue it again once the instructor has freed space.");
            return;
        } catch (TrainingCancelledException e) {
            ActiveRun.Stop stop = run.stopRequest();
            finish(run, stop == null ? RunState.CANCELLED : stop.outcome(), stop == null ? "cancelled" : stop.reason());
            return;
        } catch (TrainingFailedException e) {
            finish(run, RunState.FAILED, e.getMessage() == null ? "The training failed." : e.getMessage());
            return;
        } catch (TrainerLostException e) {
            log.warn("Run {} was interrupted: training node {} is gone", run.id, worker.node());
            finish(run, RunState.INTERRUPTED, e.getMessage());
            return;
        } catch (OutOfMemoryError e) {
            log.warn("Run {} ran out of memory", run.id, e);
            finish(run, RunState.FAILED, resources.runNeedsMuchOfTheHeap(run.spec) ? OUT_OF_MEMORY : SERVER_OUT_OF_MEMORY);
            return;
        } catch (Throwable e) {
            // Whatever the engine throws ends this run only; the worker goes on with the next.
            log.warn("Run {} failed in the trainer", run.id, e);
            finish(run, RunState.FAILED, UNEXPECTED_ERROR);
            return;
        } finally {
            run.cancelTimeLimit();
        }
        StoredModel saved;
        try {
            run.phases.saving(now());
            publishProgress(run);
            saved = repository.saveModel(run.id, result.model());
        } catch (IOException | RuntimeException | Error e) {
            log.warn("The model of run {} could not be written", run.id, e);
            finish(run, RunState.FAILED, MODEL_NOT_SAVED);
            return;
        }
        Map<String, StoredModel> linked = linkModels(run, saved);
        end(run, record -> record.succeeded(result, record.id().equals(run.id) ? saved
                : linked.containsKey(record.id()) ? linked.get(record.id()) : linkedModel(run, record, saved), now()));
    }

    /**
     * Outside the lock: the model file linked into the folder of every run that shares the
     * computation, thirty students' links without holding up anyone's page. A run that joins
     * meanwhile gets its link when the runs end, under the lock; one whose link fails here tries again there.
     */
    private Map<String, StoredModel> linkModels(ActiveRun run, StoredModel saved) {
        Map<String, StoredModel> linked = new HashMap<>();
        for (Member member : audienceOf(run)) {
            if (member.runId().equals(run.id)) {
                continue;
            }
            try {
                linked.put(member.runId(), repository.shareModel(run.id, member.runId(), saved));
            } catch (IOException e) {
                log.debug("Run {} could not take the model of run {} yet", member.runId(), run.id, e);
            }
        }
        return linked;
    }

    /** The training run's model file, linked into the folder of a run that shared the computation. */
    private StoredModel linkedModel(ActiveRun run, RunRecord member, StoredModel saved) {
        try {
            return repository.shareModel(run.id, member.id(), saved);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void onTrainingEvent(ActiveRun run, TrainingEvent event) {
        // Never let our bookkeeping throw into the trainer: that would fail a healthy run.
        try {
            run.phases.on(event, now());
            if (event instanceof TrainingEvent.BatchProgress || event instanceof TrainingEvent.PhaseStarted) {
                publishProgress(run);
            } else if (event instanceof TrainingEvent.EpochEnded ended) {
                epochEnded(run, ended.metrics());
            }
        } catch (RuntimeException e) {
            log.warn("Run {}: the event {} could not be recorded", run.id, event, e);
        }
    }

    /** Progress goes to the pages of the runs that take this training's result, without the lock. */
    private void publishProgress(ActiveRun run) {
        RunProgress progress = run.progress(now());
        for (Member member : audienceOf(run)) {
            events.publish(new RunEvent.Progress(member.runId(), member.sessionId(), progress));
        }
    }

    private void epochEnded(ActiveRun run, EpochMetrics metrics) {
        lock.lock();
        try {
            Computation computation = computationOf(run);
            if (computation == null) {
                return;
            }
            computation.epochs.add(metrics);
            for (String member : computation.members) {
                RunRecord record = board.get(member);
                if (record.state() == RunState.RUNNING) {
                    RunRecord longer = record.withEpoch(metrics);
                    board.put(longer);
                    save(longer);
                    events.publish(new RunEvent.EpochCompleted(member, record.sessionId(), metrics));
                }
            }
            estimator.record(run.spec, metrics);
            epochsTrained++;
            epochSecondsTrained += metrics.seconds();
            // The epoch's time moves the estimates of the runs that wait.
            derive();
            events.publish(queueChanged());
        } finally {
            lock.unlock();
        }
    }

    private void finish(ActiveRun run, RunState state, String reason) {
        end(run, record -> record.withState(state, now(), reason));
    }

    /** Frees the run's worker slot and records how it ended, unless shutdown already recorded that. */
    private void end(ActiveRun run, UnaryOperator<RunRecord> ending) {
        lock.lock();
        try {
            release(run);
            Computation computation = computationOf(run);
            List<String> members = computation == null ? List.of(run.id) : List.copyOf(computation.members);
            if (computation != null) {
                computations.remove(computation.key);
                byTrainingRun.remove(run.id);
                members.forEach(computationOfRun::remove);
            }
            List<RunRecord> endedRuns = new java.util.ArrayList<>();
            for (String member : members) {
                RunRecord record = board.get(member);
                if (record.state() != RunState.RUNNING) {
                    continue;
                }
                RunRecord ended;
                try {
                    ended = ending.apply(record);
                } catch (UncheckedIOException e) {
                    log.warn("Run {} could not take the model of run {}", member, run.id, e);
                    ended = record.withState(RunState.FAILED, now(), MODEL_NOT_SAVED);
                }
                endedRuns.add(ended);
                if (ended.state() == RunState.SUCCEEDED && ended.computationKey() != null) {
                    computed.put(ended.computationKey(), ended.id());
                }
            }
            updateAll(endedRuns);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: the computation a worker trains. */
    private Computation computationOf(ActiveRun run) {
        return byTrainingRun.get(run.id);
    }

    /** Without the lock, from the trainer's thread: who hears the run's progress. */
    private List<Member> audienceOf(ActiveRun run) {
        Computation computation = byTrainingRun.get(run.id);
        return computation == null ? List.of(new Member(run.id, run.sessionId)) : computation.audience;
    }

    private void finishQuietly(ActiveRun run) {
        try {
            finish(run, RunState.FAILED, "The server could not record this run properly.");
        } catch (RuntimeException e) {
            lock.lock();
            try {
                release(run);
            } finally {
                lock.unlock();
            }
        }
    }

    private void release(ActiveRun run) {
        board.ended(run);
        queue.finished(run.id);
        workAvailable.signalAll();
    }

    // ---------------------------------------------------------------- sessions

    private void onSessionEvent(LabSessionEvent event) {
        lock.lock();
        try {
            if (event instanceof LabSessionEvent.Ended || event instanceof LabSessionEvent.Removed) {
                cancelWaitingOf(event.session().id());
            } else if (event instanceof LabSessionEvent.Renamed renamed) {
                LabSession session = renamed.session();
                board.all().stream()
                        .filter(record -> record.sessionId().equals(session.id()))
                        .map(record -> record.withSessionName(session.name()))
                        .forEach(record -> {
                            board.put(record);
                            save(record);
                        });
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Under the lock. The session's waiting runs are cancelled; a computation others wait for goes on
     * for them (in one of their queues).
     */
    private void cancelWaitingOf(String sessionId) {
        List<String> waiting = computationOfRun.keySet().stream()
                .filter(id -> board.get(id).sessionId().equals(sessionId))
                .filter(id -> board.get(id).state() == RunState.QUEUED)
                .toList();
        for (String runId : waiting) {
            Computation computation = computationOfRun.get(runId);
            leave(computation, runId);
            if (computation.members.isEmpty()) {
                queue.removeWaiting(computation.trainingRunId);
                forget(computation);
            } else {
                handOver(computation, sessionId);
            }
            update(board.get(runId).withState(RunState.CANCELLED, now(), SESSION_ENDED));
        }
    }

    // ---------------------------------------------------------------- helpers (under the lock)

    private RunSnapshot update(RunRecord record) {
        board.put(record);
        save(record);
        return publishChange(record);
    }

    /**
     * The runs of one computation changing state together: the queue's plan and the sharing counts
     * are worked out once for all of them, not once per run (thirty students, thirty plans).
     */
    private void updateAll(List<RunRecord> changed) {
        if (changed.isEmpty()) {
            return;
        }
        for (RunRecord record : changed) {
            board.put(record);
            save(record);
        }
        derive();
        for (RunRecord record : changed) {
            events.publish(new RunEvent.StateChanged(board.snapshot(record)));
        }
        events.publish(queueChanged());
    }

    /** A changed record reaches the disk shortly after, off the lock (a new one is kept before it is accepted). */
    private void save(RunRecord record) {
        repository.update(record);
    }

    private RunSnapshot publishChange(RunRecord record) {
        derive();
        RunSnapshot snapshot = board.snapshot(record);
        events.publish(new RunEvent.StateChanged(snapshot));
        events.publish(queueChanged());
        return snapshot;
    }

    private RunRecord visible(Caller caller, String runId) {
        RunRecord record = board.get(runId);
        if (record == null || !caller.mayAccess(record.sessionId())) {
            throw new RunNotFoundException(runId);
        }
        return record;
    }

    private static Caller.Student requireStudent(Caller caller, String what) {
        if (caller instanceof Caller.Student student) {
            return student;
        }
        throw new SessionRequiredException("Only a student's lab session can " + what
                + "; the instructor account watches and cancels runs.");
    }

    private Map<String, RunQueue.Slot> plan() {
        return queue.plan(now(), pool.size(), this::remaining, estimator::run);
    }

    /** Under the lock: queue news, for the sessions it is about. */
    private RunEvent.QueueChanged queueChanged() {
        // Only unfinished runs belong to a computation: no pass over the term's records.
        return new RunEvent.QueueChanged(computationOfRun.keySet().stream().map(board::get)
                .filter(record -> record.state() == RunState.QUEUED)
                .map(RunRecord::sessionId).collect(Collectors.toSet()));
    }

    /** Under the lock, after every change: what pages read is worked out once, here, not at each read. */
    private void derive() {
        board.derive(plan());
    }

    /** What a training run still needs, as its page says it: the queue's plan and the page agree. */
    private Duration remaining(String runId) {
        ActiveRun run = board.active(runId);
        return run == null ? Duration.ZERO : run.progress(now()).timeLeft();
    }

    private String newId() {
        String time = ID_TIME.format(now());
        while (true) {
            StringBuilder id = new StringBuilder(time).append('-');
            for (int i = 0; i < 5; i++) {
                id.append(ID_LETTERS.charAt(random.nextInt(ID_LETTERS.length())));
            }
            if (!board.contains(id.toString()) && !repository.exists(id.toString())) {
                return id.toString();
            }
        }
    }

    private Instant now() {
        return clock.instant();
    }

    private String timeLimitReason() {
        return "The run took longer than the time limit of " + describe(pool.timeLimit()) + " and was stopped.";
    }

    static String describe(Duration duration) {
        if (duration.toMinutes() >= 60) {
            long minutes = duration.toMinutesPart();
            return duration.toHours() + " h" + (minutes == 0 ? "" : " " + minutes + " min");
        }
        if (duration.toSeconds() >= 60) {
            return duration.toMinutes() + " min";
        }
        if (duration.toMillis() >= 1000) {
            return duration.toSeconds() + " s";
        }
        return duration.toMillis() + " ms";
    }
}
