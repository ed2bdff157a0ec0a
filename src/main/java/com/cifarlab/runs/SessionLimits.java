package com.cifarlab.runs;

/** How many runs each session may have training, and waiting beyond those, at once. */
public record SessionLimits(int maxRunning, int maxWaiting) {
}
