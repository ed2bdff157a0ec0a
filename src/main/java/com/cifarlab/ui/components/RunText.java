package com.cifarlab.ui.components;

import com.cifarlab.classroom.RunSize;
import com.cifarlab.model.Architecture;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.model.ModelSummary;
import com.cifarlab.model.SmallCnn;
import com.cifarlab.runs.RunProgress;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How runs and their settings read on the pages: the same words on every step, so that "Adam
 * 0.001" in a chart legend means the same as in the runs table.
 */
public final class RunText {

    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneId.systemDefault());

    private static final NumberFormat WHOLE = NumberFormat.getIntegerInstance(Locale.ENGLISH);

    private RunText() {
    }

    /** "Adam", "SGD", "RMSprop": as Keras spells them. */
    public static String optimizer(Optimizer optimizer) {
        return switch (optimizer) {
            case ADAM -> "Adam";
            case SGD -> "SGD";
            case RMSPROP -> "RMSprop";
        };
    }

    /** "Adam 0.001": the optimizer and its learning rate, the short label of a run. */
    public static String optimizerAndRate(TrainingSpec spec) {
        return optimizer(spec.optimizer()) + " " + decimal(spec.learningRate());
    }

    public static String loss(LossFunction loss) {
        return switch (loss) {
            case CATEGORICAL_CROSSENTROPY -> "Cross-entropy";
            case MEAN_SQUARED_ERROR -> "MSE";
        };
    }

    /** "Lab MLP", "Small CNN", "Custom MLP (3 hidden layers)". */
    public static String model(ModelSpec model) {
        return switch (model.architecture()) {
            case LAB_MLP -> "Lab MLP";
            case SMALL_CNN -> "Small CNN";
            case CUSTOM_MLP -> "Custom MLP (" + layers(model.hiddenLayers().size()) + ")";
        };
    }

    /** The model with its layers and size: "Custom MLP: 3 hidden layers (512 ReLU, 256 ReLU, 128 tanh) · 1,738,890 parameters". */
    public static String modelDetails(ModelSpec model) {
        String parameters = WHOLE.format(ModelSummary.of(model).totalParams()) + " parameters";
        if (model.architecture() == Architecture.SMALL_CNN) {
            return "Small CNN: convolutions of " + SmallCnn.FILTERS.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " filters, then a dense layer of " + SmallCnn.DENSE_UNITS + " · " + parameters;
        }
        String name = model.architecture() == Architecture.LAB_MLP ? "Lab MLP" : "Custom MLP";
        String hidden = model.hiddenLayers().stream().map(RunText::layer).collect(Collectors.joining(", "));
        return name + ": " + layers(model.hiddenLayers().size()) + " (" + hidden + ") · " + parameters;
    }

    /** "512 ReLU". */
    private static String layer(HiddenLayer layer) {
        String activation = switch (layer.activation()) {
            case RELU -> "ReLU";
            case SIGMOID -> "sigmoid";
            case TANH -> "tanh";
        };
        return layer.units() + " " + activation;
    }

    private static String layers(int count) {
        return count == 1 ? "1 hidden layer" : count + " hidden layers";
    }

    /**
     * " · computed once for 12 students" or " · identical to the run computed at 10:42" when the
     * run's result is shared, else "".
     */
    public static String sharingNote(RunSnapshot run) {
        if (run.shared() != null && run.shared().reused() && run.computedAt() != null) {
            return " · identical to the run computed at " + clockTime(run.computedAt());
        }
        return run.computedFor() > 1 ? " · computed once for " + run.computedFor() + " students" : "";
    }

    /** "10:42" in the server's time zone. */
    public static String clockTime(Instant at) {
        return CLOCK_TIME.format(at);
    }

    /**
     * What tells one run from another, the same on every page, in notifications and in drop-downs:
     * "Lab MLP · Adam 0.001 · cross-entropy · 10 epochs × 10,000 images · seed 42".
     */
    public static String name(TrainingSpec spec) {
        return model(spec.model()) + " · " + optimizerAndRate(spec) + " · "
                + loss(spec.loss()).toLowerCase(Locale.ROOT).replace("mse", "MSE") + " · "
                + count(spec.epochs(), "epoch") + " × " + WHOLE.format(RunSize.images(spec.trainSize())) + " images"
                + " · seed " + spec.seed();
    }

    /** The name and the rest of the settings: "… · seed 42 · batch 64 · early stopping after 3 epochs". */
    public static String summary(TrainingSpec spec) {
        return name(spec) + " · " + otherSettings(spec);
    }

    /** What the name leaves out: "batch 64", "batch 64 · early stopping after 3 epochs". */
    public static String otherSettings(TrainingSpec spec) {
        String text = "batch " + spec.batchSize();
        return spec.earlyStoppingPatience() > 0
                ? text + " · early stopping after " + count(spec.earlyStoppingPatience(), "epoch") : text;
    }

    /** Where a running run is, in a few words for a table: "epoch 2 of 3 · batch 5 of 16", "testing". */
    public static String phase(RunProgress progress) {
        if (progress.cancelling()) {
            return "cancelling…";
        }
        return switch (progress.phase()) {
            case PREPARING -> "preparing";
            case TRAINING -> "epoch " + progress.epoch() + " of " + progress.epochs() + " · batch "
                    + whole(progress.batch()) + " of " + whole(progress.batchesPerEpoch());
            case VALIDATING -> "epoch " + progress.epoch() + " of " + progress.epochs() + " · validating";
            case TESTING -> "testing";
            case SAVING -> "saving the model";
        };
    }

    public static String state(RunState state) {
        return switch (state) {
            case QUEUED -> "Queued";
            case RUNNING -> "Running";
            case SUCCEEDED -> "Succeeded";
            case FAILED -> "Failed";
            case CANCELLED -> "Cancelled";
            case INTERRUPTED -> "Interrupted";
        };
    }

    /** An accuracy or loss as Keras prints it in its epoch log: "0.412". */
    public static String metric(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** A number without exponent or trailing zeros: 0.0001, not 1.0E-4. */
    public static String decimal(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    public static String whole(long value) {
        return WHOLE.format(value);
    }

    /** "1 epoch", "3 epochs". */
    public static String count(long n, String noun) {
        return WHOLE.format(n) + " " + noun + (n == 1 ? "" : "s");
    }

    /** A rough span for people: "less than a minute", "about 4 min", "about 1 h 20 min". */
    public static String about(Duration duration) {
        long minutes = Math.round(Math.max(0, duration.toSeconds()) / 60.0);
        if (minutes < 1) {
            return "less than a minute";
        }
        if (minutes < 60) {
            return "about " + minutes + " min";
        }
        long rest = minutes % 60;
        return "about " + minutes / 60 + " h" + (rest == 0 ? "" : " " + rest + " min");
    }
}
