package com.cifarlab.training.dl4j;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Swaps a network's dense layers for {@link LeanDenseLayer}s while it trains, and DL4J's own back
 * afterwards. Only the objects that compute change: the configuration, and with it the model file,
 * stays DL4J's, and both kinds of object share the very same parameter and gradient arrays, which
 * is all DL4J's updater and the saved model look at. Putting DL4J's layers back at the end keeps
 * the trained network complete, input gradient included, for whatever uses it next.
 */
final class LeanLayers {

    private final MultiLayerNetwork network;
    private final Map<Integer, Layer> originals;

    private LeanLayers(MultiLayerNetwork network, Map<Integer, Layer> originals) {
        this.network = network;
        this.originals = originals;
    }

    /** Replaces every plain dense layer of the initialised {@code network}. */
    static LeanLayers install(MultiLayerNetwork network) {
        MultiLayerConfiguration configuration = network.getLayerWiseConfigurations();
        Layer[] layers = network.getLayers();
        Map<Integer, Layer> originals = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i].getClass() == DenseLayer.class && isPlain((DenseLayer) layers[i])) {
                BaseLayer layerConf = ((DenseLayer) layers[i]).layerConf();
                // The input gradient is only left out where DL4J would drop it: the first layer, with no
                // pre-processor to hand it to and no dropout whose mask it would clear.
                boolean inputGradientNeeded = i > 0 || configuration.getInputPreProcess(i) != null
                        || layerConf.getIDropout() != null;
                LeanDenseLayer lean = new LeanDenseLayer(layers[i].conf(), configuration.getDataType(), inputGradientNeeded);
                moveState(layers[i], lean);
                originals.put(i, layers[i]);
                layers[i] = lean;
            }
        }
        return new LeanLayers(network, originals);
    }

    /** Puts DL4J's layers back, with the gradient arrays DL4J may have handed the lean ones meanwhile. */
    void uninstall() {
        Layer[] layers = network.getLayers();
        originals.forEach((i, original) -> {
            moveState(layers[i], original);
            layers[i] = original;
        });
    }

    private static boolean isPlain(DenseLayer layer) {
        return !layer.hasLayerNorm() && layer.layerConf().getWeightNoise() == null;
    }

    private static void moveState(Layer from, Layer to) {
        to.setListeners(from.getListeners());
        to.setIndex(from.getIndex());
        to.setParamsViewArray(from.params());
        to.setParamTable(from.paramTable());
        if (from.getGradientsViewArray() != null) {
            to.setBackpropGradientsViewArray(from.getGradientsViewArray());
        }
        to.allowInputModification(((AbstractLayer<?>) from).isInputModificationAllowed());
    }
}
