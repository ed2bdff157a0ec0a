package com.cifarlab.training.dl4j;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Counts the right answers of each training step from the very forward pass DL4J trains with
 * (dropout included, as Keras's training accuracy does), so the epoch's training accuracy costs no
 * second pass. DL4J hands the output layer's pre-activations to the loss function exactly once per
 * step to score it, and softmax keeps the arg-max, so this wrapper sits in the loss function's place
 * while a run trains and is taken out before the network is saved.
 */
final class AccuracyRecorder implements ILossFunction {

    private final ILossFunction loss;
    private int correct;

    private AccuracyRecorder(ILossFunction loss) {
        this.loss = loss;
    }

    /** Puts a recorder in front of {@code network}'s loss function. */
    static AccuracyRecorder attach(MultiLayerNetwork network) {
        BaseOutputLayer output = outputLayer(network);
        AccuracyRecorder recorder = new AccuracyRecorder(output.getLossFn());
        output.setLossFn(recorder);
        return recorder;
    }

    /** Gives {@code network} its own loss function back. */
    void detach(MultiLayerNetwork network) {
        outputLayer(network).setLossFn(loss);
    }

    /** The right answers counted since the last call. */
    int takeCorrect() {
        int taken = correct;
        correct = 0;
        return taken;
    }

    private static BaseOutputLayer outputLayer(MultiLayerNetwork network) {
        return (BaseOutputLayer) network.getOutputLayer().conf().getLayer();
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        correct += preOutput.argMax(1).eq(labels.argMax(1)).castTo(DataType.INT).sumNumber().intValue();
        return loss.computeScore(labels, preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return loss.computeScoreArray(labels, preOutput, activationFn, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return loss.computeGradient(labels, preOutput, activationFn, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return loss.computeGradientAndScore(labels, preOutput, activationFn, mask, average);
    }

    @Override
    public String name() {
        return loss.name();
    }
}
