package com.cifarlab.training.dl4j;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DIFF_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;

import java.util.Arrays;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's convolution layer with a ReLU (stride 1, "same" padding, channels first), computed by
 * oneDNN's own primitives: the ReLU runs inside the convolution, the forward pass is not computed
 * again for back-propagation, the first layer leaves out the input gradient no one uses, and
 * activations between the network's oneDNN layers stay in oneDNN's blocked layout instead of being
 * reordered to NCHW and back on every call. Its weights and their gradients stay DL4J's arrays, so
 * DL4J's updater and model files see no difference. Only {@link LeanLayers} creates it, for the
 * duration of a run.
 */
final class DnnlConvolutionLayer extends ConvolutionLayer implements DnnlLayer {

    private final DnnlLayerCore<DnnlLayerCore.Plan> core;
    private final stream stream;
    private final boolean inputGradientNeeded;

    DnnlConvolutionLayer(NeuralNetConfiguration conf, DataType dataType, Layouts layouts, boolean inputGradientNeeded) {
        super(conf, dataType);
        this.core = new DnnlLayerCore<>(layouts);
        this.stream = core.stream();
        this.inputGradientNeeded = inputGradientNeeded;
    }

    /** Whether this layer can stand in for DL4J's {@code conf} of a float network. */
    static boolean supports(org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf) {
        int[] kernel = conf.getKernelSize();
        return conf.getConvolutionMode() == ConvolutionMode.Same && conf.hasBias()
                && conf.getActivationFn() instanceof ActivationReLU relu && relu.equals(new ActivationReLU())
                && kernel.length == 2 && kernel[0] % 2 == 1 && kernel[1] % 2 == 1
                && Arrays.equals(conf.getStride(), new int[] {1, 1}) && Arrays.equals(conf.getDilation(), new int[] {1, 1});
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        return core.activate(input, training, workspaceMgr, this::plan);
    }

    /** Evaluation's plan is Winograd's where the shape fits it; training always convolves directly. */
    private DnnlLayerCore.Plan plan(long[] inputShape, boolean training) {
        return !training && Winograd.fits(layerConf(), inputShape, core.layouts())
                ? new WinogradPlan(inputShape) : new Plan(inputShape, training);
    }

    private long[] convolved(long[] inputShape) {
        return new long[] {inputShape[0], layerConf().getNOut(), inputShape[2], inputShape[3]};
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        // Training passes always make a Plan (see plan), so the cast cannot fail.
        Plan trained = (Plan) core.trained(input, this::plan);
        INDArray inputGradient = inputGradientNeeded
                ? workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c')
                : null;
        trained.backward(Dnnl.contiguous(epsilon), inputGradient);
        INDArray biasGradient = gradientViews.get(ConvolutionParamInitializer.BIAS_KEY);
        INDArray weightGradient = gradientViews.get(ConvolutionParamInitializer.WEIGHT_KEY);
        biasGradient.assign(trained.biasGradient.reshape(biasGradient.shape()));
        weightGradient.assign(trained.weightGradient);
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(ConvolutionParamInitializer.BIAS_KEY, biasGradient);
        gradient.setGradientFor(ConvolutionParamInitializer.WEIGHT_KEY, weightGradient, 'c');
        core.forget();
        return new Pair<>(gradient, inputGradient);
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

    /** Evaluation of one input shape by {@link WinogradConvolution}. */
    private final class WinogradPlan extends DnnlLayerCore.Plan {

        private final WinogradConvolution convolution;

        WinogradPlan(long[] inputShape) {
            super(convolved(inputShape));
            convolution = new WinogradConvolution(inputShape, layerConf().getNOut(), stream);
            chose("convolution forward", convolution.implementation());
        }

        @Override
        void forward(INDArray in, INDArray out) {
            convolution.forward(getParam(ConvolutionParamInitializer.WEIGHT_KEY),
                    getParam(ConvolutionParamInitializer.BIAS_KEY), in, out);
        }

        @Override
        public void close() {
            convolution.close();
        }
    }

    /** oneDNN's primitives and buffers for one input shape, training or not. */
    private final class Plan extends DnnlLayerCore.Plan {

        private final convolution_forward forward;
        private final Dnnl.Tensor source;
        private final Dnnl.Tensor destination;
        private final memory weights;
        private final Dnnl.Tensor plainWeights;
        private final memory bias;
        private final IntMemoryMap forwardArguments;
        /** DL4J's weights and bias copied to arrays oneDNN may read, and the gradients it writes. */
        private final INDArray weightCopy;
        private final INDArray biasCopy;
        final INDArray weightGradient;
        final INDArray biasGradient;
        private final Backward backward;

        Plan(long[] inputShape, boolean training) {
            super(convolved(inputShape));
            org.deeplearning4j.nn.conf.layers.ConvolutionLayer conf = layerConf();
            int[] kernel = conf.getKernelSize();
            long[] outputShape = outputShape();
            long[] weightShape = {conf.getNOut(), conf.getNIn(), kernel[0], kernel[1]};
            long[] stride = {1, 1};
            long[] padding = {(kernel[0] - 1) / 2, (kernel[1] - 1) / 2};
            memory.desc anyOutput = Dnnl.desc(outputShape, memory.format_tag.any);
            memory.desc biasLayout = Dnnl.desc(new long[] {conf.getNOut()}, memory.format_tag.x);
            convolution_forward.desc description = new convolution_forward.desc(
                    training ? dnnl.prop_kind.forward_training : dnnl.prop_kind.forward_inference,
                    dnnl.algorithm.convolution_direct, Dnnl.desc(inputShape, memory.format_tag.any),
                    Dnnl.desc(weightShape, memory.format_tag.any), biasLayout, anyOutput, stride, padding, padding);
            post_ops relu = new post_ops();
            relu.append_eltwise(1f, dnnl.algorithm.eltwise_relu, 0f, 0f);
            primitive_attr attributes = new primitive_attr();
            attributes.set_post_ops(relu);
            convolution_forward.primitive_desc chosen = new convolution_forward.primitive_desc(description, attributes,
                    Dnnl.engine());
            forward = new convolution_forward(chosen);
            chose("convolution forward", chosen);
            source = new Dnnl.Tensor(Dnnl.activations(inputShape, core.layouts().blockedInput()), chosen.src_desc());
            destination = new Dnnl.Tensor(Dnnl.activations(outputShape, core.layouts().blockedOutput()), chosen.dst_desc());
            plainWeights = new Dnnl.Tensor(Dnnl.desc(weightShape, memory.format_tag.oihw), chosen.weights_desc());
            weights = plainWeights.primitive();
            bias = new memory(biasLayout, Dnnl.engine(), new Pointer());
            weightCopy = Nd4j.createUninitializedDetached(DataType.FLOAT, weightShape);
            biasCopy = Nd4j.createUninitializedDetached(DataType.FLOAT, conf.getNOut());
            weightGradient = Nd4j.createUninitializedDetached(DataType.FLOAT, weightShape);
            biasGradient = Nd4j.createUninitializedDetached(DataType.FLOAT, conf.getNOut());
            Dnnl.bind(bias, biasCopy);
            forwardArguments = Dnnl.arguments(DNNL_ARG_SRC, source.primitive(), DNNL_ARG_WEIGHTS, weights,
                    DNNL_ARG_BIAS, bias, DNNL_ARG_DST, destination.primitive());
            backward = training ? new Backward(chosen, inputShape, weightShape, stride, padding, biasLayout) : null;
        }

        @Override
        void forward(INDArray in, INDArray out) {
            weightCopy.assign(getParam(ConvolutionParamInitializer.WEIGHT_KEY));
            biasCopy.assign(getParam(ConvolutionParamInitializer.BIAS_KEY).reshape(biasCopy.shape()));
            plainWeights.read(stream, weightCopy);
            source.read(stream, in);
            destination.writeTo(out);
            forward.execute(stream, forwardArguments);
            destination.written(stream);
        }

        void backward(INDArray epsilon, INDArray inputGradient) {
            backward.run(epsilon, inputGradient);
        }

        @Override
        public void close() {
            Dnnl.closeAll(backward, forwardArguments, forward, source, destination, plainWeights, bias,
                    weightCopy, biasCopy, weightGradient, biasGradient);
        }

        /** Back-propagation through the ReLU and the convolution, from the forward pass's own buffers. */
        private final class Backward implements AutoCloseable {

            private final Dnnl.Tensor outputGradient;
            private final memory delta;
            private final eltwise_backward relu;
            private final IntMemoryMap reluArguments;
            private final convolution_backward_weights weightPass;
            private final memory weightDelta;
            private final Dnnl.Tensor plainWeightDelta;
            private final memory biasDelta;
            private final IntMemoryMap weightArguments;
            private final convolution_backward_data dataPass;
            private final Dnnl.Tensor dataWeights;
            private final Dnnl.Tensor sourceGradient;
            private final IntMemoryMap dataArguments;

            Backward(convolution_forward.primitive_desc chosen, long[] inputShape, long[] weightShape, long[] stride,
                     long[] padding, memory.desc biasLayout) {
                memory.desc out = chosen.dst_desc();
                outputGradient = new Dnnl.Tensor(Dnnl.activations(outputShape(), core.layouts().blockedOutput()), out);
                delta = new memory(out, Dnnl.engine());
                eltwise_forward.primitive_desc reluForward = new eltwise_forward.primitive_desc(new eltwise_forward.desc(
                        dnnl.prop_kind.forward_training, dnnl.algorithm.eltwise_relu_use_dst_for_bwd, out, 0f, 0f),
                        Dnnl.engine());
                eltwise_backward.primitive_desc reluChoice = new eltwise_backward.primitive_desc(new eltwise_backward.desc(
                        dnnl.algorithm.eltwise_relu_use_dst_for_bwd, out, out, 0f, 0f), Dnnl.engine(), reluForward);
                relu = new eltwise_backward(reluChoice);
                chose("ReLU backward", reluChoice);
                reluArguments = Dnnl.arguments(DNNL_ARG_DST, destination.primitive(),
                        DNNL_ARG_DIFF_DST, outputGradient.primitive(), DNNL_ARG_DIFF_SRC, delta);

                convolution_backward_weights.primitive_desc weightChoice = new convolution_backward_weights.primitive_desc(
                        new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, chosen.src_desc(),
                                Dnnl.desc(weightShape, memory.format_tag.any), biasLayout, out, stride, padding, padding),
                        Dnnl.engine(), chosen);
                weightPass = new convolution_backward_weights(weightChoice);
                chose("convolution backward weights", weightChoice);
                plainWeightDelta = new Dnnl.Tensor(Dnnl.desc(weightShape, memory.format_tag.oihw),
                        weightChoice.diff_weights_desc());
                weightDelta = plainWeightDelta.primitive();
                biasDelta = new memory(biasLayout, Dnnl.engine(), new Pointer());
                Dnnl.bind(biasDelta, biasGradient);
                plainWeightDelta.writeTo(weightGradient);
                weightArguments = Dnnl.arguments(DNNL_ARG_SRC, source.primitive(), DNNL_ARG_DIFF_DST, delta,
                        DNNL_ARG_DIFF_WEIGHTS, weightDelta, DNNL_ARG_DIFF_BIAS, biasDelta);

                if (inputGradientNeeded) {
                    convolution_backward_data.primitive_desc dataChoice = new convolution_backward_data.primitive_desc(
                            new convolution_backward_data.desc(dnnl.algorithm.convolution_direct, chosen.src_desc(),
                                    Dnnl.desc(weightShape, memory.format_tag.any), out, stride, padding, padding),
                            Dnnl.engine(), chosen);
                    dataPass = new convolution_backward_data(dataChoice);
                    chose("convolution backward data", dataChoice);
                    dataWeights = new Dnnl.Tensor(Dnnl.desc(weightShape, memory.format_tag.oihw), dataChoice.weights_desc());
                    sourceGradient = new Dnnl.Tensor(Dnnl.activations(inputShape, core.layouts().blockedInput()),
                            dataChoice.diff_src_desc());
                    dataArguments = Dnnl.arguments(DNNL_ARG_WEIGHTS, dataWeights.primitive(), DNNL_ARG_DIFF_DST, delta,
                            DNNL_ARG_DIFF_SRC, sourceGradient.primitive());
                } else {
                    dataPass = null;
                    dataWeights = null;
                    sourceGradient = null;
                    dataArguments = null;
                }
            }

            void run(INDArray epsilon, INDArray inputGradient) {
                outputGradient.read(stream, epsilon);
                relu.execute(stream, reluArguments);
                weightPass.execute(stream, weightArguments);
                plainWeightDelta.written(stream);
                if (dataPass != null) {
                    dataWeights.read(stream, weightCopy);
                    sourceGradient.writeTo(inputGradient);
                    dataPass.execute(stream, dataArguments);
                    sourceGradient.written(stream);
                }
            }

            @Override
            public void close() {
                Dnnl.closeAll(dataArguments, dataPass, dataWeights, sourceGradient, weightArguments, weightPass,
                        plainWeightDelta, biasDelta, reluArguments, relu, delta, outputGradient);
            }
        }
    }
}
