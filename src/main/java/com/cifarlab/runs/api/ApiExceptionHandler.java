package com.cifarlab.runs.api;

import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.runs.DiskFullException;
import com.cifarlab.runs.LowMemoryException;
import com.cifarlab.runs.QueueFullException;
import com.cifarlab.runs.RunNotFoundException;
import com.cifarlab.runs.RunStateException;
import com.cifarlab.runs.SessionRequiredException;
import com.cifarlab.runs.ShuttingDownException;
import com.cifarlab.sessions.InvalidSessionNameException;
import com.cifarlab.sessions.JoinRefusedException;
import com.cifarlab.sessions.SessionEndedException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.servlet.ServletException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every failure of an API request as {@code {"error": "..."}} with its status; never a stack trace. */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.{1,100})'");

    @ExceptionHandler(InvalidSpecException.class)
    ResponseEntity<ApiError> invalidSpec(InvalidSpecException e) {
        return ResponseEntity.badRequest().body(new ApiError(e.getMessage(), e.field()));
    }

    @ExceptionHandler(InvalidSessionNameException.class)
    ResponseEntity<ApiError> invalidName(InvalidSessionNameException e) {
        return ResponseEntity.badRequest().body(new ApiError(e.getMessage(), "name"));
    }

    @ExceptionHandler(JoinRefusedException.class)
    ResponseEntity<ApiError> joinRefused(JoinRefusedException e) {
        return switch (e.reason()) {
            case WRONG_CODE -> status(HttpStatus.FORBIDDEN, e.getMessage());
            case THROTTLED -> status(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
            case UNAVAILABLE -> status(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        };
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        // Jackson may wrap the parse error in a mapping error: look down the whole chain.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyLimit.TooLargeException) {
                return status(HttpStatus.PAYLOAD_TOO_LARGE, RequestBodyLimit.MESSAGE);
            }
            if (cause instanceof StreamConstraintsException) {
                return status(HttpStatus.BAD_REQUEST, "The request body holds a number, text or nesting longer or deeper"
                        + " than any request needs (numbers have at most 1,000 digits).");
            }
            if (cause instanceof JsonParseException parse) {
                return malformed(parse);
            }
        }
        if (e.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = SpecReader.path(mismatch);
            String problem = mismatch instanceof InvalidNullException ? "must not be null" : "has a value of the wrong type";
            return ResponseEntity.badRequest().body(new ApiError("Field '" + field + "' " + problem + ".", field));
        }
        return status(HttpStatus.BAD_REQUEST, "The request body must be a JSON object.");
    }

    /** A repeated key names its field; any other syntax error says where it is. */
    static ResponseEntity<ApiError> malformed(JsonParseException parse) {
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(parse.getOriginalMessage()));
        if (duplicate.matches()) {
            String field = duplicate.group(1);
            return ResponseEntity.badRequest().body(new ApiError("Field '" + field + "' is given twice; give each field once.",
                    field));
        }
        return status(HttpStatus.BAD_REQUEST, "The request body is not valid JSON (line "
                + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr() + ").");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> notJson(HttpMediaTypeNotSupportedException e) {
        return status(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as JSON (Content-Type: application/json).");
    }

    @ExceptionHandler(RunNotFoundException.class)
    ResponseEntity<ApiError> notFound(RunNotFoundException e) {
        return status(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(QueueFullException.class)
    ResponseEntity<ApiError> queueFull(QueueFullException e) {
        return status(HttpStatus.TOO_MANY_REQUESTS, e.getMessage());
    }

    @ExceptionHandler(RunStateException.class)
    ResponseEntity<ApiError> conflict(RunStateException e) {
        return status(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(SessionEndedException.class)
    ResponseEntity<ApiError> sessionEnded(SessionEndedException e) {
        return status(HttpStatus.UNAUTHORIZED, e.getMessage());
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<ApiError> unauthenticated(AuthenticationException e) {
        return status(HttpStatus.UNAUTHORIZED, e.getMessage());
    }

    @ExceptionHandler(SessionRequiredException.class)
    ResponseEntity<ApiError> sessionRequired(SessionRequiredException e) {
        return status(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(ShuttingDownException.class)
    ResponseEntity<ApiError> shuttingDown(ShuttingDownException e) {
        return status(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    }

    @ExceptionHandler(LowMemoryException.class)
    ResponseEntity<ApiError> lowMemory(LowMemoryException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(LowMemoryException.RETRY_AFTER_SECONDS))
                .body(new ApiError(e.getMessage()));
    }

    @ExceptionHandler(DiskFullException.class)
    ResponseEntity<ApiError> diskFull(DiskFullException e) {
        return status(HttpStatus.INSUFFICIENT_STORAGE, e.getMessage());
    }

    /** Spring MVC's own request errors (wrong method, missing parameter...) keep their status. */
    @ExceptionHandler(ServletException.class)
    ResponseEntity<ApiError> badRequest(ServletException e) {
        if (e instanceof ErrorResponse response) {
            HttpStatusCode code = response.getStatusCode();
            String detail = response.getBody().getDetail();
            return ResponseEntity.status(code).body(new ApiError(detail == null ? "The request was refused." : detail));
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("API request failed", e);
        return status(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on the server; the problem was logged.");
    }

    @ExceptionHandler(RequestBodyLimit.TooLargeException.class)
    ResponseEntity<ApiError> tooLarge(RequestBodyLimit.TooLargeException e) {
        return status(HttpStatus.PAYLOAD_TOO_LARGE, RequestBodyLimit.MESSAGE);
    }

    private static ResponseEntity<ApiError> status(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(new ApiError(message));
    }
}
