package com.cifarlab.model;

/** Hidden-layer activations a student may choose for a custom MLP. */
public enum Activation {
    RELU, SIGMOID, TANH
}
