package com.cifarlab.evaluation;

/** One line of a classification report. */
public record ClassMetrics(String label, double precision, double recall, double f1, int support) {
}
