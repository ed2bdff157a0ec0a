package com.cifarlab.model;

import java.util.List;

/**
 * The fixed shape of the lab's small CNN, shared by the summary and the network builder so the
 * two cannot drift apart: three 3×3 "same" convolutions, each followed by 2×2 max-pooling, then
 * a dense layer with dropout before the softmax.
 */
public final class SmallCnn {

    public static final List<Integer> FILTERS = List.of(32, 64, 128);
    public static final int KERNEL = 3;
    public static final int POOL = 2;
    public static final int DENSE_UNITS = 256;
    public static final double DENSE_DROPOUT = 0.5;

    private SmallCnn() {
    }
}
