package com.cifarlab.training.dl4j;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Swaps a network's dense, convolution and max-pooling layers for {@link LeanDenseLayer}s,
 * {@link DnnlConvolutionLayer}s and {@link DnnlMaxPoolingLayer}s, and its updater for {@link LeanAdam},
 * while it trains, and DL4J's own back afterwards. Neighbouring oneDNN layers pass activations in oneDNN's blocked layout; the others
 * see plain NCHW. Only the objects that compute change: the configuration, and with it the model file,
 * stays DL4J's, and both kinds of object share the very same parameter and gradient arrays, which
 * is all DL4J's updater and the saved model look at. Putting DL4J's layers back at the end keeps
 * the trained network complete, input gradient included, for whatever uses it next.
 */
final class LeanLayers {

    private final MultiLayerNetwork network;
    private final Map<Integer, Layer> originals;

    private final LeanAdam adam;

    private LeanLayers(MultiLayerNetwork network, Map<Integer, Layer> originals, LeanAdam adam) {
        this.network = network;
        this.originals = originals;
        this.adam = adam;
    }

    /** Replaces every plain dense, convolution and max-pooling layer of the initialised {@code network}. */
    static LeanLayers install(MultiLayerNetwork network) {
        MultiLayerConfiguration configuration = network.getLayerWiseConfigurations();
        Layer[] layers = network.getLayers();
        boolean[] oneDnn = new boolean[layers.length];
        long[] channels = new long[layers.length];
        for (int i = 0; i < layers.length; i++) {
            oneDnn[i] = Dnnl.available() && isOneDnnCapable(layers[i]);
            channels[i] = layers[i] instanceof ConvolutionLayer conv ? conv.layerConf().getNOut()
                    : layers[i] instanceof SubsamplingLayer && i > 0 ? channels[i - 1] : -1;
        }
        Map<Integer, Layer> originals = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            Layer lean = leanFor(layers[i], i, configuration,
                    new Layouts(i > 0 && blockedLink(oneDnn, channels, configuration, i - 1),
                            blockedLink(oneDnn, channels, configuration, i)));
            if (lean != null) {
                moveState(layers[i], lean);
                originals.put(i, layers[i]);
                layers[i] = lean;
            }
        }
        LeanAdam adam = LeanAdam.replacing(network);
        if (adam != null) {
            network.setUpdater(adam);
            network.setGradientsAccumulator(LeanAdam.STEP_TAKEN);
        }
        return new LeanLayers(network, originals, adam);
    }

    /** Whether layer {@code i} hands layer i + 1 its output in oneDNN's blocked layout. */
    private static boolean blockedLink(boolean[] oneDnn, long[] channels, MultiLayerConfiguration configuration, int i) {
        return i + 1 < oneDnn.length && oneDnn[i] && oneDnn[i + 1] && configuration.getInputPreProcess(i + 1) == null
                && channels[i] > 0 && Dnnl.fitsBlocked(new long[] {1, channels[i], 1, 1});
    }

    private static boolean isOneDnnCapable(Layer layer) {
        if (layer.getClass() == ConvolutionLayer.class) {
            org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = ((ConvolutionLayer) layer).layerConf();
            return isPlain(conf) && DnnlConvolutionLayer.supports(conf);
        }
        return layer.getClass() == SubsamplingLayer.class
                && DnnlMaxPoolingLayer.supports(((SubsamplingLayer) layer).layerConf());
    }

    /** The lean stand-in for {@code layer}, or null where DL4J's own must stay. */
    private static Layer leanFor(Layer layer, int index, MultiLayerConfiguration configuration, Layouts layouts) {
        DataType dataType = configuration.getDataType();
        // The input gradient is only left out where DL4J would drop it: the first layer, with no
        // pre-processor to hand it to and no dropout whose mask it would clear.
        boolean inputGradientNeeded = index > 0 || configuration.getInputPreProcess(index) != null
                || layer.conf().getLayer().getIDropout() != null;
        if (layer.getClass() == DenseLayer.class && isPlain((DenseLayer) layer)) {
            return new LeanDenseLayer(layer.conf(), dataType, inputGradientNeeded);
        }
        if (dataType != DataType.FLOAT || !Dnnl.available() || !isOneDnnCapable(layer)) {
            return null;
        }
        return layer instanceof ConvolutionLayer
                ? new DnnlConvolutionLayer(layer.conf(), dataType, layouts, inputGradientNeeded)
                : new DnnlMaxPoolingLayer(layer.conf(), dataType, layouts);
    }

    private static boolean isPlain(org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf) {
        return conf.getCnn2dDataFormat() == CNN2DFormat.NCHW && conf.getWeightNoise() == null
                && conf.getIDropout() == null;
    }

    /** Puts DL4J's layers back, with the gradient arrays DL4J may have handed the lean ones meanwhile. */
    void uninstall() {
        if (adam != null) {
            network.setGradientsAccumulator(null);
            network.setUpdater(adam.original());
        }
        Layer[] layers = network.getLayers();
        originals.forEach((i, original) -> {
            moveState(layers[i], original);
            if (layers[i] instanceof DnnlLayer dnnl) {
                dnnl.core().release();
            }
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
