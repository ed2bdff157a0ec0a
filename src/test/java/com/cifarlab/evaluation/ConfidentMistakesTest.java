package com.cifarlab.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfidentMistakesTest {

    @Test
    void keepsOnlyTheSurestMistakesSurestFirstAndBreaksTiesByIndex() {
        ConfidentMistakes mistakes = new ConfidentMistakes(3);
        mistakes.offer(10, 1, 2, 0.5);
        mistakes.offer(11, 1, 3, 0.9);
        mistakes.offer(12, 4, 2, 0.7);
        mistakes.offer(13, 0, 2, 0.9);
        mistakes.offer(9, 0, 5, 0.5);
        mistakes.offer(14, 0, 5, 0.6);

        assertThat(mistakes.surestFirst()).containsExactly(
                new Misclassification(11, 1, 3, 0.9),
                new Misclassification(13, 0, 2, 0.9),
                new Misclassification(12, 4, 2, 0.7));
    }
}
