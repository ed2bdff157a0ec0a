package com.cifarlab.model;

import java.util.List;

/**
 * What network to build. The presets are fixed; a custom MLP carries its own hidden layers.
 *
 * @param architecture which kind of network
 * @param hiddenLayers the dense hidden layers of an MLP (the lab's two for {@link Architecture#LAB_MLP},
 *                     empty for the CNN, whose layers are fixed)
 */
public record ModelSpec(Architecture architecture, List<HiddenLayer> hiddenLayers) {

    public static final int MAX_HIDDEN_LAYERS = 4;
    /** Every network takes 32×32 RGB images (channels-first, scaled to 0–1) and scores ten classes. */
    public static final int INPUT_SIDE = 32;
    public static final int INPUT_CHANNELS = 3;
    public static final int INPUT_SIZE = INPUT_SIDE * INPUT_SIDE * INPUT_CHANNELS;
    public static final int CLASSES = 10;

    public ModelSpec {
        if (architecture == null) {
            throw new InvalidSpecException("architecture", "Choose an architecture: LAB_MLP, CUSTOM_MLP or SMALL_CNN.");
        }
        hiddenLayers = switch (architecture) {
            case LAB_MLP -> LAB_LAYERS;
            case SMALL_CNN -> List.of();
            case CUSTOM_MLP -> {
                int count = hiddenLayers == null ? 0 : hiddenLayers.size();
                InvalidSpecException.requireRange("hiddenLayers", "Number of hidden layers", count, 1, MAX_HIDDEN_LAYERS);
                yield List.copyOf(hiddenLayers);
            }
        };
    }

    private static final List<HiddenLayer> LAB_LAYERS = List.of(
            new HiddenLayer(512, Activation.RELU, 0.5),
            new HiddenLayer(256, Activation.RELU, 0.5));

    public static ModelSpec labMlp() {
        return new ModelSpec(Architecture.LAB_MLP, List.of());
    }

    public static ModelSpec smallCnn() {
        return new ModelSpec(Architecture.SMALL_CNN, List.of());
    }

    public static ModelSpec customMlp(List<HiddenLayer> layers) {
        return new ModelSpec(Architecture.CUSTOM_MLP, layers);
    }

    public boolean isConvolutional() {
        return architecture == Architecture.SMALL_CNN;
    }
}
