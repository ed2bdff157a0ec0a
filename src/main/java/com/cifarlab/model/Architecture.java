package com.cifarlab.model;

/** The three kinds of network the lab works with. */
public enum Architecture {
    /** Flatten → Dense 512 ReLU → Dropout 0.5 → Dense 256 ReLU → Dropout 0.5 → Dense 10 softmax. */
    LAB_MLP("Lab MLP"),
    /** Like the lab's MLP, with 1–4 hidden layers the student designs. */
    CUSTOM_MLP("Custom MLP"),
    /** Conv 32/64/128 with max-pooling, then Dense 256 → Dropout 0.5 → Dense 10: the CNN the lab argues for. */
    SMALL_CNN("Small CNN");

    private final String label;

    Architecture(String label) {
        this.label = label;
    }

    /** The name students see. */
    public String label() {
        return label;
    }
}
