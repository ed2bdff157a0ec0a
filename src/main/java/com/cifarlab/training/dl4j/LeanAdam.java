package com.cifarlab.training.dl4j;

import java.nio.FloatBuffer;
import java.util.List;
import org.deeplearning4j.nn.api.Trainable;
import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.StepFunction;
import org.deeplearning4j.optimize.solvers.accumulation.GradientsAccumulator;
import org.deeplearning4j.optimize.solvers.accumulation.IndexedTail;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A training step's whole update in one pass over the parameters, in cache-sized chunks: DL4J's
 * division of the gradient by the batch size, its Adam, and the step that subtracts the update
 * from the weights. DL4J makes these three passes over the 1.7 M values of the Lab MLP, plus
 * per-variable bookkeeping for regularization the lab's networks do not have: 3.9 ms of a
 * 19–21 ms step on a 2-core AMD EPYC, ND4J's Adam op alone 8–10 ms before this class existed.
 * It stands in for DL4J's updater where one Adam covers the whole network (the lab's networks),
 * working on the network's own parameter, gradient and updater-state arrays, the first moment in
 * the state's first half as DL4J keeps it; so the saved model, the best epoch's copy and DL4J's
 * updater put back afterwards see DL4J's Adam state. The formula and its float arithmetic are
 * libnd4j's {@code adamUpdater}, multiply-adds fused as its AVX builds fuse them, and the division
 * and the subtraction are DL4J's, so on those builds the weights come out bit for bit. The loop is
 * kept free of branches so the JIT compiles it to vector instructions (a conditional in it made
 * it 5× slower); {@link UpdaterStateFlush} still keeps subnormal floats out of the moments.
 */
final class LeanAdam implements Updater {

    /** Values per bulk copy: the four chunks (16 KB) stay in the first-level cache. */
    private static final int CHUNK = 1024;

    /**
     * Whether libnd4j's build fuses the moments' multiply-adds, as the compiler does for its AVX2 and
     * AVX-512 builds (every value checked equal, bit for bit); its generic build multiplies and adds.
     */
    private static final boolean FUSED = OneDnn.build().contains("avx");

    /**
     * Tells DL4J's optimizer that the step is already taken: it hands every update to an
     * accumulator when it has one, instead of subtracting it from the weights itself.
     */
    static final GradientsAccumulator STEP_TAKEN = new StepTaken();

    private final Adam config;
    private final Updater original;
    private final INDArray parameters;
    private final INDArray flatGradient;
    private final INDArray state;
    private final int length;
    private final float[] parameterChunk = new float[CHUNK];
    private final float[] gradientChunk = new float[CHUNK];
    private final float[] mChunk = new float[CHUNK];
    private final float[] vChunk = new float[CHUNK];

    private LeanAdam(Adam config, Updater original, INDArray parameters, INDArray flatGradient, INDArray state) {
        if (!isPlainFloat(parameters) || !isPlainFloat(flatGradient) || !isPlainFloat(state)
                || parameters.length() != flatGradient.length() || state.length() != 2 * flatGradient.length()) {
            throw new IllegalArgumentException("Adam needs plain float arrays, the state twice the parameters' length");
        }
        this.config = config;
        this.original = original;
        this.parameters = parameters;
        this.flatGradient = flatGradient;
        this.state = state;
        this.length = Math.toIntExact(parameters.length());
    }

    /**
     * The lean stand-in for {@code network}'s updater, or null where DL4J's must stay: another
     * optimizer, a learning-rate schedule, more than one updater block, regularization, gradient
     * normalization, no division by the batch size, or arrays that are not plain float arrays of
     * their own.
     */
    static LeanAdam replacing(MultiLayerNetwork network) {
        if (!(network.getUpdater() instanceof BaseMultiLayerUpdater<?> updater) || updater.getUpdaterBlocks().size() != 1
                || !network.conf().isMiniBatch()) {
            return null;
        }
        UpdaterBlock block = updater.getUpdaterBlocks().get(0);
        INDArray gradient = network.getFlattenedGradients();
        INDArray state = updater.getStateViewArray();
        if (!(block.getGradientUpdater() instanceof AdamUpdater adam) || adam.getConfig().getLearningRateSchedule() != null
                || !isPlainFloat(network.params()) || !isPlainFloat(gradient) || !isPlainFloat(state)
                || state.length() != 2 * gradient.length() || block.getParamOffsetStart() != 0
                || block.getParamOffsetEnd() != gradient.length() || !plainSteps(block.getLayersAndVariablesInBlock())) {
            return null;
        }
        return new LeanAdam(adam.getConfig(), updater, network.params(), gradient, state);
    }

    /** Whether every variable's update is the updater's alone: no regularization, clipping or normalization. */
    private static boolean plainSteps(List<UpdaterBlock.ParamState> variables) {
        return variables.stream().allMatch(variable -> {
            Trainable layer = variable.getLayer();
            GradientNormalization normalization = layer.getConfig().getGradientNormalization();
            return (normalization == null || normalization == GradientNormalization.None)
                    && isEmpty(layer.getConfig().getRegularizationByParam(variable.getParamName()))
                    && layer.updaterDivideByMinibatch(variable.getParamName());
        });
    }

    private static boolean isEmpty(List<?> list) {
        return list == null || list.isEmpty();
    }

    /**
     * Adam by {@code config} stepping {@code parameters} by {@code flatGradient} (summed over a
     * batch), its moments in {@code state} (twice as long, zeros at first).
     */
    static LeanAdam over(Adam config, INDArray parameters, INDArray flatGradient, INDArray state) {
        return new LeanAdam(config, null, parameters, flatGradient, state);
    }

    /** DL4J's updater this one stands in for, with the very same state arrays (null for {@link #over}). */
    Updater original() {
        return original;
    }

    @Override
    public void update(Trainable layer, Gradient gradient, int iteration, int epoch, int batchSize,
                       LayerWorkspaceMgr workspaceMgr) {
        if (!isWholeOf(gradient.gradient(), flatGradient)) {
            // Not this network's own gradient (DL4J calls that external): DL4J's updater, and the step it leaves to the optimizer.
            original.update(layer, gradient, iteration, epoch, batchSize, workspaceMgr);
            parameters.subi(gradient.gradient());
            return;
        }
        step(batchSize, iteration, epoch);
    }

    /** Divides the gradient by {@code batchSize}, updates the moments and subtracts the update from the parameters. */
    void step(int batchSize, int iteration, int epoch) {
        // libnd4j's float arithmetic, conversions included, so the weights come out as DL4J's Adam makes them.
        float batch = batchSize;
        float beta1 = (float) config.getBeta1();
        float beta2 = (float) config.getBeta2();
        float epsilon = (float) config.getEpsilon();
        float lr = (float) config.getLearningRate(iteration, epoch);
        float beta1T = (float) Math.pow(beta1, (float) iteration + 1);
        float beta2T = (float) Math.pow(beta2, (float) iteration + 1);
        float step = (float) ((lr * (float) Math.sqrt((float) (1. - beta2T))) / (1.0 - beta1T));
        if (Float.isNaN(step) || Float.isInfinite(step) || step == 0) {
            step = epsilon;
        }
        float keep1 = 1 - beta1;
        float keep2 = 1 - beta2;
        FloatBuffer p = parameters.data().asNioFloat();
        FloatBuffer g = flatGradient.data().asNioFloat();
        FloatBuffer moments = state.data().asNioFloat();
        for (int from = 0; from < length; from += CHUNK) {
            int n = Math.min(CHUNK, length - from);
            p.get(from, parameterChunk, 0, n);
            g.get(from, gradientChunk, 0, n);
            moments.get(from, mChunk, 0, n);
            moments.get(length + from, vChunk, 0, n);
            if (FUSED) {
                for (int i = 0; i < n; i++) {
                    float grad = gradientChunk[i] / batch;
                    float mi = Math.fma(beta1, mChunk[i], grad * keep1);
                    float vi = Math.fma(beta2, vChunk[i], grad * grad * keep2);
                    mChunk[i] = mi;
                    vChunk[i] = vi;
                    parameterChunk[i] -= mi * step / ((float) Math.sqrt(vi) + epsilon);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    float grad = gradientChunk[i] / batch;
                    float mi = beta1 * mChunk[i] + grad * keep1;
                    float vi = beta2 * vChunk[i] + grad * grad * keep2;
                    mChunk[i] = mi;
                    vChunk[i] = vi;
                    parameterChunk[i] -= mi * step / ((float) Math.sqrt(vi) + epsilon);
                }
            }
            p.put(from, parameterChunk, 0, n);
            moments.put(from, mChunk, 0, n);
            moments.put(length + from, vChunk, 0, n);
        }
    }

    /**
     * Whether {@code array} holds exactly {@code whole}'s values. DL4J 1.0.0-M2.1 hands the updater
     * a new reshaped view of the network's gradient at every step, never the array itself (so its
     * own updater takes every gradient for an external one), hence the comparison of memory.
     */
    private static boolean isWholeOf(INDArray array, INDArray whole) {
        return array == whole || (array.dataType() == DataType.FLOAT && array.length() == whole.length()
                && array.elementWiseStride() == 1 && array.data().address() + array.offset() * Float.BYTES
                == whole.data().address() + whole.offset() * Float.BYTES);
    }

    /** A float array that is the whole of its buffer, so its values are the buffer's from index 0. */
    static boolean isPlainFloat(INDArray array) {
        return array != null && array.dataType() == DataType.FLOAT && !array.isView() && array.offset() == 0
                && array.data().length() == array.length() && array.elementWiseStride() == 1;
    }

    @Override
    public void setStateViewArray(Trainable layer, INDArray viewArray, boolean initialize) {
        original.setStateViewArray(layer, viewArray, initialize);
    }

    @Override
    public INDArray getStateViewArray() {
        return state;
    }

    /** An accumulator with nothing to accumulate: {@link #update} has already stepped the weights. */
    private static final class StepTaken implements GradientsAccumulator {

        @Override
        public void setExternalSource(IndexedTail source) {
            throw new UnsupportedOperationException("a run's training takes no updates from elsewhere");
        }

        @Override
        public IndexedTail getExternalSource() {
            return null;
        }

        @Override
        public void applyUpdate(StepFunction function, INDArray params, INDArray updates, boolean isFinalStep) {
        }

        @Override
        public void applyUpdate(StepFunction function, INDArray params, INDArray updates, double alpha) {
        }

        @Override
        public void storeUpdate(INDArray array, int iterationNumber, int epochNumber) {
        }

        @Override
        public void receiveUpdate(INDArray array) {
        }

        @Override
        public void markExternalUpdates(boolean updatesAvailable) {
        }

        @Override
        public void reset() {
        }

        @Override
        public void touch() {
        }

        @Override
        public boolean hasAnything() {
            return false;
        }
    }
}
