package com.cifarlab.dataset;

import java.nio.file.Path;
import java.util.List;

/**
 * The imported CIFAR-10: 50,000 training and 10,000 test images with their class names.
 *
 * @param classNames the ten names from {@code batches.meta.txt}, in label order
 * @param train      the five training batches, in file order
 * @param test       the test batch
 * @param location   the folder the batches were read from
 */
public record CifarDataset(List<String> classNames, CifarImages train, CifarImages test, Path location) {

    public CifarDataset {
        classNames = List.copyOf(classNames);
    }

    public int classCount() {
        return classNames.size();
    }
}
