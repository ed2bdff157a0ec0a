package com.cifarlab.runs;

/** The runs folder has no room for a run's files, or cannot be written at all. */
public class DiskFullException extends ServerUnavailableException {

    public DiskFullException(String detail) {
        super("The server's disk is full: " + detail + " The run was not queued; tell the instructor.");
    }
}
