package com.cifarlab.cli;

import com.cifarlab.dataset.DatasetException;
import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.training.InvalidModelFileException;
import com.cifarlab.training.TrainingCancelledException;
import com.cifarlab.training.TrainingFailedException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/** Turns what can go wrong in the engine commands into one sentence on stderr and an exit code. */
final class Failures {

    /** The command ran but could not do its job: a bad file, missing data, a failed run. */
    static final int FAILED = 1;
    /** The command line cannot be run as typed. */
    static final int USAGE = 2;

    private static final Map<String, String> OPTION_OF_FIELD = Map.of("epochs", "--epochs", "batchSize", "--batch",
            "learningRate", "--lr", "trainSize", "--train-size", "earlyStoppingPatience", "--patience");

    @FunctionalInterface
    interface Body {
        int run() throws IOException;
    }

    private Failures() {
    }

    static int guard(PrintStream err, Body body) {
        try {
            return body.run();
        } catch (UsageException e) {
            err.println(e.getMessage());
            return USAGE;
        } catch (InvalidSpecException e) {
            err.println(OPTION_OF_FIELD.getOrDefault(e.field(), e.field()) + ": " + e.getMessage());
            return USAGE;
        } catch (InvalidModelFileException | DatasetException | TrainingFailedException e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (TrainingCancelledException e) {
            err.println("Training was cancelled.");
            return FAILED;
        } catch (IOException e) {
            err.println("Could not write the model file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ").");
            return FAILED;
        }
    }
}
