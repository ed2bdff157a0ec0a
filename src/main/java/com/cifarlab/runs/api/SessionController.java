package com.cifarlab.runs.api;

import com.cifarlab.runs.LabSession;
import com.cifarlab.runs.LabSessionService;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Opens a lab session for an API client; the token it returns authenticates the student's requests. */
@RestController
@RequestMapping("/api/sessions")
class SessionController {

    record OpenSession(String name) {
    }

    record OpenedSession(String token, String sessionId, String name) {
    }

    private final LabSessionService sessions;

    SessionController(LabSessionService sessions) {
        this.sessions = sessions;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    OpenedSession open(@RequestBody(required = false) OpenSession request) {
        LabSession session = sessions.open(request == null ? null : request.name());
        return new OpenedSession(session.token(), session.id(), session.name());
    }
}
