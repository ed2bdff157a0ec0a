package com.cifarlab.training.dl4j;

/**
 * How a oneDNN layer's input and output arrays hold their values: in oneDNN's blocked layout where
 * the neighbouring layer is a oneDNN layer too, so nothing between them reorders, and in plain NCHW
 * where DL4J (a pre-processor, a dense layer, the network's input) reads or writes them.
 */
record Layouts(boolean blockedInput, boolean blockedOutput) {
}
