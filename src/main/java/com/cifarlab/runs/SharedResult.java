package com.cifarlab.runs;

/**
 * Where a run's result came from when another run computed it: identical runs (same
 * specification, seeds, data and engine) are computed once for everyone who asks.
 *
 * @param computedBy the run whose training produced the result
 * @param reused     true when the result was ready at submission (an earlier computation), false
 *                   when the run joined a computation that was waiting or training
 */
public record SharedResult(String computedBy, boolean reused) {
}
