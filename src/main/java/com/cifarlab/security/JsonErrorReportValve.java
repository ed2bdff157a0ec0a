package com.cifarlab.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own answer to a request it refuses before any servlet sees it (an encoded slash,
 * backslash or NUL in the path, headers past the limit, a malformed request line) is an HTML
 * page naming the server. This valve answers those as the API's JSON, one sentence, without a
 * stack trace or the server's version; errors the application reports itself are untouched.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"error\":\"" + sentence(status) + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client went away; there is nobody left to tell.
        }
    }

    static String sentence(int status) {
        return switch (status) {
            // Tomcat answers a path it refuses and headers past its limit with the same 400.
            case HttpServletResponse.SC_BAD_REQUEST -> "The request was refused: its address or headers are malformed"
                    + " or too large (a path may not hold encoded slashes, backslashes or NUL characters, and the"
                    + " headers must stay within the server's limit).";
            case HttpServletResponse.SC_NOT_FOUND -> "There is nothing at this address.";
            case HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE -> "The request is larger than the server accepts.";
            case 431 -> "The request's headers are larger than the server accepts (at most 16 kB).";
            default -> status >= 500 ? "Something went wrong on the server; the problem was logged."
                    : "The request was refused (HTTP " + status + ").";
        };
    }
}
