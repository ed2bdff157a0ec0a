package com.cifarlab.cli;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DataSplit;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.model.ModelSummary;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingEvent;
import com.cifarlab.training.TrainingListener;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.training.dl4j.Dl4jTrainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code train}: trains one network on the command line the way the lab's notebook does, printing
 * Keras-like epoch lines, the test report, and saving the model file.
 */
final class TrainCommand {

    static final String DEFAULT_OUT = "cifar-lab-model.zip";
    static final String USAGE = "train [--preset mlp|cnn] [--epochs N] [--optimizer adam|sgd|rmsprop] [--lr X] "
            + "[--loss ce|mse] [--batch N] [--seed N] [--train-size N] [--patience N] [--out FILE] [--data ARCHIVE-OR-FOLDER]";

    private static final Set<String> OPTIONS = Set.of("--preset", "--epochs", "--optimizer", "--lr", "--loss", "--batch",
            "--seed", "--train-size", "--patience", "--out", "--data");
    private final CifarLabProperties properties;
    private final Clock clock;
    private final PrintStream out;
    private final PrintStream err;

    TrainCommand(CifarLabProperties properties, Clock clock, PrintStream out, PrintStream err) {
        this.properties = properties;
        this.clock = clock;
        this.out = out;
        this.err = err;
    }

    /** The spec the options describe; missing options take the lab's own settings. */
    static TrainingSpec spec(Options options) {
        TrainingSpec lab = TrainingSpec.labDefaults();
        ModelSpec model = options.choice("--preset", Map.of("mlp", ModelSpec.labMlp(), "cnn", ModelSpec.smallCnn()), lab.model());
        Optimizer optimizer = options.choice("--optimizer",
                Map.of("adam", Optimizer.ADAM, "sgd", Optimizer.SGD, "rmsprop", Optimizer.RMSPROP), lab.optimizer());
        LossFunction loss = options.choice("--loss",
                Map.of("ce", LossFunction.CATEGORICAL_CROSSENTROPY, "mse", LossFunction.MEAN_SQUARED_ERROR), lab.loss());
        return new TrainingSpec(model, optimizer, options.decimal("--lr", optimizer.defaultLearningRate()), loss,
                options.integer("--epochs", lab.epochs()), options.integer("--batch", lab.batchSize()),
                options.longInteger("--seed", lab.seed()), options.integer("--train-size", lab.trainSize()),
                options.integer("--patience", lab.earlyStoppingPatience()));
    }

    int run(String[] args) {
        return Failures.guard(err, () -> train(args));
    }

    private int train(String[] args) throws IOException {
        Options options = Options.parse(args, OPTIONS);
        TrainingSpec spec = spec(options);
        Path target = Path.of(options.text("--out").orElse(DEFAULT_OUT));
        out.print(ModelSummary.of(spec.model()).toText());
        out.printf(Locale.ROOT, "Optimizer %s (learning rate %s), loss %s, batch size %d, epochs %d, seed %d%s.%n",
                spec.optimizer(), spec.learningRate(), spec.loss(), spec.batchSize(), spec.epochs(), spec.seed(),
                spec.earlyStoppingPatience() > 0 ? ", early stopping after " + spec.earlyStoppingPatience() + " epochs" : "");
        CifarDataset data = DataSource.load(options.text("--data"), properties, clock);
        DataSplit split = DataSplit.of(data.train().size(), spec.seed());
        Dl4jTrainer trainer = new Dl4jTrainer(new DatasetService(properties), properties, clock);
        TrainingResult result = trainer.train(spec, data, split, new Printer(System.console() != null), new CancelSignal());
        if (result.bestEpoch() != result.epochs().size() && spec.earlyStoppingPatience() > 0) {
            out.println("Stopped early; kept the weights of epoch " + result.bestEpoch() + ".");
        }
        printTestReport(out, result.test());
        result.model().writeTo(target);
        out.println("Model saved to " + target);
        return 0;
    }

    /** Prints the run as Keras does: a line per epoch, and a live batch counter when a person is watching. */
    private final class Printer implements TrainingListener {
        private final boolean interactive;
        private int epochs;

        Printer(boolean interactive) {
            this.interactive = interactive;
        }

        @Override
        public void on(TrainingEvent event) {
            if (event instanceof TrainingEvent.Started started) {
                epochs = started.epochs();
                out.printf(Locale.ROOT, "Train on %d samples, validate on %d samples (%d batches per epoch)%n",
                        started.trainImages(), started.validationImages(), started.batchesPerEpoch());
            } else if (event instanceof TrainingEvent.BatchProgress progress && interactive) {
                out.printf(Locale.ROOT, "\rEpoch %d/%d - batch %d/%d - %.0f samples/s", progress.epoch(), epochs,
                        progress.batch(), progress.batchesPerEpoch(), progress.samplesPerSecond());
            } else if (event instanceof TrainingEvent.EpochEnded ended) {
                out.println((interactive ? "\r" : "") + epochLine(ended.metrics(), epochs));
            }
        }
    }

    static String epochLine(EpochMetrics m, int epochs) {
        return String.format(Locale.ROOT, "Epoch %d/%d - %.1fs - loss: %.4f - accuracy: %.4f - val_loss: %.4f - val_accuracy: %.4f",
                m.epoch(), epochs, m.seconds(), m.trainLoss(), m.trainAccuracy(), m.validationLoss(), m.validationAccuracy());
    }

    static void printTestReport(PrintStream out, TestReport test) {
        out.println();
        out.printf(Locale.ROOT, "test loss: %.4f%n", test.loss());
        out.printf(Locale.ROOT, "test accuracy: %.4f%n", test.accuracy());
        out.println();
        out.print(test.report().toText());
        out.println();
        out.print(test.confusion().toText());
    }
}
