package com.cifarlab.evaluation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Per-class precision, recall, F1 and support with accuracy, macro and weighted averages, as
 * scikit-learn's {@code classification_report} gives them.
 */
public record ClassificationReport(List<ClassMetrics> perClass, double accuracy, ClassMetrics macroAverage,
                                   ClassMetrics weightedAverage) {

    private static final String WIDEST_AVERAGE = "weighted avg";
    private static final int DIGITS = 2;

    public ClassificationReport {
        perClass = List.copyOf(perClass);
    }

    /** The report laid out exactly as scikit-learn's {@code classification_report(digits=2)} prints it. */
    public String toText() {
        int width = WIDEST_AVERAGE.length();
        for (ClassMetrics m : perClass) {
            width = Math.max(width, m.label().length());
        }
        int total = perClass.stream().mapToInt(ClassMetrics::support).sum();
        StringBuilder text = new StringBuilder();
        text.append(pad("", width)).append(' ');
        for (String header : List.of("precision", "recall", "f1-score", "support")) {
            text.append(' ').append(pad(header, 9));
        }
        text.append("\n\n");
        for (ClassMetrics m : perClass) {
            row(text, m, width);
        }
        text.append('\n');
        text.append(pad("accuracy", width)).append(' ')
                .append(' ').append(pad("", 9))
                .append(' ').append(pad("", 9))
                .append(' ').append(pad(decimal(accuracy), 9))
                .append(' ').append(pad(Integer.toString(total), 9)).append('\n');
        row(text, macroAverage, width);
        row(text, weightedAverage, width);
        return text.toString();
    }

    private static void row(StringBuilder text, ClassMetrics m, int width) {
        text.append(pad(m.label(), width)).append(' ')
                .append(' ').append(pad(decimal(m.precision()), 9))
                .append(' ').append(pad(decimal(m.recall()), 9))
                .append(' ').append(pad(decimal(m.f1()), 9))
                .append(' ').append(pad(Integer.toString(m.support()), 9)).append('\n');
    }

    /**
     * Python's {@code format(x, '.2f')}: the exact binary value rounded half-to-even, so 0.125
     * prints as 0.12 where Java's {@code %.2f} would print 0.13.
     */
    public static String decimal(double value) {
        return new BigDecimal(value).setScale(DIGITS, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String pad(String value, int width) {
        return value.length() >= width ? value : " ".repeat(width - value.length()) + value;
    }
}
