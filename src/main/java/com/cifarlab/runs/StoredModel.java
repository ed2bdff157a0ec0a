package com.cifarlab.runs;

import com.cifarlab.storage.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a run's model file was when it was saved: its size and SHA-256. A model is served only
 * while the file still matches, so a file truncated or changed on disk is never handed out as
 * the run's model.
 */
public record StoredModel(long size, String sha256) {

    static StoredModel of(Path file) throws IOException {
        return new StoredModel(Files.size(file), Sha256.of(file));
    }

    /** The cheap check, for lists: the file is there and has its size. */
    boolean sizeMatches(Path file) {
        try {
            return Files.isRegularFile(file) && Files.size(file) == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** The full check, before the file is served. */
    boolean matches(Path file) {
        try {
            return sizeMatches(file) && Sha256.of(file).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }
}
