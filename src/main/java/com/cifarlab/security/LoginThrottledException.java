package com.cifarlab.security;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** A login try refused, unchecked, because of earlier wrong passwords (or another try being checked). */
final class LoginThrottledException extends AuthenticationException {

    private final Duration retryAfter;

    LoginThrottledException(Duration retryAfter) {
        super("Too many wrong passwords: wait " + describe(retryAfter) + " before the next try.");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, at least one, as {@code Retry-After} takes them. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    private static String describe(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        if (seconds < 90) {
            return seconds + (seconds == 1 ? " second" : " seconds");
        }
        long minutes = (seconds + 59) / 60;
        return minutes + " minutes";
    }
}
