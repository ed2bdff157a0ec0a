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
}
