package com.cifarlab.runs;

/**
 * A training node as the instructor's page shows it.
 *
 * @param node the machine and its workers
 * @param busy its workers training a run now
 */
public record NodeLoad(TrainingNode node, int busy) {
}
