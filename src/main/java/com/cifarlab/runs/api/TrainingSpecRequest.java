package com.cifarlab.runs.api;

import com.cifarlab.model.Activation;
import com.cifarlab.model.Architecture;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A run as an API client sends it: the engine's {@link TrainingSpec} field names, every field
 * optional. Omitted fields take the lab's settings at the class's Step 5 size; an
 * omitted learning rate takes the chosen optimizer's default.
 */
record TrainingSpecRequest(ModelRequest model, Optimizer optimizer, Double learningRate, LossFunction loss,
                           Integer epochs, Integer batchSize, Long seed, Integer trainSize,
                           Integer earlyStoppingPatience) {

    /** {@code convolutional} is derived; accepted so that a spec read from the API can be sent back. */
    @JsonIgnoreProperties("convolutional")
    record ModelRequest(Architecture architecture, List<HiddenLayerRequest> hiddenLayers) {

        /**
         * Hidden layers belong to the custom MLP; the presets' fixed layers may be sent back as the
         * API gave them, but any other layers would be silently ignored, so they are refused.
         */
        ModelSpec toModel() {
            if (hiddenLayers != null && !hiddenLayers.isEmpty() && architecture != null
                    && architecture != Architecture.CUSTOM_MLP
                    && !arePresetLayers(architecture, hiddenLayers)) {
                throw new InvalidSpecException("model.hiddenLayers", "Field 'model.hiddenLayers' applies only to the "
                        + Architecture.CUSTOM_MLP + " architecture; the layers of " + architecture + " are fixed.");
            }
            List<HiddenLayer> layers = hiddenLayers == null
                    ? null
                    : hiddenLayers.stream().map(HiddenLayerRequest::toLayer).toList();
            return new ModelSpec(architecture, layers);
        }

        /** Whether {@code requests} are the preset's own layers, as the API writes them. */
        private static boolean arePresetLayers(Architecture architecture, List<HiddenLayerRequest> requests) {
            try {
                return requests.stream().map(HiddenLayerRequest::toLayer).toList()
                        .equals(new ModelSpec(architecture, null).hiddenLayers());
            } catch (InvalidSpecException e) {
                return false;
            }
        }
    }

    /** Activation defaults to ReLU and dropout to the lab's 0.5, as in the lab's own hidden layers. */
    record HiddenLayerRequest(Integer units, Activation activation, Double dropoutRate) {

        HiddenLayer toLayer() {
            if (units == null) {
                throw new InvalidSpecException("units", "Give every hidden layer its number of units ("
                        + HiddenLayer.MIN_UNITS + "–" + HiddenLayer.MAX_UNITS + ").");
            }
            return new HiddenLayer(units, activation == null ? Activation.RELU : activation,
                    dropoutRate == null ? 0.5 : dropoutRate);
        }
    }

    TrainingSpec toSpec(TrainingSpec lab) {
        Optimizer chosenOptimizer = optimizer == null ? lab.optimizer() : optimizer;
        return new TrainingSpec(
                model == null ? lab.model() : model.toModel(),
                chosenOptimizer,
                learningRate == null ? chosenOptimizer.defaultLearningRate() : learningRate,
                loss == null ? lab.loss() : loss,
                epochs == null ? lab.epochs() : epochs,
                batchSize == null ? lab.batchSize() : batchSize,
                seed == null ? lab.seed() : seed,
                trainSize == null ? lab.trainSize() : trainSize,
                earlyStoppingPatience == null ? lab.earlyStoppingPatience() : earlyStoppingPatience);
    }
}
