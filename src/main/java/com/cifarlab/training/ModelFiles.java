package com.cifarlab.training;

import com.cifarlab.evaluation.TestReport;
import java.nio.file.Path;

/**
 * Reads the model files runs produce and students upload, without exposing the engine behind them.
 * Every method checks the file completely and answers a bad one with an
 * {@link InvalidModelFileException} whose message is one clear sentence.
 */
public interface ModelFiles {

    /** Loads and checks {@code file} and returns its card. */
    ModelCard inspect(Path file);

    /** Evaluates the model in {@code file} on the imported test set. */
    TestReport evaluate(Path file);
}
