package com.cifarlab.security;

import com.cifarlab.runs.LabSessionService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} as the lab session the token belongs to.
 * A token that matches no open session is answered with 401 at once, rather than treated as
 * anonymous, so the client learns that its session ended. Requests without a bearer token pass
 * through (HTTP Basic or the access rules deal with them).
 */
final class SessionTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final String SESSIONS_PATH = "/api/sessions";

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
        Optional<String> token = bearerToken(request);
        if (token.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        var session = sessions.findByToken(token.get());
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

    /** Opening a session needs no token, and a stale one left in a client must not block it. */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return HttpMethod.POST.matches(request.getMethod())
                && request.getRequestURI().equals(request.getContextPath() + SESSIONS_PATH);
    }

    private static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(header.substring(BEARER.length()).strip());
    }
}
