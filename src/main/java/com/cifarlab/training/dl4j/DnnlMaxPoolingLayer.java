package com.cifarlab.training.dl4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WORKSPACE;

import java.util.Arrays;
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
final class DnnlMaxPoolingLayer extends SubsamplingLayer implements DnnlLayer {

    private final DnnlLayerCore<Plan> core;
    private final stream stream;

    DnnlMaxPoolingLayer(NeuralNetConfiguration conf, DataType dataType, Layouts layouts) {
        super(conf, dataType);
        this.core = new DnnlLayerCore<>(layouts);
        this.stream = core.stream();
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
        return core.activate(input, training, workspaceMgr, Plan::new);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        Plan trained = core.trained(input, Plan::new);
        INDArray gradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        trained.backward(Dnnl.contiguous(epsilon), gradient);
        core.forget();
        return new Pair<>(new DefaultGradient(), gradient);
    }

    @Override
    public void clear() {
        super.clear();
        core.forget();
    }

    @Override
    public DnnlLayerCore<?> core() {
        return core;
    }

    /** The output shape of pooling without padding: a last row or column the window does not fit is dropped. */
    private static long[] pooled(long[] inputShape, org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf) {
        return new long[] {inputShape[0], inputShape[1], (inputShape[2] - conf.getKernelSize()[0]) / conf.getStride()[0] + 1,
                (inputShape[3] - conf.getKernelSize()[1]) / conf.getStride()[1] + 1};
    }

    private final class Plan extends DnnlLayerCore.Plan {

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
            super(pooled(inputShape, layerConf()));
            org.deeplearning4j.nn.conf.layers.SubsamplingLayer conf = layerConf();
            long[] kernel = {conf.getKernelSize()[0], conf.getKernelSize()[1]};
            long[] stride = {conf.getStride()[0], conf.getStride()[1]};
            long[] padding = {0, 0};
            long[] outputShape = outputShape();
            // Pooling runs on the blocked layout, where oneDNN has vectorised code for it.
            memory.desc in = Dnnl.activations(inputShape, true);
            pooling_forward.primitive_desc chosen = new pooling_forward.primitive_desc(new pooling_forward.desc(
                    training ? dnnl.prop_kind.forward_training : dnnl.prop_kind.forward_inference,
                    dnnl.algorithm.pooling_max, in, Dnnl.activations(outputShape, true), stride, kernel, padding, padding),
                    Dnnl.engine());
            forward = new pooling_forward(chosen);
            chose("pooling forward", chosen);
            source = new Dnnl.Tensor(Dnnl.activations(inputShape, core.layouts().blockedInput()), in);
            destination = new Dnnl.Tensor(Dnnl.activations(outputShape, core.layouts().blockedOutput()), chosen.dst_desc());
            if (training) {
                workspace = new memory(chosen.workspace_desc(), Dnnl.engine());
                forwardArguments = Dnnl.arguments(DNNL_ARG_SRC, source.primitive(), DNNL_ARG_DST, destination.primitive(),
                        DNNL_ARG_WORKSPACE, workspace);
                pooling_backward.primitive_desc back = new pooling_backward.primitive_desc(new pooling_backward.desc(
                        dnnl.algorithm.pooling_max, in, chosen.dst_desc(), stride, kernel, padding, padding),
                        Dnnl.engine(), chosen);
                backward = new pooling_backward(back);
                chose("pooling backward", back);
                outputGradient = new Dnnl.Tensor(Dnnl.activations(outputShape, core.layouts().blockedOutput()), back.diff_dst_desc());
                inputGradient = new Dnnl.Tensor(Dnnl.activations(inputShape, core.layouts().blockedInput()), back.diff_src_desc());
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

        @Override
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
