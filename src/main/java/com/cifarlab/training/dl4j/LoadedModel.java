package com.cifarlab.training.dl4j;

import com.cifarlab.training.ModelCard;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** A model file read back: the network, ready for inference or more training, and its card. */
public record LoadedModel(MultiLayerNetwork network, ModelCard card) {
}
