package com.cifarlab.training;

import java.util.ArrayList;
import java.util.List;

/**
 * The runs every student of the lab launches on the standard path: Step 4's two losses, Step 5's
 * training run and Step 7's three optimizers plus Adam at the slower rate. All start from the
 * lab's settings, so several are identical across steps (Step 5's run is Step 4's cross-entropy
 * run and Step 7's Adam run) and across students.
 */
public final class StandardRuns {

    /** The slower Adam rate Step 7 adds, at which the MLP's ReLUs stay alive. */
    public static final double SLOW_ADAM = 0.0001;

    /** One lab step's runs. */
    public record Step(String name, List<TrainingSpec> runs) {

        public Step {
            runs = List.copyOf(runs);
        }
    }

    private StandardRuns() {
    }

    /** Every step's runs at one size. */
    public static List<Step> of(int epochs, int trainSize) {
        TrainingSpec base = TrainingSpec.labDefaults().withEpochs(epochs).withTrainSize(trainSize);
        return of(base, base, base);
    }

    /** Each step's runs from its own start: the lab's settings at the size the step's form opens with. */
    public static List<Step> of(TrainingSpec losses, TrainingSpec training, TrainingSpec optimizers) {
        List<TrainingSpec> optimizerRuns = new ArrayList<>();
        for (Optimizer optimizer : Optimizer.values()) {
            optimizerRuns.add(optimizers.withOptimizer(optimizer, optimizer.defaultLearningRate()));
        }
        optimizerRuns.add(optimizers.withOptimizer(Optimizer.ADAM, SLOW_ADAM));
        return List.of(
                new Step("Step 4 · Loss functions", List.of(losses.withLoss(LossFunction.CATEGORICAL_CROSSENTROPY),
                        losses.withLoss(LossFunction.MEAN_SQUARED_ERROR))),
                new Step("Step 5 · Training", List.of(training)),
                new Step("Step 7 · Optimizers", optimizerRuns));
    }
}
