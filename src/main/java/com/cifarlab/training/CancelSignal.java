package com.cifarlab.training;

/** Set by whoever wants a run to stop; the trainer checks it before every batch. */
public final class CancelSignal {

    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
