package com.cifarlab.model;

/** Hidden-layer activations a student may choose for a custom MLP. */
public enum Activation {
    RELU("ReLU"), SIGMOID("Sigmoid"), TANH("tanh");

    private final String label;

    Activation(String label) {
        this.label = label;
    }

    /** The name students see. */
    public String label() {
        return label;
    }
}
