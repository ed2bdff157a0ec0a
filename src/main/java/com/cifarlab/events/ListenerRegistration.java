package com.cifarlab.events;

/** Handle to stop receiving events; a view calls it when it detaches. */
@FunctionalInterface
public interface ListenerRegistration {

    void remove();
}
