package com.cifarlab.training.dl4j;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.bytedeco.dnnl.primitive_desc_base;
import org.bytedeco.dnnl.stream;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a oneDNN layer keeps besides DL4J's own state: its primitives per input shape, the stream it
 * runs them on, its layouts, and which plan and input the last training forward pass used, whose
 * results back-propagation reads instead of computing them again.
 */
final class DnnlLayerCore<P extends DnnlLayerCore.Plan> {

    /** The primitives and buffers of one input shape and mode. */
    abstract static class Plan implements AutoCloseable {

        private final long[] outputShape;
        private final List<String> implementations = new ArrayList<>();

        Plan(long[] outputShape) {
            this.outputShape = outputShape;
        }

        long[] outputShape() {
            return outputShape;
        }

        /** Each primitive's oneDNN implementation, as "primitive: implementation". */
        List<String> implementations() {
            return implementations;
        }

        /** Notes which implementation oneDNN chose for {@code primitive}. */
        void chose(String primitive, primitive_desc_base chosen) {
            chose(primitive, Dnnl.implementation(chosen));
        }

        void chose(String primitive, String implementation) {
            implementations.add(primitive + ": " + implementation);
        }

        abstract void forward(INDArray in, INDArray out);
    }

    private final Layouts layouts;
    private final Plans<P> plans = new Plans<>();
    private final stream stream = new stream(Dnnl.engine());
    private P trained;
    private INDArray trainedInput;

    DnnlLayerCore(Layouts layouts) {
        this.layouts = layouts;
    }

    Layouts layouts() {
        return layouts;
    }

    stream stream() {
        return stream;
    }

    /** The layer's output for {@code input}, in the activations workspace; a training pass is kept for back-propagation. */
    INDArray activate(INDArray input, boolean training, LayerWorkspaceMgr workspaceMgr,
                      BiFunction<long[], Boolean, P> make) {
        INDArray source = Dnnl.contiguous(input);
        P plan = plans.get(source.shape(), training, () -> make.apply(source.shape(), training));
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, plan.outputShape(), 'c');
        plan.forward(source, output);
        trained = training ? plan : null;
        trainedInput = training ? input : null;
        return output;
    }

    /**
     * The plan of {@code input}'s training forward pass, whose results back-propagation reads; when
     * back-propagation comes without that pass, the pass runs first (outside DL4J's workspaces).
     */
    P trained(INDArray input, BiFunction<long[], Boolean, P> make) {
        if (trainedInput != input || trained == null) {
            activate(input, true, LayerWorkspaceMgr.noWorkspaces(), make);
        }
        return trained;
    }

    /** Forgets the training forward pass, once back-propagated or cleared. */
    void forget() {
        trained = null;
        trainedInput = null;
    }

    List<String> implementations() {
        return plans.all().stream().flatMap(plan -> plan.implementations().stream()).toList();
    }

    /** Frees oneDNN's primitives and buffers; the layer computes nothing afterwards. */
    void release() {
        forget();
        plans.close();
        stream.close();
    }
}
