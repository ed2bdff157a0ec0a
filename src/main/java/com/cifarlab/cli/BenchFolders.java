package com.cifarlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The runs folders benches make for themselves, so that they never touch the server's own. */
final class BenchFolders {

    private BenchFolders() {
    }

    static Path temporary(String bench) {
        try {
            return Files.createTempDirectory("cifar-lab-" + bench + "-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
