package com.cifarlab.ui.components;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.StandardRuns;
import com.cifarlab.training.TrainingSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunTextTest {

    @Test
    void aRunIsNamedByWhatTellsItApartInTheLabsOneVocabulary() {
        TrainingSpec lab = TrainingSpec.labDefaults().withEpochs(10).withTrainSize(10_000);

        assertThat(RunText.name(lab)).isEqualTo("Lab MLP · Adam 0.001 · cross-entropy · 10 epochs × 10,000 images · seed 42");
        assertThat(RunText.name(lab.withLoss(LossFunction.MEAN_SQUARED_ERROR).withTrainSize(0).withEpochs(1)
                .withOptimizer(Optimizer.RMSPROP, 0.001).withModel(ModelSpec.smallCnn()).withSeed(7)))
                .isEqualTo("Small CNN · RMSprop 0.001 · MSE · 1 epoch × 40,000 images · seed 7");
        assertThat(RunText.summary(lab.withEarlyStoppingPatience(3)))
                .endsWith("· seed 42 · batch 64 · early stopping after 3 epochs");
    }

    @Test
    void theStandardRunsOfTheLabAllHaveNamesOfTheirOwn() {
        List<String> names = StandardRuns.of(10, 10_000).stream().flatMap(step -> step.runs().stream())
                .distinct().map(RunText::name).toList();

        assertThat(names).hasSize(5).doesNotHaveDuplicates();
    }
}
