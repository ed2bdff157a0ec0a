package com.cifarlab.dataset;

/** The three groups of images a run sees: the 80/20 split of the training batches, and the test batch. */
public enum Subset {
    TRAINING("Training"),
    VALIDATION("Validation"),
    TEST("Test");

    private final String label;

    Subset(String label) {
        this.label = label;
    }

    /** The name students see. */
    public String label() {
        return label;
    }
}
