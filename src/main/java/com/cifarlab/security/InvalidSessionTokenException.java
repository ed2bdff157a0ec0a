package com.cifarlab.security;

import org.springframework.security.core.AuthenticationException;

/** A bearer token that belongs to no open lab session. */
final class InvalidSessionTokenException extends AuthenticationException {

    InvalidSessionTokenException() {
        super("This session token is not valid (the session may have ended); start a new session with POST /api/sessions.");
    }
}
