package com.cifarlab.security;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.web.util.HtmlUtils;

/** How a refused login is answered: 429 with {@code Retry-After} when throttled, as usual otherwise. */
final class LoginFailures {

    private LoginFailures() {
    }

    static void tooManyTries(HttpServletResponse response, LoginThrottledException throttled) {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(throttled.retryAfterSeconds()));
    }

    /**
     * The login form posts natively, so the browser shows whatever comes back: a throttled try gets
     * a short page that says how long to wait, any other failure goes back to the form with {@code ?error}.
     */
    static AuthenticationFailureHandler forForm(String failureUrl) {
        SimpleUrlAuthenticationFailureHandler backToForm = new SimpleUrlAuthenticationFailureHandler(failureUrl);
        return (request, response, exception) -> {
            if (!(exception instanceof LoginThrottledException throttled)) {
                backToForm.onAuthenticationFailure(request, response, exception);
                return;
            }
            tooManyTries(response, throttled);
            response.setContentType(MediaType.TEXT_HTML_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<title>Instructor login · CIFAR Lab</title></head><body style=\"font-family:sans-serif;margin:3em\">"
                    + "<h1>Instructor login paused</h1><p>" + HtmlUtils.htmlEscape(throttled.getMessage()) + "</p>"
                    + "<p><a href=\"" + failureUrl.substring(0, failureUrl.indexOf('?')) + "\">Back to the login</a></p>"
                    + "</body></html>");
        };
    }
}
