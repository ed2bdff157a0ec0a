package com.cifarlab.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Keeps the {@code limit} wrong answers the model was surest of, without storing all the others. */
public final class ConfidentMistakes {

    /** Surest first; equal probabilities by test index, so the result never depends on batch order. */
    static final Comparator<Misclassification> SUREST_FIRST = Comparator
            .comparingDouble(Misclassification::probability).reversed()
            .thenComparingInt(Misclassification::testIndex);

    private final int limit;
    private final PriorityQueue<Misclassification> kept;

    public ConfidentMistakes(int limit) {
        this.limit = limit;
        this.kept = new PriorityQueue<>(SUREST_FIRST.reversed());
    }

    public void offer(int testIndex, int actual, int predicted, double probability) {
        Misclassification mistake = new Misclassification(testIndex, actual, predicted, probability);
        if (kept.size() < limit) {
            kept.add(mistake);
        } else if (SUREST_FIRST.compare(mistake, kept.peek()) < 0) {
            kept.poll();
            kept.add(mistake);
        }
    }

    public List<Misclassification> surestFirst() {
        List<Misclassification> list = new ArrayList<>(kept);
        list.sort(SUREST_FIRST);
        return list;
    }
}
