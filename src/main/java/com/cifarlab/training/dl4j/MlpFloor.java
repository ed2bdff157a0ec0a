package com.cifarlab.training.dl4j;

import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.TrainingSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The least an MLP training step can cost on this machine with ND4J: the step's matrix products
 * alone (each layer's forward product, its weight gradient, and the input gradient of every layer
 * but the first) and one Adam update over all the parameters at once, applied, back to back on
 * the calling thread. The Adam is the one a run trains with ({@link LeanAdam}), so the floor moves
 * with it. {@code bench} holds the real step against it: what a step costs beyond it is
 * framework overhead (DL4J's element-wise work, per-layer bookkeeping, the loss).
 */
public final class MlpFloor {

    private static final int WARM_UP = 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private MlpFloor() {
    }

    /** The median CPU milliseconds of {@code steps} floor steps for {@code spec}'s MLP and batch size. */
    public static double millisPerStep(TrainingSpec spec, int steps) {
        ModelSpec model = spec.model();
        if (model.isConvolutional()) {
            throw new IllegalArgumentException("the floor is measured for MLPs only");
        }
        int batch = spec.batchSize();
        List<Integer> widths = new ArrayList<>();
        widths.add(ModelSpec.INPUT_SIZE);
        model.hiddenLayers().stream().map(HiddenLayer::units).forEach(widths::add);
        widths.add(ModelSpec.CLASSES);
        Nd4j.getRandom().setSeed(1);
        int layers = widths.size() - 1;
        INDArray[] weights = new INDArray[layers];
        INDArray[] activations = new INDArray[layers + 1];
        INDArray[] deltas = new INDArray[layers + 1];
        INDArray[] weightGradients = new INDArray[layers];
        long parameters = 0;
        activations[0] = Nd4j.rand(DataType.FLOAT, batch, widths.get(0));
        for (int i = 0; i < layers; i++) {
            weights[i] = Nd4j.rand(DataType.FLOAT, widths.get(i), widths.get(i + 1)).subi(0.5).muli(0.01);
            activations[i + 1] = Nd4j.create(DataType.FLOAT, batch, widths.get(i + 1));
            deltas[i + 1] = Nd4j.rand(DataType.FLOAT, batch, widths.get(i + 1));
            deltas[i] = deltas[i] == null ? Nd4j.create(DataType.FLOAT, batch, widths.get(i)) : deltas[i];
            weightGradients[i] = Nd4j.create(DataType.FLOAT, widths.get(i), widths.get(i + 1));
            parameters += (long) widths.get(i) * widths.get(i + 1) + widths.get(i + 1);
        }
        INDArray flatParameters = Nd4j.rand(DataType.FLOAT, 1, parameters);
        INDArray flatGradient = Nd4j.rand(DataType.FLOAT, 1, parameters).subi(0.5).muli(1e-3);
        LeanAdam adam = LeanAdam.over(new Adam(spec.learningRate(), Networks.ADAM_BETA1, Networks.ADAM_BETA2,
                Networks.KERAS_EPSILON), flatParameters, flatGradient, Nd4j.zeros(DataType.FLOAT, 1, 2 * parameters));
        List<Double> times = new ArrayList<>();
        for (int step = 0; step < WARM_UP + steps; step++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < layers; i++) {
                Nd4j.gemm(activations[i], weights[i], activations[i + 1], false, false, 1.0, 0.0);
            }
            for (int i = layers - 1; i >= 0; i--) {
                Nd4j.gemm(activations[i], deltas[i + 1], weightGradients[i], true, false, 1.0, 0.0);
                if (i > 0) {
                    Nd4j.gemm(deltas[i + 1], weights[i], deltas[i], false, true, 1.0, 0.0);
                }
            }
            adam.step(batch, step, 0);
            if (step >= WARM_UP) {
                times.add((THREADS.getCurrentThreadCpuTime() - start) / 1e6);
            }
        }
        times.sort(null);
        return times.get(times.size() / 2);
    }
}
