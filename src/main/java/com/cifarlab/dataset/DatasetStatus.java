package com.cifarlab.dataset;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the server knows about its data set, for the Data step and {@code data info}.
 *
 * @param imported    whether a complete, readable data set is in place
 * @param location    the folder it lives in (or would, once imported)
 * @param source      where it came from and when, unless it predates import records or is missing
 * @param trainImages training images (50,000 when imported, else 0)
 * @param testImages  test images (10,000 when imported, else 0)
 * @param problem     why a folder that is there cannot be used
 */
public record DatasetStatus(boolean imported, Path location, Optional<DatasetSource> source,
                            int trainImages, int testImages, Optional<String> problem) {

    static DatasetStatus missing(Path location) {
        return new DatasetStatus(false, location, Optional.empty(), 0, 0, Optional.empty());
    }

    static DatasetStatus of(CifarDataset dataset, Optional<DatasetSource> source) {
        return new DatasetStatus(true, dataset.location(), source, dataset.train().size(), dataset.test().size(),
                Optional.empty());
    }

    static DatasetStatus unusable(Path location, Optional<DatasetSource> source, String problem) {
        return new DatasetStatus(false, location, source, 0, 0, Optional.of(problem));
    }
}
