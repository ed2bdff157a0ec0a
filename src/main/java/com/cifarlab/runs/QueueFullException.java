package com.cifarlab.runs;

/** A submission refused because the session already has as many runs as it may have unfinished. */
public class QueueFullException extends RuntimeException {

    private final int running;
    private final int waiting;

    public QueueFullException(int running, int waiting) {
        super("You already have " + runs(running) + " training and " + waiting
                + " waiting; cancel one or wait for one to finish.");
        this.running = running;
        this.waiting = waiting;
    }

    private static String runs(int count) {
        return switch (count) {
            case 0 -> "no runs";
            case 1 -> "1 run";
            default -> count + " runs";
        };
    }

    public int running() {
        return running;
    }

    public int waiting() {
        return waiting;
    }
}
