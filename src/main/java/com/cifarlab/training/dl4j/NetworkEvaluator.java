package com.cifarlab.training.dl4j;

import com.cifarlab.dataset.CifarImages;
import com.cifarlab.evaluation.ConfidentMistakes;
import com.cifarlab.evaluation.LossAndAccuracy;
import com.cifarlab.evaluation.TestReport;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Measures a network on images in large inference batches, reusing one input buffer, so a
 * validation pass after every epoch stays cheap. One per network; not thread-safe.
 */
public final class NetworkEvaluator {

    /** Large batches: inference needs no gradients, and fewer calls mean less DL4J overhead. */
    public static final int BATCH = 1000;
    public static final int CONFIDENT_MISTAKES = 20;

    private final MultiLayerNetwork network;
    private final LossMeasure loss;
    private final ImageBatch batch;
    private final int classes;

    public NetworkEvaluator(MultiLayerNetwork network, LossMeasure loss, int classes) {
        this.network = network;
        this.loss = loss;
        this.classes = classes;
        this.batch = ImageBatch.forNetwork(network, BATCH, classes);
    }

    /** Mean loss and accuracy on {@code images[indices]}. */
    public LossAndAccuracy lossAndAccuracy(CifarImages images, int[] indices) {
        double lossSum = 0;
        int correct = 0;
        float[] probabilities = new float[classes];
        for (int from = 0; from < indices.length; from += BATCH) {
            int size = batch.load(images, indices, from);
            float[] output = rowMajor(network.output(batch.features(), false));
            for (int row = 0; row < size; row++) {
                System.arraycopy(output, row * classes, probabilities, 0, classes);
                int actual = batch.label(row);
                lossSum += loss.of(probabilities, actual);
                if (argMax(probabilities) == actual) {
                    correct++;
                }
            }
        }
        return new LossAndAccuracy(lossSum / indices.length, (double) correct / indices.length);
    }

    /**
     * The full evaluation on a test set: loss, accuracy, confusion matrix and classification
     * report (from DL4J's {@link Evaluation}), and the most confident mistakes.
     */
    public TestReport testReport(CifarImages test, List<String> classNames) {
        int[] all = new int[test.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        Evaluation evaluation = new Evaluation(classNames);
        ConfidentMistakes mistakes = new ConfidentMistakes(CONFIDENT_MISTAKES);
        double lossSum = 0;
        float[] probabilities = new float[classes];
        for (int from = 0; from < all.length; from += BATCH) {
            int size = batch.load(test, all, from);
            INDArray output = network.output(batch.features(), false);
            evaluation.eval(batch.labels(), output);
            float[] rows = rowMajor(output);
            for (int row = 0; row < size; row++) {
                System.arraycopy(rows, row * classes, probabilities, 0, classes);
                int actual = batch.label(row);
                lossSum += loss.of(probabilities, actual);
                int predicted = argMax(probabilities);
                if (predicted != actual) {
                    mistakes.offer(from + row, actual, predicted, probabilities[predicted]);
                }
            }
        }
        return new TestReport(lossSum / all.length, evaluation.accuracy(),
                Dl4jEvaluations.confusionMatrix(evaluation, classNames),
                Dl4jEvaluations.classificationReport(evaluation, classNames),
                mistakes.surestFirst());
    }

    /**
     * The output's values row after row, in one bulk copy. {@code toFloatMatrix()} builds a view
     * per row, each with its own native shape buffer: for 1,000 rows that cost more than the
     * batch's forward pass.
     */
    static float[] rowMajor(INDArray output) {
        return output.dup('c').data().asFloat();
    }

    /** The first index of the largest value, as DL4J's and numpy's argmax break ties. */
    static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
