package com.cifarlab.training.dl4j;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A layer's pre-activations from its training forward pass, kept for its back-propagation, which
 * DL4J would otherwise compute again. A copy is kept, since DL4J applies the activation in place,
 * in the workspace DL4J would put the recomputed ones in; the input it was computed from tells
 * whether it is still this step's.
 */
final class KeptPreOutput {

    private INDArray preOutput;
    private INDArray input;

    /** Keeps a copy of {@code computed}, the pre-activations of {@code from}. */
    void keep(INDArray computed, INDArray from, LayerWorkspaceMgr workspaceMgr) {
        preOutput = workspaceMgr.dup(ArrayType.ACTIVATIONS, computed);
        input = from;
    }

    /** The kept pre-activations of {@code current}, handed over once, or null when there are none. */
    INDArray take(INDArray current) {
        if (preOutput == null || input != current) {
            return null;
        }
        INDArray kept = preOutput;
        forget();
        return kept;
    }

    void forget() {
        preOutput = null;
        input = null;
    }
}
