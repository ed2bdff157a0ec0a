package com.cifarlab.training.dl4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Swaps a network's dense, convolution and max-pooling layers for {@link LeanDenseLayer}s,
 * {@link LeanConvolutionLayer}s and {@link LeanMaxPoolingLayer}s while it trains, and DL4J's own back
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

    /** Replaces every plain dense, convolution and max-pooling layer of the initialised {@code network}. */
    static LeanLayers install(MultiLayerNetwork network) {
        MultiLayerConfiguration configuration = network.getLayerWiseConfigurations();
        Layer[] layers = network.getLayers();
        Map<Integer, Layer> originals = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            Layer lean = leanFor(layers[i], i, configuration);
            if (lean != null) {
                moveState(layers[i], lean);
                originals.put(i, layers[i]);
                layers[i] = lean;
            }
        }
        return new LeanLayers(network, originals);
    }

    /** The lean stand-in for {@code layer}, or null where DL4J's own must stay. */
    private static Layer leanFor(Layer layer, int index, MultiLayerConfiguration configuration) {
        DataType dataType = configuration.getDataType();
        if (layer.getClass() == DenseLayer.class && isPlain((DenseLayer) layer)) {
            BaseLayer layerConf = ((DenseLayer) layer).layerConf();
            // The input gradient is only left out where DL4J would drop it: the first layer, with no
            // pre-processor to hand it to and no dropout whose mask it would clear.
            boolean inputGradientNeeded = index > 0 || configuration.getInputPreProcess(index) != null
                    || layerConf.getIDropout() != null;
            return new LeanDenseLayer(layer.conf(), dataType, inputGradientNeeded);
        }
        if (layer.getClass() == ConvolutionLayer.class && isPlain(((ConvolutionLayer) layer).layerConf())) {
            return new LeanConvolutionLayer(layer.conf(), dataType);
        }
        if (layer.getClass() == SubsamplingLayer.class && isPlainMaxPooling((SubsamplingLayer) layer)) {
            return new LeanMaxPoolingLayer(layer.conf(), dataType);
        }
        return null;
    }

    private static boolean isPlain(org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf) {
        return conf.getCnn2dDataFormat() == CNN2DFormat.NCHW && conf.getWeightNoise() == null
                && conf.getIDropout() == null;
    }

    /** The Small CNN's pooling: max over 2×2 windows, stride 2, no padding, channels first. */
    private static boolean isPlainMaxPooling(SubsamplingLayer layer) {
        org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf = layer.layerConf();
        return conf.getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX
                && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW && conf.getIDropout() == null
                && Arrays.equals(conf.getKernelSize(), new int[] {2, 2}) && Arrays.equals(conf.getStride(), new int[] {2, 2})
                && Arrays.equals(conf.getPadding(), new int[] {0, 0}) && Arrays.equals(conf.getDilation(), new int[] {1, 1});
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
