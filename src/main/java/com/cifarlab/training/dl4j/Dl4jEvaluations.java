package com.cifarlab.training.dl4j;

import com.cifarlab.evaluation.ClassMetrics;
import com.cifarlab.evaluation.ClassificationReport;
import com.cifarlab.evaluation.ConfusionMatrix;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.evaluation.classification.Evaluation;

/** Turns DL4J's {@link Evaluation} into the engine-free records the UI and the API show. */
public final class Dl4jEvaluations {

    private Dl4jEvaluations() {
    }

    public static ConfusionMatrix confusionMatrix(Evaluation evaluation, List<String> classNames) {
        int n = classNames.size();
        int[][] counts = new int[n][n];
        for (int actual = 0; actual < n; actual++) {
            for (int predicted = 0; predicted < n; predicted++) {
                counts[actual][predicted] = evaluation.getConfusionMatrix().getCount(actual, predicted);
            }
        }
        return new ConfusionMatrix(classNames, counts);
    }

    /**
     * Per-class precision, recall and F1 come from DL4J, which, like scikit-learn, gives 0 when
     * a class was never predicted or never present. The averages are scikit-learn's, taken over
     * those per-class values: DL4J's own macro average leaves out classes that were never
     * predicted, which would flatter exactly the stalled networks the lab studies, and it has no
     * weighted average.
     */
    public static ClassificationReport classificationReport(Evaluation evaluation, List<String> classNames) {
        List<ClassMetrics> perClass = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            perClass.add(new ClassMetrics(classNames.get(c), evaluation.precision(c), evaluation.recall(c),
                    evaluation.f1(c), evaluation.classCount(c)));
        }
        int total = perClass.stream().mapToInt(ClassMetrics::support).sum();
        double n = perClass.size();
        ClassMetrics macro = new ClassMetrics("macro avg",
                perClass.stream().mapToDouble(ClassMetrics::precision).sum() / n,
                perClass.stream().mapToDouble(ClassMetrics::recall).sum() / n,
                perClass.stream().mapToDouble(ClassMetrics::f1).sum() / n,
                total);
        ClassMetrics weighted = new ClassMetrics("weighted avg",
                weightedMean(perClass, ClassMetrics::precision, total),
                weightedMean(perClass, ClassMetrics::recall, total),
                weightedMean(perClass, ClassMetrics::f1, total),
                total);
        return new ClassificationReport(perClass, evaluation.accuracy(), macro, weighted);
    }

    private static double weightedMean(List<ClassMetrics> perClass,
                                       java.util.function.ToDoubleFunction<ClassMetrics> metric, int total) {
        if (total == 0) {
            return 0;
        }
        double sum = 0;
        for (ClassMetrics m : perClass) {
            sum += metric.applyAsDouble(m) * m.support();
        }
        return sum / total;
    }
}
