package com.cifarlab.training.dl4j;

import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

/**
 * A loss measured on one example's softmax output, with the same formulas DL4J trains with, so
 * validation and test losses compare with the training loss.
 */
public enum LossMeasure {

    /** −ln p(true class), with p clipped to [1e-10, 1 − 1e-10] as DL4J's MCXENT does. */
    CROSS_ENTROPY {
        @Override
        public double of(float[] probabilities, int trueClass) {
            double p = Math.min(Math.max(probabilities[trueClass], CLIP), 1 - CLIP);
            return -Math.log(p);
        }
    },
    /** The mean over the classes of (p − one-hot)², as DL4J's and Keras's MSE. */
    MEAN_SQUARED_ERROR {
        @Override
        public double of(float[] probabilities, int trueClass) {
            double sum = 0;
            for (int c = 0; c < probabilities.length; c++) {
                double error = probabilities[c] - (c == trueClass ? 1 : 0);
                sum += error * error;
            }
            return sum / probabilities.length;
        }
    };

    private static final double CLIP = 1e-10;

    public abstract double of(float[] probabilities, int trueClass);

    /** The measure matching a DL4J output layer's loss function. */
    public static LossMeasure of(ILossFunction loss) {
        if (loss instanceof LossMCXENT) {
            return CROSS_ENTROPY;
        }
        if (loss instanceof LossMSE) {
            return MEAN_SQUARED_ERROR;
        }
        throw new IllegalArgumentException("unsupported loss function " + loss.name());
    }
}
