package com.cifarlab.training;

/**
 * Trains one network and evaluates it on the test set. The only door to the ML engine: the
 * run queue and the UI depend on this, so their tests can use a fake.
 */
public interface Trainer {

    /**
     * Runs the whole training on the calling thread, emitting events to {@code listener}.
     *
     * @throws TrainingFailedException    when the run cannot finish (divergence, time limit, no data...)
     * @throws TrainingCancelledException when {@code cancel} was set; honoured within one batch
     */
    TrainingResult train(TrainingSpec spec, TrainingListener listener, CancelSignal cancel);

    /**
     * What decides a result besides the spec: the engine's build and the data it trains on. Runs
     * whose spec and identity agree give identical results, so the server computes them once.
     */
    default String resultsIdentity() {
        return getClass().getName();
    }

    /**
     * The releases, native build and data set behind {@link #resultsIdentity()}, apart: a training
     * machine must agree with the server on the releases and the data to join it.
     */
    default EngineIdentity identity() {
        return new EngineIdentity(resultsIdentity(), "unknown", "unknown");
    }
}
