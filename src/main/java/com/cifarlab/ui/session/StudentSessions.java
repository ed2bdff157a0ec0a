package com.cifarlab.ui.session;

import com.cifarlab.runs.Caller;
import com.cifarlab.security.Callers;
import com.cifarlab.sessions.Admission;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.SessionProperties;
import com.vaadin.flow.server.VaadinRequest;
import com.vaadin.flow.server.VaadinResponse;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.WrappedSession;
import jakarta.servlet.http.Cookie;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The lab session of the browser in use. The browser keeps its credential in a long-lived
 * HttpOnly, SameSite=Lax cookie, so it comes back in on its own after being closed or after a
 * server restart; the HTTP session only caches it. Another browser comes in with the student's
 * resume code. A logged-in instructor is a caller too, and sees every run.
 */
@Component
public class StudentSessions {

    static final String COOKIE = "cifar-lab-seat";
    /** HTTP-session attribute caching this browser's credential. */
    private static final String ATTRIBUTE = "cifar-lab.credential";

    private final LabSessionService sessions;
    private final int cookieSeconds;

    public StudentSessions(LabSessionService sessions, SessionProperties properties) {
        this.sessions = sessions;
        this.cookieSeconds = (int) Math.min(Integer.MAX_VALUE, properties.sessionInactivity().toSeconds());
    }

    /** The student's lab session, when this browser has joined or resumed one that is still active. */
    public Optional<LabSession> current() {
        Optional<WrappedSession> http = httpSession();
        Optional<String> cached = http.map(StudentSessions::cachedCredential);
        if (cached.isPresent()) {
            Optional<LabSession> session = sessions.authenticate(cached.get());
            if (session.isEmpty()) {
                http.get().removeAttribute(ATTRIBUTE);
            }
            return session;
        }
        Optional<String> fromCookie = cookie();
        Optional<LabSession> session = fromCookie.flatMap(sessions::authenticate);
        if (session.isPresent()) {
            // A new visit: keep the credential for this HTTP session and give the cookie its full life again.
            bind(fromCookie.get());
        }
        return session;
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
     * Runs {@code action} with the student's session, first asking them to join the class (or to
     * come back in with their resume code) when this browser is in none.
     */
    public void ensure(Consumer<LabSession> action) {
        Optional<LabSession> existing = current();
        if (existing.isPresent()) {
            action.accept(existing.get());
        } else {
            new JoinDialog(this, "Before your first run, join the class.", action).open();
        }
    }

    /**
     * Joins the class and binds the new session to this browser.
     *
     * @throws com.cifarlab.sessions.InvalidSessionNameException when the name cannot be used or is taken
     * @throws com.cifarlab.sessions.JoinRefusedException        when the code is wrong or tries are too many
     */
    public Admission join(String name, String classCode) {
        Admission admission = sessions.join(name, classCode, clientAddress(), false);
        bind(admission.credential());
        return admission;
    }

    /**
     * Brings this browser into the session of {@code resumeCode}.
     *
     * @throws com.cifarlab.sessions.JoinRefusedException when no session has the code or tries are too many
     */
    public Admission resume(String resumeCode) {
        Admission admission = sessions.resume(resumeCode, clientAddress(), false);
        bind(admission.credential());
        return admission;
    }

    /**
     * Changes the display name of this browser's session.
     *
     * @throws com.cifarlab.sessions.InvalidSessionNameException when the name cannot be used or is taken
     * @throws com.cifarlab.sessions.SessionEndedException       when this browser is in no session
     */
    public LabSession rename(String name) {
        return sessions.rename(current().orElseThrow(com.cifarlab.sessions.SessionEndedException::new).id(), name);
    }

    /** Ends this browser's session (its waiting runs are cancelled) and forgets it in this browser. */
    public void leave() {
        current().ifPresent(session -> sessions.leave(session.id()));
        httpSession().ifPresent(http -> http.removeAttribute(ATTRIBUTE));
        writeCookie("", 0);
    }

    /** A new API token of this browser's session, for a script. */
    public Optional<String> newApiToken() {
        return current().map(session -> sessions.issueApiToken(session.id()).credential());
    }

    private void bind(String credential) {
        httpSession().ifPresent(http -> http.setAttribute(ATTRIBUTE, credential));
        writeCookie(credential, cookieSeconds);
    }

    private static void writeCookie(String value, int maxAgeSeconds) {
        VaadinRequest request = VaadinRequest.getCurrent();
        VaadinResponse response = VaadinResponse.getCurrent();
        if (request == null || response == null) {
            return;
        }
        Cookie cookie = new Cookie(COOKIE, value);
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
        cookie.setMaxAge(maxAgeSeconds);
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
    }

    private static Optional<String> cookie() {
        VaadinRequest request = VaadinRequest.getCurrent();
        Cookie[] cookies = request == null ? null : request.getCookies();
        return cookies == null ? Optional.empty() : Arrays.stream(cookies)
                .filter(cookie -> COOKIE.equals(cookie.getName()))
                .map(Cookie::getValue)
                .filter(value -> !value.isEmpty())
                .findFirst();
    }

    private static String clientAddress() {
        VaadinRequest request = VaadinRequest.getCurrent();
        if (request != null) {
            return request.getRemoteAddr();
        }
        VaadinSession session = VaadinSession.getCurrent();
        return session == null || session.getBrowser() == null ? "unknown" : session.getBrowser().getAddress();
    }

    private static String cachedCredential(WrappedSession http) {
        try {
            return (String) http.getAttribute(ATTRIBUTE);
        } catch (IllegalStateException invalidated) {
            // A page still following runs after its browser session expired: it has no student any more.
            return null;
        }
    }

    private static Optional<WrappedSession> httpSession() {
        return Optional.ofNullable(VaadinSession.getCurrent()).map(VaadinSession::getSession);
    }
}
