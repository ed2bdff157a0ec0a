package com.cifarlab.evaluation;

import java.util.List;
import java.util.Locale;

/**
 * Test-set counts: {@code counts[actual][predicted]}.
 *
 * @param classNames row and column labels
 * @param counts     a square matrix the size of {@code classNames}
 */
public record ConfusionMatrix(List<String> classNames, int[][] counts) {

    public ConfusionMatrix {
        classNames = List.copyOf(classNames);
        int n = classNames.size();
        int[][] copy = new int[n][];
        for (int i = 0; i < n; i++) {
            if (counts[i].length != n) {
                throw new IllegalArgumentException("confusion matrix row " + i + " has " + counts[i].length + " columns, expected " + n);
            }
            copy[i] = counts[i].clone();
        }
        counts = copy;
    }

    public int count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** The share of class {@code actual}'s images predicted as {@code predicted} (row-normalised). */
    public double rowShare(int actual, int predicted) {
        int total = 0;
        for (int c : counts[actual]) {
            total += c;
        }
        return total == 0 ? 0 : (double) counts[actual][predicted] / total;
    }

    /** A plain-text table: one row per true class, one column per predicted class. */
    public String toText() {
        int labelWidth = "true \\ predicted".length();
        int cellWidth = 5;
        for (String name : classNames) {
            labelWidth = Math.max(labelWidth, name.length());
            cellWidth = Math.max(cellWidth, name.length());
        }
        for (int[] row : counts) {
            for (int c : row) {
                cellWidth = Math.max(cellWidth, Integer.toString(c).length());
            }
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-" + labelWidth + "s", "true \\ predicted"));
        for (String name : classNames) {
            text.append(String.format(Locale.ROOT, " %" + cellWidth + "s", name));
        }
        text.append('\n');
        for (int actual = 0; actual < classNames.size(); actual++) {
            text.append(String.format(Locale.ROOT, "%-" + labelWidth + "s", classNames.get(actual)));
            for (int c : counts[actual]) {
                text.append(String.format(Locale.ROOT, " %" + cellWidth + "d", c));
            }
            text.append('\n');
        }
        return text.toString();
    }
}
