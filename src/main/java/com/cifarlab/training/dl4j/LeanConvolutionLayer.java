package com.cifarlab.training.dl4j;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's convolution layer (with its oneDNN helper), training without computing its forward pass
 * twice. DL4J's back-propagation calls {@code preOutput} again to get the pre-activations it already
 * computed in the forward pass: the whole convolution once more, about a tenth of a Small CNN step.
 * This layer keeps the forward pass's pre-activations (a copy, since the activation is applied in
 * place) and hands them back. The arithmetic is DL4J's own, so the weights come out bit for bit
 * the same. Only {@link LeanLayers} creates it, for the duration of a run.
 */
final class LeanConvolutionLayer extends ConvolutionLayer {

    private final KeptPreOutput kept = new KeptPreOutput();

    LeanConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        INDArray earlier = forBackprop ? kept.take(input) : null;
        if (earlier != null) {
            return new Pair<>(earlier, null);
        }
        Pair<INDArray, INDArray> computed = super.preOutput(training, forBackprop, workspaceMgr);
        if (training && !forBackprop) {
            kept.keep(computed.getFirst(), input, workspaceMgr);
        }
        return computed;
    }

    @Override
    public void clear() {
        super.clear();
        kept.forget();
    }
}
