package com.cifarlab.training.dl4j;

import java.nio.FloatBuffer;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DL4J's Adam in one pass over the parameters, in cache-sized chunks. ND4J's Adam op took 8–10 ms
 * of a 21–23 ms Lab MLP step on a 2-core AMD EPYC; the same arithmetic as one loop over bulk copies
 * of the gradient and both moments takes 3.3–4.3 ms. It stands in for DL4J's updater where one
 * Adam covers the whole network (the lab's networks), working on the network's whole gradient and
 * updater state arrays, the first moment in the state's first half as DL4J keeps it; so the saved
 * model, the best epoch's copy and DL4J's updater put back afterwards see DL4J's Adam state.
 * The formula and its float arithmetic are libnd4j's {@code adamUpdater}, multiply-adds fused as
 * its AVX builds fuse them, so on those the weights come out bit for bit. The loop is kept free
 * of branches so the JIT compiles it to vector instructions (a conditional in it made it 5× slower);
 * {@link UpdaterStateFlush} still keeps subnormal floats out of the moments every few steps.
 */
final class LeanAdam implements GradientUpdater<Adam> {

    /** Values per bulk copy: the three chunks (12 KB) stay in the first-level cache. */
    private static final int CHUNK = 1024;

    /**
     * Whether libnd4j's build fuses the moments' multiply-adds, as the compiler does for its AVX2 and
     * AVX-512 builds (every value checked equal, bit for bit); its generic build multiplies and adds.
     */
    private static final boolean FUSED = OneDnn.build().contains("avx");

    private final Adam config;
    private final AdamUpdater original;
    private final INDArray flatGradient;
    private final INDArray state;
    private final long parameters;
    private final float[] gradientChunk = new float[CHUNK];
    private final float[] mChunk = new float[CHUNK];
    private final float[] vChunk = new float[CHUNK];

    private LeanAdam(Adam config, AdamUpdater original, INDArray flatGradient, INDArray state) {
        this.config = config;
        this.original = original;
        this.flatGradient = flatGradient;
        this.state = state;
        this.parameters = flatGradient.length();
    }

    /**
     * The lean stand-in for {@code network}'s updater, or null where DL4J's must stay: another
     * optimizer, a learning-rate schedule, more than one updater block, or arrays that are not
     * plain float arrays of their own.
     */
    static LeanAdam replacing(MultiLayerNetwork network) {
        if (!(network.getUpdater() instanceof BaseMultiLayerUpdater<?> updater) || updater.getUpdaterBlocks().size() != 1) {
            return null;
        }
        UpdaterBlock block = updater.getUpdaterBlocks().get(0);
        INDArray gradient = network.getFlattenedGradients();
        INDArray state = updater.getStateViewArray();
        if (!(block.getGradientUpdater() instanceof AdamUpdater adam) || adam.getConfig().getLearningRateSchedule() != null
                || !isPlainFloat(gradient) || !isPlainFloat(state) || state.length() != 2 * gradient.length()
                || block.getParamOffsetStart() != 0 || block.getParamOffsetEnd() != gradient.length()) {
            return null;
        }
        return new LeanAdam(adam.getConfig(), adam, gradient, state);
    }

    /** Adam by {@code config} over {@code flatGradient}, its moments in {@code state} (twice as long, zeros at first). */
    static LeanAdam over(Adam config, INDArray flatGradient, INDArray state) {
        if (!isPlainFloat(flatGradient) || !isPlainFloat(state) || state.length() != 2 * flatGradient.length()) {
            throw new IllegalArgumentException("Adam needs plain float arrays, the state twice the gradient's length");
        }
        return new LeanAdam(config, null, flatGradient, state);
    }

    /** DL4J's updater this one stands in for, with the very same state arrays (null for {@link #over}). */
    AdamUpdater original() {
        return original;
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (gradient.length() != parameters) {
            if (original == null) {
                throw new IllegalArgumentException("this Adam updates " + parameters + " values, not " + gradient.length());
            }
            original.applyUpdater(gradient, iteration, epoch);
            return;
        }
        // libnd4j's float arithmetic, conversions included, so the weights come out as DL4J's Adam makes them.
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
        // The block's gradient is the whole flat gradient (one block from offset 0), read from its buffer.
        FloatBuffer g = flatGradient.data().asNioFloat();
        FloatBuffer moments = state.data().asNioFloat();
        int length = Math.toIntExact(parameters);
        for (int from = 0; from < length; from += CHUNK) {
            int n = Math.min(CHUNK, length - from);
            g.get(from, gradientChunk, 0, n);
            moments.get(from, mChunk, 0, n);
            moments.get(length + from, vChunk, 0, n);
            if (FUSED) {
                for (int i = 0; i < n; i++) {
                    float grad = gradientChunk[i];
                    float mi = Math.fma(beta1, mChunk[i], grad * keep1);
                    float vi = Math.fma(beta2, vChunk[i], grad * grad * keep2);
                    mChunk[i] = mi;
                    vChunk[i] = vi;
                    gradientChunk[i] = mi * step / ((float) Math.sqrt(vi) + epsilon);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    float grad = gradientChunk[i];
                    float mi = beta1 * mChunk[i] + grad * keep1;
                    float vi = beta2 * vChunk[i] + grad * grad * keep2;
                    mChunk[i] = mi;
                    vChunk[i] = vi;
                    gradientChunk[i] = mi * step / ((float) Math.sqrt(vi) + epsilon);
                }
            }
            g.put(from, gradientChunk, 0, n);
            moments.put(from, mChunk, 0, n);
            moments.put(length + from, vChunk, 0, n);
        }
    }

    /** A float array that is the whole of its buffer, so its values are the buffer's from index 0. */
    private static boolean isPlainFloat(INDArray array) {
        return array != null && array.dataType() == DataType.FLOAT && !array.isView() && array.offset() == 0
                && array.data().length() == array.length() && array.elementWiseStride() == 1;
    }

    @Override
    public Adam getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        throw new UnsupportedOperationException("a run's Adam keeps DL4J's state arrays; put DL4J's updater back first");
    }

    @Override
    public Map<String, INDArray> getState() {
        return original.getState();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        throw new UnsupportedOperationException("a run's Adam keeps DL4J's state arrays; put DL4J's updater back first");
    }
}
