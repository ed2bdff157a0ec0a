package com.cifarlab.training.dl4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/** A test seam: sees (and may alter) each mini-batch's input just before the training step. */
@FunctionalInterface
interface BatchHook {

    BatchHook NONE = (epoch, batch, features) -> { };

    /** Called before the step on {@code batch} (1-based) of {@code epoch} (1-based). */
    void beforeStep(int epoch, int batch, INDArray features);
}
