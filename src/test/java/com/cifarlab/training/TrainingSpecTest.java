package com.cifarlab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cifarlab.model.Activation;
import com.cifarlab.model.Architecture;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.model.ModelSpec;
import java.util.Collections;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TrainingSpecTest {

    private static final TrainingSpec LAB = TrainingSpec.labDefaults();

    @Test
    void theLabDefaultsAreTheNotebooksSettings() {
        assertThat(LAB).isEqualTo(new TrainingSpec(ModelSpec.labMlp(), Optimizer.ADAM, 0.001,
                LossFunction.CATEGORICAL_CROSSENTROPY, 50, 64, 42, 0, 0));
    }

    @Test
    void everyOutOfRangeValueNamesItsFieldAndTheRange() {
        assertInvalid(() -> LAB.withEpochs(0), "epochs", "Epochs must be between 1 and 200 (got 0).");
        assertInvalid(() -> LAB.withEpochs(201), "epochs", "Epochs must be between 1 and 200 (got 201).");
        assertInvalid(() -> LAB.withBatchSize(7), "batchSize", "Batch size must be between 8 and 1024 (got 7).");
        assertInvalid(() -> LAB.withOptimizer(Optimizer.SGD, 0), "learningRate",
                "Learning rate must be greater than 0 and at most 1 (got 0.0).");
        assertInvalid(() -> LAB.withOptimizer(Optimizer.SGD, Double.NaN), "learningRate",
                "Learning rate must be greater than 0 and at most 1 (got NaN).");
        assertInvalid(() -> LAB.withTrainSize(99), "trainSize",
                "Training images (0 for all) must be between 100 and 40000 (got 99).");
        assertInvalid(() -> LAB.withEarlyStoppingPatience(-1), "earlyStoppingPatience",
                "Early-stopping patience (0 for off) must be between 0 and 200 (got -1).");
        assertInvalid(() -> LAB.withOptimizer(null, 0.1), "optimizer", "Choose an optimizer: ADAM, SGD or RMSPROP.");
    }

    @Test
    void aCustomMlpNeedsOneToFourSensibleLayers() {
        assertInvalid(() -> ModelSpec.customMlp(List.of()), "hiddenLayers",
                "Number of hidden layers must be between 1 and 4 (got 0).");
        assertInvalid(() -> ModelSpec.customMlp(Collections.nCopies(5, new HiddenLayer(16, Activation.RELU, 0))),
                "hiddenLayers", "Number of hidden layers must be between 1 and 4 (got 5).");
        assertInvalid(() -> new HiddenLayer(15, Activation.RELU, 0), "units",
                "Units of a hidden layer must be between 16 and 4096 (got 15).");
        assertInvalid(() -> new HiddenLayer(64, Activation.RELU, 0.95), "dropoutRate",
                "Dropout rate must be between 0 and 0.9 (got 0.95).");
        assertInvalid(() -> new HiddenLayer(64, null, 0), "activation", "Choose an activation for every hidden layer.");
    }

    @Test
    void thePresetsIgnoreLayersPassedWithThem() {
        ModelSpec lab = new ModelSpec(Architecture.LAB_MLP, List.of(new HiddenLayer(16, Activation.TANH, 0)));

        assertThat(lab.hiddenLayers()).containsExactly(new HiddenLayer(512, Activation.RELU, 0.5),
                new HiddenLayer(256, Activation.RELU, 0.5));
        assertThat(new ModelSpec(Architecture.SMALL_CNN, null).hiddenLayers()).isEmpty();
    }

    private static void assertInvalid(ThrowingCallable call, String field, String message) {
        assertThatThrownBy(call).isInstanceOf(InvalidSpecException.class).hasMessage(message)
                .satisfies(e -> assertThat(((InvalidSpecException) e).field()).isEqualTo(field));
    }
}
