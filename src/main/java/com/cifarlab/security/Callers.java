package com.cifarlab.security;

import com.cifarlab.runs.Caller;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Turns a Spring Security authentication into the {@link Caller} the run service expects: a
 * bearer-token student, or the instructor (HTTP Basic or form login). A browser student has no
 * Spring authentication: the UI makes {@code Caller.student(labSession)} itself.
 */
public final class Callers {

    static final String STUDENT_ROLE = "STUDENT";
    static final String INSTRUCTOR_ROLE = "INSTRUCTOR";
    private static final String BEARER = "Bearer ";

    private Callers() {
    }

    public static Optional<Caller> from(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        if (authentication.getPrincipal() instanceof Caller caller) {
            return Optional.of(caller);
        }
        boolean instructor = authentication.getAuthorities().stream()
                .anyMatch(authority -> ("ROLE_" + INSTRUCTOR_ROLE).equals(authority.getAuthority()));
        return instructor ? Optional.of(Caller.instructor()) : Optional.empty();
    }

    /** The secret of an {@code Authorization: Bearer <token>} header. */
    public static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(header.substring(BEARER.length()).strip());
    }

    /** The caller of the current request, if it is authenticated as one. */
    public static Optional<Caller> current() {
        return from(SecurityContextHolder.getContext().getAuthentication());
    }
}
