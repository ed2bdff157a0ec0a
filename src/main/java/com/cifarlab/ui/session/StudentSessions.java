package com.cifarlab.ui.session;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.LabSession;
import com.cifarlab.runs.LabSessionHttpBinding;
import com.cifarlab.runs.LabSessionService;
import com.cifarlab.security.Callers;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedSession;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The lab session of the browser in use. It is bound to the HTTP session (not the Vaadin UI), so
 * a page reload keeps the student's name and runs, and {@link LabSessionHttpBinding} ends it with
 * the HTTP session. A logged-in instructor is a caller too, and sees every run.
 */
@Component
public class StudentSessions {

    private final LabSessionService sessions;

    public StudentSessions(LabSessionService sessions) {
        this.sessions = sessions;
    }

    /** The student's lab session, when this browser has given a name already. */
    public Optional<LabSession> current() {
        return httpSession()
                .map(http -> (String) http.getAttribute(LabSessionHttpBinding.ATTRIBUTE))
                .flatMap(sessions::find);
    }

    /** Who is asking: the instructor when logged in, otherwise the student of this browser. */
    public Optional<Caller> caller() {
        Optional<Caller> authenticated = Callers.current();
        return authenticated.isPresent() ? authenticated : current().map(Caller::student);
    }

    /** Whether the instructor is logged in on this browser. */
    public boolean isInstructor() {
        return Callers.current().filter(Caller.Instructor.class::isInstance).isPresent();
    }

    /**
     * Runs {@code action} with the student's session, first asking for a display name in a dialog
     * when this browser has none yet (the name is asked once, then kept for the session).
     */
    public void ensure(Consumer<LabSession> action) {
        Optional<LabSession> existing = current();
        if (existing.isPresent()) {
            action.accept(existing.get());
        } else {
            new NameDialog("Before your first run: what should the class see as your name?", "", name -> {
                LabSession opened = start(name);
                action.accept(opened);
                return opened;
            }).open();
        }
    }

    /**
     * Opens a lab session with {@code name} and binds it to this browser.
     *
     * @throws com.cifarlab.runs.InvalidSessionNameException when the name cannot be used
     */
    public LabSession start(String name) {
        LabSession session = sessions.open(name);
        httpSession().ifPresent(http -> http.setAttribute(LabSessionHttpBinding.ATTRIBUTE, session.id()));
        return session;
    }

    /**
     * Changes the display name, or starts a session with it when there is none yet.
     *
     * @throws com.cifarlab.runs.InvalidSessionNameException when the name cannot be used
     */
    public LabSession rename(String name) {
        return current().map(session -> sessions.rename(session.id(), name)).orElseGet(() -> start(name));
    }

    private static Optional<WrappedSession> httpSession() {
        return Optional.ofNullable(VaadinSession.getCurrent()).map(VaadinSession::getSession);
    }
}
