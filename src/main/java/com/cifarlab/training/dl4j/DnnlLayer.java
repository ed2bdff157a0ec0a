package com.cifarlab.training.dl4j;

/** A layer that computes through oneDNN's primitives, which {@link LeanLayers} frees when the run ends. */
interface DnnlLayer {

    DnnlLayerCore<?> core();
}
