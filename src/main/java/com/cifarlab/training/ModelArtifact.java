package com.cifarlab.training;

import java.io.IOException;
import java.nio.file.Path;

/** A trained model that can be written as the single downloadable file of its run. */
@FunctionalInterface
public interface ModelArtifact {

    /** Writes the model file (a zip with the network and its JSON card) to {@code file}. */
    void writeTo(Path file) throws IOException;
}
