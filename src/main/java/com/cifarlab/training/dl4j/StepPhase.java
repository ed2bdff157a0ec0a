package com.cifarlab.training.dl4j;

/** The parts of a training step that {@code bench --profile} times separately. */
public enum StepPhase {

    /** Turning the mini-batch's shared bytes into the reused float input. */
    COPY("batch copy"),
    /** DL4J's set-up of the step and the forward pass, dropout masks included. */
    FORWARD("forward"),
    /** The loss, back-propagation and gradients. */
    BACKWARD("backward"),
    /** The optimizer's update and applying it to the weights. */
    UPDATER("updater"),
    /** Zeroing the optimizer state's subnormals every {@value UpdaterStateFlush#EVERY_ITERATIONS} steps. */
    FLUSH("state flush"),
    /** Everything else in the step: DL4J's set-up and tear-down around it, the score, the accuracy count. */
    OTHER("other");

    private final String label;

    StepPhase(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
