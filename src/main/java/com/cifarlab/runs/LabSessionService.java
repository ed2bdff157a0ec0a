package com.cifarlab.runs;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open lab sessions, in memory: a browser session and an API client get the same kind.
 * The token is the only credential a student has, so it is long and random; the session id is
 * public (it is stored with runs and shown to the instructor).
 */
public class LabSessionService {

    public static final int MAX_NAME_LENGTH = 40;

    private static final int TOKEN_BYTES = 32;
    private static final int ID_BYTES = 9;
    private static final Logger log = LoggerFactory.getLogger(LabSessionService.class);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, LabSession> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByToken = new ConcurrentHashMap<>();
    private final List<Consumer<LabSessionEvent>> listeners = new CopyOnWriteArrayList<>();

    public LabSessionService(Clock clock) {
        this.clock = clock;
    }

    /**
     * Opens a session for a student who gave {@code name}.
     *
     * @throws InvalidSessionNameException when the name is blank, too long or has control characters
     */
    public LabSession open(String name) {
        LabSession session = new LabSession(randomText(ID_BYTES), normaliseName(name), randomText(TOKEN_BYTES),
                clock.instant());
        byId.put(session.id(), session);
        idByToken.put(session.token(), session.id());
        notifyListeners(new LabSessionEvent.Opened(session));
        return session;
    }

    /**
     * @throws InvalidSessionNameException when the name cannot be used
     * @throws SessionEndedException       when the session is not open
     */
    public LabSession rename(String sessionId, String name) {
        String normalised = normaliseName(name);
        LabSession renamed = byId.computeIfPresent(sessionId, (id, session) -> session.withName(normalised));
        if (renamed == null) {
            throw new SessionEndedException();
        }
        notifyListeners(new LabSessionEvent.Renamed(renamed));
        return renamed;
    }

    public Optional<LabSession> findByToken(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String id = idByToken.get(token);
        return id == null ? Optional.empty() : find(id);
    }

    public Optional<LabSession> find(String sessionId) {
        return sessionId == null ? Optional.empty() : Optional.ofNullable(byId.get(sessionId));
    }

    /** The open sessions, oldest first. */
    public List<LabSession> openSessions() {
        return byId.values().stream().sorted(Comparator.comparing(LabSession::createdAt)).toList();
    }

    /**
     * Ends a session: its token stops working and its waiting runs are cancelled (a running
     * one finishes). Closing an unknown or closed session does nothing.
     *
     * @return whether the session was open
     */
    public boolean close(String sessionId, String reason) {
        LabSession closed = sessionId == null ? null : byId.remove(sessionId);
        if (closed == null) {
            return false;
        }
        idByToken.remove(closed.token());
        log.info("Lab session {} ({}) closed: {}", closed.id(), closed.name(), reason);
        notifyListeners(new LabSessionEvent.Closed(closed, reason));
        return true;
    }

    /**
     * Calls {@code listener} on the thread that opened, renamed or closed a session; it must
     * return quickly.
     */
    public ListenerRegistration addListener(Consumer<LabSessionEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void notifyListeners(LabSessionEvent event) {
        for (Consumer<LabSessionEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("A lab-session listener failed on {}", event, e);
            }
        }
    }

    /** Trims and collapses spaces; throws with a sentence a student understands when unusable. */
    static String normaliseName(String name) {
        String normalised = name == null ? "" : name.strip().replaceAll("\\s+", " ");
        if (normalised.isEmpty() || normalised.length() > MAX_NAME_LENGTH) {
            throw new InvalidSessionNameException("Enter a name of 1 to " + MAX_NAME_LENGTH + " characters.");
        }
        if (normalised.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidSessionNameException("A name cannot contain control characters.");
        }
        return normalised;
    }

    private String randomText(int bytes) {
        byte[] buffer = new byte[bytes];
        random.nextBytes(buffer);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
    }
}
