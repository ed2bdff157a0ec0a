package com.cifarlab.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {

    @Test
    void theLabMlpHasTheLabsParameterCount() {
        ModelSummary summary = ModelSummary.of(ModelSpec.labMlp());

        assertThat(summary.totalParams()).isEqualTo(1_707_274);
        assertThat(summary.trainableParams()).isEqualTo(1_707_274);
        assertThat(summary.rows()).extracting(ModelSummary.Row::name)
                .containsExactly("flatten", "dense", "dropout", "dense_1", "dropout_1", "dense_2");
        assertThat(summary.rows()).extracting(ModelSummary.Row::params)
                .containsExactly(0L, 1_573_376L, 0L, 131_328L, 0L, 2_570L);
    }

    @Test
    void theSmallCnnHasItsParameterCountAndKerasShapes() {
        ModelSummary summary = ModelSummary.of(ModelSpec.smallCnn());

        assertThat(summary.totalParams()).isEqualTo(620_362);
        assertThat(summary.rows()).extracting(ModelSummary.Row::outputShape).containsExactly(
                "(None, 32, 32, 32)", "(None, 16, 16, 32)", "(None, 16, 16, 64)", "(None, 8, 8, 64)",
                "(None, 8, 8, 128)", "(None, 4, 4, 128)", "(None, 2048)", "(None, 256)", "(None, 256)", "(None, 10)");
        assertThat(summary.rows()).extracting(ModelSummary.Row::type).containsExactly(
                "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense",
                "Dropout", "Dense");
    }

    @Test
    void aCustomMlpCountsItsOwnLayersAndLeavesOutDropoutOfRateZero() {
        ModelSummary summary = ModelSummary.of(ModelSpec.customMlp(List.of(
                new HiddenLayer(100, Activation.TANH, 0),
                new HiddenLayer(50, Activation.SIGMOID, 0.3))));

        assertThat(summary.totalParams()).isEqualTo(3072L * 100 + 100 + 100 * 50 + 50 + 50 * 10 + 10);
        assertThat(summary.rows()).extracting(ModelSummary.Row::name)
                .containsExactly("flatten", "dense", "dense_1", "dropout", "dense_2");
    }

    @Test
    void sizeIsTheParametersAsFloat32InKerasMegabytes() {
        assertThat(ModelSummary.of(ModelSpec.labMlp()).sizeMegabytes()).isCloseTo(6.5128, org.assertj.core.data.Offset.offset(1e-4));
    }

    @Test
    void textFollowsKerasLayout() {
        String text = ModelSummary.of(ModelSpec.labMlp()).toText();

        assertThat(text).startsWith("""
                Model: "sequential"
                _________________________________________________________________
                 Layer (type)                Output Shape              Param #  \s
                =================================================================
                 flatten (Flatten)           (None, 3072)              0        \s
                                                                                \s
                 dense (Dense)               (None, 512)               1573376  \s
                """);
        assertThat(text).endsWith("""
                 dense_2 (Dense)             (None, 10)                2570     \s
                =================================================================
                Total params: 1,707,274 (6.51 MB)
                Trainable params: 1,707,274 (6.51 MB)
                Non-trainable params: 0 (0.00 MB)
                _________________________________________________________________
                """);
        assertThat(text.lines().filter(line -> !line.startsWith("Total") && !line.startsWith("Trainable")
                && !line.startsWith("Non-") && !line.startsWith("Model"))).allMatch(line -> line.length() == 65);
    }
}
