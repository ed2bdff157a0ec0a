package com.cifarlab.security;

import com.cifarlab.runs.Caller;
import com.cifarlab.sessions.LabSession;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by a lab session's bearer token; the principal is the student's {@link Caller}. */
final class StudentAuthentication extends AbstractAuthenticationToken {

    private final Caller.Student student;

    StudentAuthentication(LabSession session) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + Callers.STUDENT_ROLE)));
        this.student = new Caller.Student(session.id());
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Caller.Student getPrincipal() {
        return student;
    }
}
