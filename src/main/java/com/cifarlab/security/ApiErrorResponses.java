package com.cifarlab.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The API's 401 and 403 answers, as the same {@code {"error": "..."}} JSON the controllers
 * give, never Spring's error page. The 401 challenge names the scheme the endpoint takes.
 */
final class ApiErrorResponses {

    private static final String INSTRUCTOR_PATHS = "/api/instructor/";

    private final ObjectMapper json;

    ApiErrorResponses(ObjectMapper json) {
        this.json = json;
    }

    AuthenticationEntryPoint entryPoint() {
        return (request, response, exception) -> {
            if (exception instanceof LoginThrottledException throttled) {
                LoginFailures.tooManyTries(response, throttled);
                write(response, HttpStatus.TOO_MANY_REQUESTS, throttled.getMessage());
                return;
            }
            boolean instructorPath = request.getRequestURI().startsWith(request.getContextPath() + INSTRUCTOR_PATHS);
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                    instructorPath ? "Basic realm=\"CIFAR Lab\"" : "Bearer realm=\"CIFAR Lab\"");
            String message;
            if (exception instanceof InvalidSessionTokenException) {
                message = exception.getMessage();
            } else if (exception instanceof BadCredentialsException) {
                message = "The instructor user name or password is wrong.";
            } else if (instructorPath) {
                message = "This endpoint needs the instructor's user name and password (HTTP Basic).";
            } else {
                message = "Send your session token as 'Authorization: Bearer <token>'; POST /api/sessions gives you one.";
            }
            write(response, HttpStatus.UNAUTHORIZED, message);
        };
    }

    AccessDeniedHandler accessDeniedHandler() {
        return (request, response, exception) ->
                write(response, HttpStatus.FORBIDDEN, "Only the instructor may use this endpoint.");
    }

    private void write(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("error", message));
    }
}
