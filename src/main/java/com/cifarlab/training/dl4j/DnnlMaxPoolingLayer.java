package com.cifarlab.training.dl4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.pooling_backward;
import org.bytedeco.dnnl.pooling_forward;
import org.bytedeco.dnnl.stream;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's max-pooling layer without padding (channels first), computed by oneDNN's pooling on the
 * blocked layout its neighbouring convolutions use. The training pass records where each maximum
 * was (oneDNN's workspace), so back-propagation only scatters the gradient there instead of
 * finding the maxima again. Only {@link LeanLayers} creates it, for the duration of a run.
 */
final class DnnlMaxPoolingLayer extends SubsamplingLayer {

    private final Layouts layouts;
    private final Plans<Plan> plans = new Plans<>();
    private final stream stream = new stream(Dnnl.engine());
    private Plan trained;
    private INDArray trainedInput;

    DnnlMaxPoolingLayer(NeuralNetConfiguration conf, DataType dataType, Layouts layouts) {
        super(conf, dataType);
        this.layouts = layouts;
    }

    /** Whether this layer can stand in for DL4J's {@code conf}. */
    static boolean supports(org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf) {
        return conf.getPoolingType() == PoolingType.MAX && conf.getCnn2dDataFormat() == CNN2DFormat.NCHW
                && conf.getIDropout() == null && conf.getKernelSize().length == 2
                && Arrays.equals(conf.getPadding(), new int[] {0, 0}) && Arrays.equals(conf.getDilation(), new int[] {1, 1})
                && conf.getConvolutionMode() != ConvolutionMode.Same;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray source = Dnnl.contiguous(input);
        Plan plan = plans.get(source.size(0), training, () -> new Plan(source.shape(), training));
        INDArray output = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, plan.outputShape, 'c');
        plan.forward(source, output);
        trained = training ? plan : null;
        trainedInput = training ? input : null;
        return output;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        if (trained == null || trainedInput != input) {
            // Back-propagation without this input's training forward pass: find the maxima first.
            activate(true, LayerWorkspaceMgr.noWorkspaces());
        }
        INDArray gradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        trained.backward(Dnnl.contiguous(epsilon), gradient);
        trained = null;
        trainedInput = null;
        return new Pair<>(new DefaultGradient(), gradient);
    }

    @Override
    public void clear() {
        super.clear();
        trained = null;
        trainedInput = null;
    }

    /** The oneDNN implementations of every primitive this layer has run, as "primitive: implementation". */
    List<String> implementations() {
        return plans.all().stream().flatMap(plan -> plan.implementations.stream()).toList();
    }

    Layouts layouts() {
        return layouts;
    }

    /** Frees oneDNN's primitives and buffers; the layer computes nothing afterwards. */
    void release() {
        plans.close();
        stream.close();
    }

    private final class Plan implements AutoCloseable {

        final long[] outputShape;
        /** Each primitive's oneDNN implementation, as "primitive: implementation". */
        final List<String> implementations = new ArrayList<>();
        private final pooling_forward forward;
        private final Dnnl.Tensor source;
        private final Dnnl.Tensor destination;
        private final memory workspace;
        private final IntMemoryMap forwardArguments;
        private final pooling_backward backward;
        private final Dnnl.Tensor outputGradient;
        private final Dnnl.Tensor inputGradient;
        private final IntMemoryMap backwardArguments;

        Plan(long[] inputShape, boolean training) {
            org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf = layerConf();
            long[] kernel = {conf.getKernelSize()[0], conf.getKernelSize()[1]};
            long[] stride = {conf.getStride()[0], conf.getStride()[1]};
            long[] padding = {0, 0};
            outputShape = new long[] {inputShape[0], inputShape[1], (inputShape[2] - kernel[0]) / stride[0] + 1,
                    (inputShape[3] - kernel[1]) / stride[1] + 1};
            // Pooling runs on the blocked layout, where oneDNN has vectorised code for it.
            memory.desc in = Dnnl.activations(inputShape, true);
            pooling_forward.primitive_desc chosen = new pooling_forward.primitive_desc(new pooling_forward.desc(
                    training ? dnnl.prop_kind.forward_training : dnnl.prop_kind.forward_inference,
                    dnnl.algorithm.pooling_max, in, Dnnl.activations(outputShape, true), stride, kernel, padding, padding),
                    Dnnl.engine());
            forward = new pooling_forward(chosen);
            implementations.add("pooling forward: " + Dnnl.implementation(chosen));
            source = new Dnnl.Tensor(Dnnl.activations(inputShape, layouts.blockedInput()), in);
            destination = new Dnnl.Tensor(Dnnl.activations(outputShape, layouts.blockedOutput()), chosen.dst_desc());
            if (training) {
                workspace = new memory(chosen.workspace_desc(), Dnnl.engine());
                forwardArguments = Dnnl.arguments(DNNL_ARG_SRC, source.primitive(), DNNL_ARG_DST, destination.primitive(),
                        DNNL_ARG_WORKSPACE, workspace);
                pooling_backward.primitive_desc back = new pooling_backward.primitive_desc(new pooling_backward.desc(
                        dnnl.algorithm.pooling_max, in, chosen.dst_desc(), stride, kernel, padding, padding),
                        Dnnl.engine(), chosen);
                backward = new pooling_backward(back);
                implementations.add("pooling backward: " + Dnnl.implementation(back));
                outputGradient = new Dnnl.Tensor(Dnnl.activations(outputShape, layouts.blockedOutput()), back.diff_dst_desc());
                inputGradient = new Dnnl.Tensor(Dnnl.activations(inputShape, layouts.blockedInput()), back.diff_src_desc());
                backwardArguments = Dnnl.arguments(DNNL_ARG_DIFF_DST, outputGradient.primitive(),
                        DNNL_ARG_DIFF_SRC, inputGradient.primitive(), DNNL_ARG_WORKSPACE, workspace);
            } else {
                workspace = null;
                forwardArguments = Dnnl.arguments(DNNL_ARG_SRC, source.primitive(), DNNL_ARG_DST, destination.primitive());
                backward = null;
                outputGradient = null;
                inputGradient = null;
                backwardArguments = null;
            }
        }

        void forward(INDArray in, INDArray out) {
            source.read(stream, in);
            destination.writeTo(out);
            forward.execute(stream, forwardArguments);
            destination.written(stream);
        }

        void backward(INDArray epsilon, INDArray gradient) {
            outputGradient.read(stream, epsilon);
            inputGradient.writeTo(gradient);
            backward.execute(stream, backwardArguments);
            inputGradient.written(stream);
        }

        @Override
        public void close() {
            Dnnl.closeAll(backwardArguments, backward, outputGradient, inputGradient, forwardArguments, forward,
                    source, destination, workspace);
        }
    }
}
