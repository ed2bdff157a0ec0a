package com.cifarlab.runs;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.springframework.stereotype.Component;

/**
 * Ends a browser's lab session when its HTTP session ends (timeout, logout, server stop), so
 * its waiting runs do not hold places in the queue for nobody.
 *
 * <p>The UI binds the two by storing the lab session's id in the HTTP session under
 * {@link #ATTRIBUTE}. From Vaadin that is
 * {@code VaadinSession.getCurrent().getSession().setAttribute(LabSessionHttpBinding.ATTRIBUTE, labSession.id())}
 * ({@code VaadinSession.setAttribute} would keep it in Vaadin's own map, which this listener
 * does not see). Spring Boot registers this bean with the servlet container as a listener.
 */
@Component
public class LabSessionHttpBinding implements HttpSessionListener {

    /** HTTP-session attribute holding the id (a String) of the lab session bound to it. */
    public static final String ATTRIBUTE = "cifar-lab.lab-session-id";

    private final LabSessionService sessions;

    public LabSessionHttpBinding(LabSessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        if (event.getSession().getAttribute(ATTRIBUTE) instanceof String labSessionId) {
            sessions.close(labSessionId, RunService.SESSION_ENDED);
        }
    }
}
