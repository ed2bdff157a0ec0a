package com.cifarlab.dataset;

/** A data set that cannot be used; the message is one sentence naming the file and the problem. */
public class DatasetException extends RuntimeException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
