package com.cifarlab.cli;

/** A command line that cannot be run as typed; the message says what to change. Exit code 2. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
