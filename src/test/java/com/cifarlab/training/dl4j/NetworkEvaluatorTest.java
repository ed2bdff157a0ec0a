package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.cifarlab.dataset.CifarImages;
import com.cifarlab.evaluation.LossAndAccuracy;
import com.cifarlab.evaluation.Misclassification;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.testdata.CifarFixtures;
import com.cifarlab.testdata.SyntheticCifar;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.TrainingSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

class NetworkEvaluatorTest {

    static final CifarImages IMAGES = SyntheticCifar.images(2_345, new Random(5));

    /** The network's probabilities for every image, in small batches of its own: the plain way to compare with. */
    static float[][] inSmallBatches(MultiLayerNetwork network, CifarImages images) {
        int batch = 10;
        float[][] all = new float[images.size()][];
        float[] pixels = new float[batch * CifarImages.PIXELS];
        for (int from = 0; from < images.size(); from += batch) {
            int size = Math.min(batch, images.size() - from);
            for (int i = 0; i < size; i++) {
                images.copyNormalised(from + i, pixels, i * CifarImages.PIXELS);
            }
            float[] used = java.util.Arrays.copyOf(pixels, size * CifarImages.PIXELS);
            var input = Nd4j.create(used, new long[] {size, CifarImages.PIXELS}, 'c');
            float[][] output = network.output(input, false).toFloatMatrix();
            System.arraycopy(output, 0, all, from, size);
        }
        return all;
    }

    @Test
    void theTestReportMatchesInferenceInSmallBatches() {
        MultiLayerNetwork network = Networks.build(TrainingSpec.labDefaults());
        float[][] probabilities = inSmallBatches(network, IMAGES);

        TestReport report = new NetworkEvaluator(network, LossMeasure.CROSS_ENTROPY, 10)
                .testReport(IMAGES, CifarFixtures.CLASS_NAMES);

        double loss = 0;
        int correct = 0;
        List<Misclassification> wrong = new ArrayList<>();
        int[][] confusion = new int[10][10];
        for (int i = 0; i < IMAGES.size(); i++) {
            int actual = IMAGES.label(i);
            int predicted = NetworkEvaluator.argMax(probabilities[i]);
            loss -= Math.log(probabilities[i][actual]);
            confusion[actual][predicted]++;
            if (predicted == actual) {
                correct++;
            } else {
                wrong.add(new Misclassification(i, actual, predicted, probabilities[i][predicted]));
            }
        }
        wrong.sort(Comparator.comparingDouble(Misclassification::probability).reversed()
                .thenComparingInt(Misclassification::testIndex));
        assertThat(report.loss()).isCloseTo(loss / IMAGES.size(), within(1e-5));
        assertThat(report.accuracy()).isEqualTo((double) correct / IMAGES.size());
        assertThat(report.confusion().counts()).isDeepEqualTo(confusion);
        assertThat(report.confidentMistakes()).hasSize(20);
        for (int k = 0; k < 20; k++) {
            Misclassification expected = wrong.get(k);
            Misclassification actual = report.confidentMistakes().get(k);
            assertThat(actual.testIndex()).isEqualTo(expected.testIndex());
            assertThat(actual.predictedClass()).isEqualTo(expected.predictedClass());
            assertThat(actual.probability()).isCloseTo(expected.probability(), within(1e-6));
        }
    }

    @Test
    void lossAndAccuracyCoverExactlyTheChosenImagesWithTheMeanSquaredError() {
        MultiLayerNetwork network = Networks.build(TrainingSpec.labDefaults().withLoss(LossFunction.MEAN_SQUARED_ERROR));
        int[] chosen = IntStream.range(0, 1_200).map(i -> (i * 7) % IMAGES.size()).toArray();
        CifarImages subset = subset(IMAGES, chosen);
        float[][] probabilities = inSmallBatches(network, subset);

        LossAndAccuracy measured = new NetworkEvaluator(network, LossMeasure.MEAN_SQUARED_ERROR, 10)
                .lossAndAccuracy(IMAGES, chosen);

        double loss = 0;
        int correct = 0;
        for (int i = 0; i < chosen.length; i++) {
            int actual = subset.label(i);
            for (int c = 0; c < 10; c++) {
                double error = probabilities[i][c] - (c == actual ? 1 : 0);
                loss += error * error / 10;
            }
            if (NetworkEvaluator.argMax(probabilities[i]) == actual) {
                correct++;
            }
        }
        assertThat(measured.loss()).isCloseTo(loss / chosen.length, within(1e-6));
        assertThat(measured.accuracy()).isEqualTo((double) correct / chosen.length);
    }

    private static CifarImages subset(CifarImages images, int[] indices) {
        byte[] labels = new byte[indices.length];
        byte[] pixels = new byte[indices.length * CifarImages.PIXELS];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = (byte) images.label(indices[i]);
            for (int c = 0; c < 3; c++) {
                for (int r = 0; r < 32; r++) {
                    for (int col = 0; col < 32; col++) {
                        pixels[i * CifarImages.PIXELS + c * 1024 + r * 32 + col] = (byte) images.pixel(indices[i], c, r, col);
                    }
                }
            }
        }
        return new CifarImages(labels, pixels);
    }
}
