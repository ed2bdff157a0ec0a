package com.cifarlab.runs;

import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * Short names for runs, the same on every page: a student recognises "Adam 0.001" in a
 * notification, on the leaderboard and in their list of runs.
 */
public final class RunLabels {

    private RunLabels() {
    }

    /** The optimizer and learning rate, e.g. "Adam 0.001": what the lab's runs mostly differ in. */
    public static String of(TrainingSpec spec) {
        return optimizer(spec.optimizer()) + " " + number(spec.learningRate());
    }

    /** The network, e.g. "Lab MLP", "Custom MLP, 3 hidden layers" or "Small CNN". */
    public static String model(ModelSpec model) {
        return switch (model.architecture()) {
            case LAB_MLP -> "Lab MLP";
            case SMALL_CNN -> "Small CNN";
            case CUSTOM_MLP -> "Custom MLP, " + model.hiddenLayers().size()
                    + (model.hiddenLayers().size() == 1 ? " hidden layer" : " hidden layers");
        };
    }

    /** Everything that tells runs apart at a glance, e.g. "Lab MLP · Adam 0.001 · 2 epochs · 500 images". */
    public static String describe(TrainingSpec spec) {
        return model(spec.model()) + " · " + of(spec) + " · " + spec.epochs() + (spec.epochs() == 1 ? " epoch" : " epochs")
                + " · " + (spec.trainSize() == 0 ? "all images" : String.format(Locale.ROOT, "%,d images", spec.trainSize()));
    }

    /** "Adam", "SGD", "RMSprop", as Keras spells them; also the names of the dashboard's optimizer choice. */
    public static String optimizer(Optimizer optimizer) {
        return switch (optimizer) {
            case ADAM -> "Adam";
            case SGD -> "SGD";
            case RMSPROP -> "RMSprop";
        };
    }

    /** 0.001 rather than 1.0E-3: learning rates are read off the lab sheet. */
    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
