package com.cifarlab.security;

import com.cifarlab.sessions.LabSessionService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} as the lab session the token belongs to.
 * A token that matches no active session (revoked, unused for too long, its student removed) is
 * answered with 401 at once, rather than treated as
 * anonymous, so the client learns that its session ended. Requests without a bearer token pass
 * through (HTTP Basic or the access rules deal with them).
 */
final class SessionTokenFilter extends OncePerRequestFilter {

    private final LabSessionService sessions;
    private final AuthenticationEntryPoint entryPoint;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    SessionTokenFilter(LabSessionService sessions, AuthenticationEntryPoint entryPoint) {
        this.sessions = sessions;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> token = Callers.bearerToken(request);
        if (token.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        var session = sessions.authenticate(token.get());
        if (session.isEmpty()) {
            contexts.clearContext();
            entryPoint.commence(request, response, new InvalidSessionTokenException());
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new StudentAuthentication(session.get()));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }

    /** Joining and resuming need no token, and a stale one left in a client must not block them. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return HttpMethod.POST.matches(request.getMethod())
                && (path.equals(SecurityConfig.JOIN_PATH) || path.equals(SecurityConfig.RESUME_PATH));
    }
}
