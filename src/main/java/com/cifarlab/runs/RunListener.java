package com.cifarlab.runs;

/**
 * Receives run events on a delivery thread of its own (never a training thread). A Vaadin view
 * wraps its work in {@code ui.access(...)}.
 */
@FunctionalInterface
public interface RunListener {

    void onEvent(RunEvent event);
}
