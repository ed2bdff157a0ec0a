package com.cifarlab.training;

/** The losses the lab compares, both computed on the softmax output. */
public enum LossFunction {
    CATEGORICAL_CROSSENTROPY, MEAN_SQUARED_ERROR
}
