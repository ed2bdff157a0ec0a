package com.cifarlab.runs.api;

import com.cifarlab.runs.Caller;
import com.cifarlab.security.Callers;
import com.cifarlab.sessions.Admission;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.SessionEndedException;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Joining the class from an API client: the token returned authenticates the student's requests
 * (as a bearer token) until it is revoked or unused for the inactivity period, across restarts.
 */
@RestController
@RequestMapping("/api/sessions")
class SessionController {

    record JoinRequest(String name, String classCode) {
    }

    record ResumeRequest(String resumeCode) {
    }

    /**
     * @param resumeCode the student's personal code to come back in from another client or browser;
     *                   given on joining only
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record JoinedSession(String token, String sessionId, String name, String resumeCode) {
    }

    private final LabSessionService sessions;

    SessionController(LabSessionService sessions) {
        this.sessions = sessions;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    JoinedSession join(@RequestBody(required = false) JoinRequest request, HttpServletRequest http) {
        JoinRequest body = request == null ? new JoinRequest(null, null) : request;
        return answer(sessions.join(body.name(), body.classCode(), http.getRemoteAddr(), true));
    }

    @PostMapping("/resume")
    @ResponseStatus(HttpStatus.CREATED)
    JoinedSession resume(@RequestBody(required = false) ResumeRequest request, HttpServletRequest http) {
        return answer(sessions.resume(request == null ? null : request.resumeCode(), http.getRemoteAddr(), true));
    }

    /** Revokes the token the request was sent with; the session and its runs stay. */
    @DeleteMapping("/current")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(HttpServletRequest http) {
        if (Callers.current().filter(Caller.Student.class::isInstance).isEmpty()
                || !sessions.revoke(Callers.bearerToken(http).orElse(null))) {
            throw new SessionEndedException();
        }
    }

    private static JoinedSession answer(Admission admission) {
        return new JoinedSession(admission.credential(), admission.session().id(), admission.session().name(),
                admission.resumeCode());
    }
}
