package com.cifarlab.model;

/**
 * One dense hidden layer of an MLP, followed by dropout.
 *
 * @param units       16–4096
 * @param activation  the layer's activation
 * @param dropoutRate the fraction of units DROPPED during training, as in Keras (0 = no dropout)
 */
public record HiddenLayer(int units, Activation activation, double dropoutRate) {

    public static final int MIN_UNITS = 16;
    public static final int MAX_UNITS = 4096;
    public static final double MAX_DROPOUT = 0.9;

    public HiddenLayer {
        InvalidSpecException.requireRange("units", "Units of a hidden layer", units, MIN_UNITS, MAX_UNITS);
        if (activation == null) {
            throw new InvalidSpecException("activation", "Choose an activation for every hidden layer.");
        }
        if (!(dropoutRate >= 0 && dropoutRate <= MAX_DROPOUT)) {
            throw new InvalidSpecException("dropoutRate",
                    "Dropout rate must be between 0 and " + MAX_DROPOUT + " (got " + dropoutRate + ").");
        }
    }
}
