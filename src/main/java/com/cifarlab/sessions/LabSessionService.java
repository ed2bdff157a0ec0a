package com.cifarlab.sessions;

import com.cifarlab.events.Broadcaster;
import com.cifarlab.events.ListenerRegistration;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class's lab sessions, kept on disk beside the runs ({@link SessionStore}) so that a closed
 * browser or a server restart loses nobody's work. A student joins with a name and the class code
 * and gets a credential (a browser's cookie, an API client's token) and a personal resume code to
 * come back in from another browser. The session id is public (stored with runs, shown to the
 * instructor); credentials and resume codes are secrets and only their hashes are kept.
 *
 * <p>A short lock guards the in-memory maps; files are written after it is released, one
 * session's writes in order.
 */
public class LabSessionService {

    /** A session used this recently counts as online on the instructor page. */
    public static final Duration ONLINE = Duration.ofMinutes(5);
    public static final String LEFT = "the student left the lab";
    public static final String PREPARATION_ID = "lab-preparation";
    public static final String PREPARATION_NAME = "Lab preparation (instructor)";
    private static final int MAX_FORMS = 16;
    private static final int MAX_FORM_VALUE = 4096;
    /** A credential's last use is written to disk at most this often. */
    static final Duration USE_RECORDED_EVERY = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(LabSessionService.class);

    private final Clock clock;
    private final Duration inactivity;
    private final SessionStore store;
    private final ClassCode classCode;
    private final JoinThrottle throttle;
    private final Secrets secrets = new Secrets();
    private final Broadcaster<LabSessionEvent> events = Broadcaster.simple("lab-session");

    private final Object lock = new Object();
    private final Map<String, Seat> byId = new HashMap<>();
    private final Map<String, String> idByCredential = new HashMap<>();
    private final Map<String, String> idByResumeCode = new HashMap<>();
    private final Map<String, String> idByName = new HashMap<>();
    private final Map<String, Object> writeLocks = new ConcurrentHashMap<>();

    public LabSessionService(Clock clock, SessionProperties properties, Path runsDir) {
        this.clock = clock;
        this.inactivity = properties.sessionInactivity();
        this.store = new SessionStore(runsDir);
        this.classCode = new ClassCode(properties.classCode(), runsDir);
        this.throttle = new JoinThrottle(clock, properties.joinsPerMinute());
        for (Seat seat : store.load()) {
            index(seat);
        }
        log.info("{} lab sessions on record", byId.size());
    }

    public ClassCode classCode() {
        return classCode;
    }

    // ---------------------------------------------------------------- the instructor's seat

    /**
     * The session the instructor's prepared runs belong to, made on the first preparation and made
     * active again if it ended. It has no credential and no resume code anyone knows: nobody signs
     * in to it; students' identical runs share its computations.
     */
    public LabSession preparationSeat() {
        Instant now = clock.instant();
        Seat seat;
        LabSessionEvent event;
        synchronized (lock) {
            Seat existing = seat(PREPARATION_ID);
            if (existing == null) {
                seat = new Seat(new LabSession(PREPARATION_ID, PREPARATION_NAME, now, now, null),
                        Secrets.hash(secrets.credential()), List.of());
                event = new LabSessionEvent.Joined(seat.session());
            } else {
                seat = existing.with(existing.session().resumedAt(now));
                event = existing.session().active() ? null : new LabSessionEvent.Resumed(seat.session());
            }
            index(seat);
        }
        persist(PREPARATION_ID);
        if (event != null) {
            notifyListeners(event);
        }
        return seat.session();
    }

    // ---------------------------------------------------------------- students

    /**
     * Joins the class: a new session with {@code name}, a credential and a resume code.
     *
     * @param api whether the credential is for an API client (else for a browser's cookie)
     * @throws JoinRefusedException        when the class code is wrong or the address tries too often
     * @throws InvalidSessionNameException when the name cannot be used or is taken
     */
    public Admission join(String name, String typedClassCode, String address, boolean api) {
        requireTry(address);
        if (!classCode.matches(typedClassCode)) {
            throw new JoinRefusedException(JoinRefusedException.Reason.WRONG_CODE,
                    "That class code is not right; ask your instructor for the code of this class.");
        }
        String normalised = StudentNames.normalise(name);
        Instant now = clock.instant();
        String resumeCode = secrets.resumeCode();
        String credential = secrets.credential();
        Seat seat = new Seat(new LabSession(secrets.sessionId(), normalised, now, now, null),
                Secrets.hash(Secrets.normaliseResumeCode(resumeCode)),
                List.of(new Credential(Secrets.hash(credential), kind(api), now, now)));
        synchronized (lock) {
            requireFree(StudentNames.key(normalised), seat.id());
            index(seat);
        }
        try {
            persist(seat.id());
        } catch (UncheckedIOException e) {
            synchronized (lock) {
                unindex(seat);
            }
            log.error("A new lab session could not be kept", e);
            throw new JoinRefusedException(JoinRefusedException.Reason.UNAVAILABLE,
                    "The server cannot keep your session right now; tell the instructor.");
        }
        log.info("{} joined the class as session {}", normalised, seat.id());
        notifyListeners(new LabSessionEvent.Joined(seat.session()));
        return new Admission(seat.session(), credential, resumeCode);
    }

    /**
     * Lets a student back into their session with their resume code, from any browser or client;
     * a session that had ended becomes active again.
     *
     * @throws JoinRefusedException when no session has that code or the address tries too often
     */
    public Admission resume(String typedResumeCode, String address, boolean api) {
        requireTry(address);
        String code = Secrets.normaliseResumeCode(typedResumeCode);
        String credential = secrets.credential();
        Instant now = clock.instant();
        Seat resumed;
        boolean wasEnded;
        synchronized (lock) {
            Seat seat = code == null ? null : seat(idByResumeCode.get(Secrets.hash(code)));
            if (seat == null) {
                throw new JoinRefusedException(JoinRefusedException.Reason.WRONG_CODE,
                        "No student of this class has that resume code; check it, or ask your instructor for a new one.");
            }
            wasEnded = !seat.session().active();
            resumed = seat.with(seat.session().resumedAt(now))
                    .plus(new Credential(Secrets.hash(credential), kind(api), now, now));
            index(resumed);
        }
        persist(resumed.id());
        if (wasEnded) {
            notifyListeners(new LabSessionEvent.Resumed(resumed.session()));
        }
        return new Admission(resumed.session(), credential, null);
    }

    /**
     * The active session a credential belongs to, while the credential is still in use; using it
     * counts as activity.
     */
    public Optional<LabSession> authenticate(String credential) {
        if (credential == null || credential.isEmpty() || credential.length() > 200) {
            return Optional.empty();
        }
        String hash = Secrets.hash(credential);
        Instant now = clock.instant();
        Seat touched;
        synchronized (lock) {
            Seat seat = seat(idByCredential.get(hash));
            Credential used = seat == null ? null : seat.credential(hash);
            if (used == null || !seat.session().active() || used.expired(now, inactivity)) {
                return Optional.empty();
            }
            if (Duration.between(used.lastUsedAt(), now).compareTo(USE_RECORDED_EVERY) < 0) {
                return Optional.of(seat.session());
            }
            touched = seat.with(seat.session().seenAt(now)).mapCredential(hash, c -> c.usedAt(now));
            index(touched);
        }
        persist(touched.id());
        return Optional.of(touched.session());
    }

    /** A further API token for the student's session, e.g. for a script started from My runs. */
    public Admission issueApiToken(String sessionId) {
        String credential = secrets.credential();
        Instant now = clock.instant();
        Seat more = change(sessionId, seat -> seat.plus(new Credential(Secrets.hash(credential),
                Credential.Kind.API, now, now)));
        return new Admission(more.session(), credential, null);
    }

    /** Makes one credential stop working (the API's {@code DELETE /api/sessions/current}); the session stays. */
    public boolean revoke(String credential) {
        if (credential == null) {
            return false;
        }
        String hash = Secrets.hash(credential);
        String id;
        synchronized (lock) {
            id = idByCredential.remove(hash);
            Seat seat = seat(id);
            if (seat == null) {
                return false;
            }
            byId.put(id, seat.without(hash));
        }
        persist(id);
        return true;
    }

    /**
     * Ends the session: every credential stops working and its waiting runs are cancelled (a
     * running one finishes); the student can come back in with the resume code.
     */
    public void leave(String sessionId) {
        end(sessionId, LEFT);
    }

    /**
     * @throws InvalidSessionNameException when the name cannot be used or another student has it
     * @throws SessionEndedException       when there is no such session
     */
    public LabSession rename(String sessionId, String name) {
        String normalised = StudentNames.normalise(name);
        String key = StudentNames.key(normalised);
        Seat renamed;
        synchronized (lock) {
            Seat seat = seat(sessionId);
            if (seat == null) {
                throw new SessionEndedException();
            }
            requireFree(key, sessionId);
            idByName.remove(StudentNames.key(seat.session().name()));
            renamed = seat.with(seat.session().withName(normalised));
            index(renamed);
        }
        persist(sessionId);
        notifyListeners(new LabSessionEvent.Renamed(renamed.session()));
        return renamed.session();
    }

    /**
     * Keeps the student's last settings of one form, so that the form opens with them again, on
     * any browser of the session and after a restart. Oversized values are not kept.
     */
    public void remember(String sessionId, String form, String value) {
        if (value.length() > MAX_FORM_VALUE || form.length() > 40) {
            return;
        }
        Seat seat;
        synchronized (lock) {
            seat = seat(sessionId);
        }
        if (seat == null || value.equals(seat.forms().get(form))
                || (!seat.forms().containsKey(form) && seat.forms().size() >= MAX_FORMS)) {
            return;
        }
        change(sessionId, s -> s.withForm(form, value));
    }

    /** What {@link #remember} kept for the form. */
    public Optional<String> recall(String sessionId, String form) {
        synchronized (lock) {
            return Optional.ofNullable(seat(sessionId)).map(seat -> seat.forms().get(form));
        }
    }

    // ---------------------------------------------------------------- the instructor

    /** Removes a student from the class: the session and its credentials go, its run records stay. */
    public boolean remove(String sessionId) {
        Seat removed;
        synchronized (lock) {
            removed = seat(sessionId);
            if (removed == null) {
                return false;
            }
            unindex(removed);
        }
        persist(sessionId);
        log.info("Lab session {} ({}) removed by the instructor", sessionId, removed.session().name());
        notifyListeners(new LabSessionEvent.Removed(removed.session()));
        return true;
    }

    /** A new resume code for a student who lost theirs; the old one stops working. */
    public String resetResumeCode(String sessionId) {
        String code = secrets.resumeCode();
        change(sessionId, seat -> seat.withResumeCodeHash(Secrets.hash(Secrets.normaliseResumeCode(code))));
        return code;
    }

    /**
     * Ends the sessions none of whose credentials was used within the inactivity period; the
     * expired credentials are dropped.
     *
     * @return how many sessions ended
     */
    public int endExpired() {
        Instant now = clock.instant();
        List<Seat> candidates;
        synchronized (lock) {
            candidates = List.copyOf(byId.values());
        }
        int ended = 0;
        for (Seat seat : candidates) {
            boolean anyExpired = seat.credentials().stream().anyMatch(c -> c.expired(now, inactivity));
            if (anyExpired) {
                change(seat.id(), s -> new Seat(s.session(), s.resumeCodeHash(),
                        s.credentials().stream().filter(c -> !c.expired(now, inactivity)).toList(), s.forms()));
            }
            if (seat.session().active() && !seat.lastUse().plus(inactivity).isAfter(now)
                    && seat.credentials().stream().allMatch(c -> c.expired(now, inactivity))) {
                end(seat.id(), "inactive for " + inactivity.toDays() + " days");
                ended++;
            }
        }
        return ended;
    }

    public Optional<LabSession> find(String sessionId) {
        synchronized (lock) {
            return Optional.ofNullable(seat(sessionId)).map(Seat::session);
        }
    }

    /** The session while its student may still submit runs. */
    public Optional<LabSession> findActive(String sessionId) {
        return find(sessionId).filter(LabSession::active);
    }

    /** Every session of the class, active or ended, by name. */
    public List<LabSession> all() {
        List<LabSession> sessions;
        synchronized (lock) {
            sessions = byId.values().stream().map(Seat::session).toList();
        }
        return sessions.stream().sorted(Comparator.comparing((LabSession s) -> StudentNames.key(s.name()))).toList();
    }

    /** Whether the student used the lab in the last {@link #ONLINE} minutes. */
    public boolean online(LabSession session) {
        return session.active() && Duration.between(session.lastSeenAt(), clock.instant()).compareTo(ONLINE) < 0;
    }

    /** Tells {@code listener} of every change of a session from now on, after the change is kept, asynchronously. */
    public ListenerRegistration addListener(Consumer<LabSessionEvent> listener) {
        return events.subscribe(listener);
    }

    /** Tells listeners nothing more (Spring calls it when the server stops). */
    public void close() {
        events.close();
    }

    // ---------------------------------------------------------------- helpers

    /** Under the lock: the name may be given to {@code sessionId}. */
    private void requireFree(String nameKey, String sessionId) {
        String holder = idByName.get(nameKey);
        if (holder != null && !holder.equals(sessionId)) {
            throw new InvalidSessionNameException("That name is already taken in this class; add an initial or "
                    + "a second name.");
        }
        if (nameKey.equals(StudentNames.key(PREPARATION_NAME)) && !sessionId.equals(PREPARATION_ID)) {
            throw new InvalidSessionNameException("That name is kept for the runs the instructor prepares; choose "
                    + "another.");
        }
    }

    private void requireTry(String address) {
        throttle.take(address).ifPresent(wait -> {
            throw new JoinRefusedException(JoinRefusedException.Reason.THROTTLED,
                    "Too many tries from your network; wait " + Math.max(1, wait.toSeconds()) + " s and try again.");
        });
    }

    private void end(String sessionId, String reason) {
        Seat ended;
        synchronized (lock) {
            Seat seat = seat(sessionId);
            if (seat == null || !seat.session().active()) {
                return;
            }
            seat.credentials().forEach(c -> idByCredential.remove(c.hash()));
            ended = seat.with(seat.session().endedAt(clock.instant())).withoutCredentials();
            index(ended);
        }
        persist(sessionId);
        log.info("Lab session {} ({}) ended: {}", sessionId, ended.session().name(), reason);
        notifyListeners(new LabSessionEvent.Ended(ended.session(), reason));
    }

    private Seat change(String sessionId, java.util.function.UnaryOperator<Seat> change) {
        Seat changed;
        synchronized (lock) {
            Seat seat = seat(sessionId);
            if (seat == null) {
                throw new SessionEndedException();
            }
            seat.credentials().forEach(c -> idByCredential.remove(c.hash()));
            idByResumeCode.remove(seat.resumeCodeHash());
            changed = change.apply(seat);
            index(changed);
        }
        persist(sessionId);
        return changed;
    }

    /** Under the lock. */
    private Seat seat(String sessionId) {
        return sessionId == null ? null : byId.get(sessionId);
    }

    /** Under the lock (or in the constructor). */
    private void index(Seat seat) {
        byId.put(seat.id(), seat);
        idByName.put(StudentNames.key(seat.session().name()), seat.id());
        idByResumeCode.put(seat.resumeCodeHash(), seat.id());
        seat.credentials().forEach(c -> idByCredential.put(c.hash(), seat.id()));
    }

    /** Under the lock. */
    private void unindex(Seat seat) {
        byId.remove(seat.id());
        idByName.remove(StudentNames.key(seat.session().name()));
        idByResumeCode.remove(seat.resumeCodeHash());
        seat.credentials().forEach(c -> idByCredential.remove(c.hash()));
    }

    /** Writes what memory holds now, so that writes racing each other still leave the latest state. */
    private void persist(String sessionId) {
        synchronized (writeLocks.computeIfAbsent(sessionId, id -> new Object())) {
            Seat latest;
            synchronized (lock) {
                latest = seat(sessionId);
            }
            if (latest == null) {
                store.delete(sessionId);
            } else {
                store.save(latest);
            }
        }
    }

    private static Credential.Kind kind(boolean api) {
        return api ? Credential.Kind.API : Credential.Kind.BROWSER;
    }

    private void notifyListeners(LabSessionEvent event) {
        events.publish(event);
    }
}
