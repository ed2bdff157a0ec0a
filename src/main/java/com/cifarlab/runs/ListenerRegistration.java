package com.cifarlab.runs;

/** Handle to stop receiving events; a view calls it when it detaches. */
@FunctionalInterface
public interface ListenerRegistration {

    void remove();
}
