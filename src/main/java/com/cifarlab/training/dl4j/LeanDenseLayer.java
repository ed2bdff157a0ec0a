package com.cifarlab.training.dl4j;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's dense layer, training without two of the four big matrix products DL4J spends on it per
 * step. Profiled on the Lab MLP, DL4J multiplies the 64 × 3,072 input by the 3,072 × 512 weights
 * twice, once in the forward pass and again in back-propagation to recompute the pre-activations,
 * and also computes the gradient for the network's input, which no one uses: together close to a
 * third of a training step. This layer keeps the forward pass's pre-activations for
 * back-propagation (a copy of 64 × 512 floats, in the same workspace DL4J would put the recomputed
 * ones in), and when it is the input layer it leaves out the input gradient. The arithmetic that
 * remains is DL4J's own, in DL4J's order, so the weights come out bit for bit the same. Only
 * {@link LeanLayers} creates it, for the duration of a run.
 */
final class LeanDenseLayer extends DenseLayer {

    private final boolean inputGradientNeeded;
    private final KeptPreOutput kept = new KeptPreOutput();

    LeanDenseLayer(NeuralNetConfiguration conf, DataType dataType, boolean inputGradientNeeded) {
        super(conf, dataType);
        this.inputGradientNeeded = inputGradientNeeded;
    }

    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                                                            LayerWorkspaceMgr workspaceMgr) {
        // The input after dropout is a new array every step, so its identity tells a kept result is this step's.
        INDArray earlier = forBackprop ? kept.take(input) : null;
        if (earlier != null) {
            return new Pair<>(earlier, earlier);
        }
        Pair<INDArray, INDArray> computed = super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
        if (training && !forBackprop) {
            kept.keep(computed.getFirst(), input, workspaceMgr);
        }
        return computed;
    }

    /**
     * BaseLayer's back-propagation for a layer without layer norm or weight noise, which is what
     * {@link LeanLayers} swaps in; the input layer leaves out the product W·δᵀ, the gradient for the
     * network's input, and DL4J's MultiLayerNetwork drops that gradient anyway.
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (inputGradientNeeded) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray z = preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        if (maskArray != null) {
            applyMask(delta);
        }
        Gradient gradient = new DefaultGradient();
        if (hasBias()) {
            INDArray biasGradient = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGradient, 0);
            gradient.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGradient);
        }
        INDArray weightGradient = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(input.castTo(weightGradient.dataType()), delta, weightGradient, true, false, 1.0, 0.0);
        gradient.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGradient);
        clearNoiseWeightParams();
        return new Pair<>(gradient, null);
    }

    @Override
    public void clear() {
        super.clear();
        kept.forget();
    }
}
