package com.cifarlab.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.model.Activation;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunLabelsTest {

    @Test
    void aRunIsNamedByItsOptimizerAndLearningRateWrittenAsOnTheLabSheet() {
        TrainingSpec lab = TrainingSpec.labDefaults();

        assertThat(RunLabels.of(lab)).isEqualTo("Adam 0.001");
        assertThat(RunLabels.of(lab.withOptimizer(Optimizer.SGD, 0.01))).isEqualTo("SGD 0.01");
        assertThat(RunLabels.of(lab.withOptimizer(Optimizer.RMSPROP, 0.0001))).isEqualTo("RMSprop 0.0001");
        assertThat(RunLabels.of(lab.withOptimizer(Optimizer.SGD, 0.1))).isEqualTo("SGD 0.1");
    }

    @Test
    void theDescriptionAddsTheNetworkTheEpochsAndTheImages() {
        TrainingSpec spec = TrainingSpec.labDefaults().withEpochs(2).withTrainSize(500);

        assertThat(RunLabels.describe(spec)).isEqualTo("Lab MLP · Adam 0.001 · 2 epochs · 500 images");
        assertThat(RunLabels.describe(TrainingSpec.labDefaults().withModel(ModelSpec.smallCnn()).withEpochs(1)
                .withTrainSize(12_000))).isEqualTo("Small CNN · Adam 0.001 · 1 epoch · 12,000 images");
        assertThat(RunLabels.describe(TrainingSpec.labDefaults())).endsWith("50 epochs · all images");
    }

    @Test
    void aCustomNetworkSaysHowManyHiddenLayersItHas() {
        HiddenLayer layer = new HiddenLayer(128, Activation.RELU, 0);

        assertThat(RunLabels.model(ModelSpec.customMlp(List.of(layer)))).isEqualTo("Custom MLP, 1 hidden layer");
        assertThat(RunLabels.model(ModelSpec.customMlp(List.of(layer, layer, layer)))).isEqualTo("Custom MLP, 3 hidden layers");
    }
}
