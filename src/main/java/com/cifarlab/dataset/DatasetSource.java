package com.cifarlab.dataset;

import java.time.Instant;
import java.util.Objects;

/**
 * Where the imported data set came from, so the CLI and the Data step can say "imported from X
 * on D".
 *
 * @param origin     the archive, folder or URL it was imported from
 * @param importedAt when the import finished
 */
public record DatasetSource(String origin, Instant importedAt) {

    public DatasetSource {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(importedAt, "importedAt");
    }
}
