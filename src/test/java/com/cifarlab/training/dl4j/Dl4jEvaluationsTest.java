package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.cifarlab.evaluation.ClassMetrics;
import com.cifarlab.evaluation.ClassificationReport;
import com.cifarlab.evaluation.ConfusionMatrix;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.factory.Nd4j;

class Dl4jEvaluationsTest {

    /** A DL4J Evaluation that has seen exactly the given confusion matrix (rows actual, columns predicted). */
    static Evaluation evaluationOf(List<String> names, int[][] confusion) {
        int n = names.size();
        int total = 0;
        for (int[] row : confusion) {
            for (int c : row) {
                total += c;
            }
        }
        float[][] labels = new float[total][n];
        float[][] predictions = new float[total][n];
        int example = 0;
        for (int actual = 0; actual < n; actual++) {
            for (int predicted = 0; predicted < n; predicted++) {
                for (int k = 0; k < confusion[actual][predicted]; k++, example++) {
                    labels[example][actual] = 1;
                    predictions[example][predicted] = 0.9f;
                }
            }
        }
        Evaluation evaluation = new Evaluation(names);
        evaluation.eval(Nd4j.create(labels), Nd4j.create(predictions));
        return evaluation;
    }

    @Test
    void theNumbersAreScikitLearns() {
        // cat: 5 right, 1 taken for a dog; dog: 2 taken for cats, 3 right, 1 for a bird; bird: 4 right.
        ClassificationReport report = Dl4jEvaluations.classificationReport(
                evaluationOf(List.of("cat", "dog", "bird"), new int[][] {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}}),
                List.of("cat", "dog", "bird"));

        double[] precision = {5.0 / 7, 3.0 / 4, 4.0 / 5};
        double[] recall = {5.0 / 6, 3.0 / 6, 4.0 / 4};
        double[] f1 = {10.0 / 13, 6.0 / 10, 8.0 / 9}; // 2TP / (2TP + FP + FN)
        int[] support = {6, 6, 4};
        for (int c = 0; c < 3; c++) {
            ClassMetrics m = report.perClass().get(c);
            assertThat(m.precision()).isCloseTo(precision[c], within(1e-12));
            assertThat(m.recall()).isCloseTo(recall[c], within(1e-12));
            assertThat(m.f1()).isCloseTo(f1[c], within(1e-12));
            assertThat(m.support()).isEqualTo(support[c]);
        }
        assertThat(report.accuracy()).isCloseTo(12.0 / 16, within(1e-12));
        assertThat(report.macroAverage().precision()).isCloseTo((5.0 / 7 + 3.0 / 4 + 4.0 / 5) / 3, within(1e-12));
        assertThat(report.macroAverage().recall()).isCloseTo((5.0 / 6 + 0.5 + 1) / 3, within(1e-12));
        assertThat(report.macroAverage().f1()).isCloseTo((10.0 / 13 + 0.6 + 8.0 / 9) / 3, within(1e-12));
        assertThat(report.weightedAverage().precision()).isCloseTo((6 * 5.0 / 7 + 6 * 0.75 + 4 * 0.8) / 16, within(1e-12));
        assertThat(report.weightedAverage().recall()).isCloseTo(12.0 / 16, within(1e-12));
        assertThat(report.weightedAverage().f1()).isCloseTo((6 * 10.0 / 13 + 6 * 0.6 + 4 * 8.0 / 9) / 16, within(1e-12));
        assertThat(report.macroAverage().support()).isEqualTo(16);

        assertThat(report.toText()).isEqualTo("""
                              precision    recall  f1-score   support

                         cat       0.71      0.83      0.77         6
                         dog       0.75      0.50      0.60         6
                        bird       0.80      1.00      0.89         4

                    accuracy                           0.75        16
                   macro avg       0.75      0.78      0.75        16
                weighted avg       0.75      0.75      0.74        16
                """);
    }

    @Test
    void aClassNeverPredictedCountsAsZeroInTheAveragesAsInScikitLearn() {
        ClassificationReport report = Dl4jEvaluations.classificationReport(
                evaluationOf(List.of("a", "b", "c"), new int[][] {{3, 1, 0}, {1, 2, 0}, {1, 1, 0}}),
                List.of("a", "b", "c"));

        assertThat(report.perClass().get(2)).isEqualTo(new ClassMetrics("c", 0, 0, 0, 2));
        assertThat(report.macroAverage().precision()).isCloseTo((0.6 + 0.5 + 0) / 3, within(1e-12));
        assertThat(report.weightedAverage().f1()).isCloseTo((4 * 6.0 / 9 + 3 * 4.0 / 7) / 9, within(1e-12));
        assertThat(report.toText()).isEqualTo("""
                              precision    recall  f1-score   support

                           a       0.60      0.75      0.67         4
                           b       0.50      0.67      0.57         3
                           c       0.00      0.00      0.00         2

                    accuracy                           0.56         9
                   macro avg       0.37      0.47      0.41         9
                weighted avg       0.43      0.56      0.49         9
                """);
    }

    @Test
    void longClassNamesWidenTheFirstColumn() {
        ClassificationReport report = new ClassificationReport(
                List.of(new ClassMetrics("a-very-long-class-name", 1, 1, 1, 1)), 1,
                new ClassMetrics("macro avg", 1, 1, 1, 1), new ClassMetrics("weighted avg", 1, 1, 1, 1));

        assertThat(report.toText().lines().toList()).contains(
                "a-very-long-class-name       1.00      1.00      1.00         1",
                "          weighted avg       1.00      1.00      1.00         1");
    }

    @Test
    void decimalsRoundTheExactBinaryValueHalfToEvenLikePython() {
        assertThat(ClassificationReport.decimal(0.125)).isEqualTo("0.12");
        assertThat(ClassificationReport.decimal(0.375)).isEqualTo("0.38");
        assertThat(ClassificationReport.decimal(0.675)).isEqualTo("0.68");
        assertThat(ClassificationReport.decimal(2.675)).isEqualTo("2.67");
        assertThat(ClassificationReport.decimal(1)).isEqualTo("1.00");
        assertThat(ClassificationReport.decimal(0)).isEqualTo("0.00");
    }

    @Test
    void theConfusionMatrixIsDl4jsCounts() {
        int[][] counts = {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}};
        ConfusionMatrix matrix = Dl4jEvaluations.confusionMatrix(
                evaluationOf(List.of("cat", "dog", "bird"), counts), List.of("cat", "dog", "bird"));

        assertThat(matrix.counts()).isDeepEqualTo(counts);
        assertThat(matrix.toText()).isEqualTo("""
                true \\ predicted   cat   dog  bird
                cat                  5     1     0
                dog                  2     3     1
                bird                 0     0     4
                """);
    }
}
