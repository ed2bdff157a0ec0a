package com.cifarlab.training;

/** A file that is not a usable CIFAR Lab model; the message is one sentence for the person who chose it. */
public class InvalidModelFileException extends RuntimeException {

    public InvalidModelFileException(String message) {
        super(message);
    }

    public InvalidModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
