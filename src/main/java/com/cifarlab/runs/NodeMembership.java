package com.cifarlab.runs;

/** A training node's place in the worker pool, held by whoever watches the node. */
@FunctionalInterface
public interface NodeMembership {

    /**
     * Takes the node's workers out of the pool: they start no further run, and the run each
     * trains ends as its trainer says (a node that is gone makes it throw
     * {@link com.cifarlab.training.TrainerLostException}).
     */
    void leave();
}
