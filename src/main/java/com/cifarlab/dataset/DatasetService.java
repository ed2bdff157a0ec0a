package com.cifarlab.dataset;

import com.cifarlab.config.CifarLabProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/**
 * The one in-memory copy of CIFAR-10 for the whole server, and the splits derived from it.
 * Every view and every run reads the same bytes.
 */
@Service
public class DatasetService {

    private final Path dataDir;
    private final Map<Long, DataSplit> splits = new ConcurrentHashMap<>();
    private volatile CifarDataset dataset;

    public DatasetService(CifarLabProperties properties) {
        this.dataDir = properties.dataDir();
    }

    /** The folder the imported batches live in. */
    public Path batchesFolder() {
        return dataDir.resolve(CifarBinaryFormat.FOLDER);
    }

    /** The data set, read from {@link #batchesFolder()} on first use, or empty when none is imported. */
    public synchronized Optional<CifarDataset> current() {
        if (dataset == null && Files.isDirectory(batchesFolder())) {
            dataset = CifarBinaryFormat.read(batchesFolder());
        }
        return Optional.ofNullable(dataset);
    }

    /** The data set, or a {@link DatasetException} that tells how to import it. */
    public CifarDataset require() {
        return current().orElseThrow(() -> new DatasetException(
                "CIFAR-10 is not imported yet: import it on the Data step, or run "
                        + "'java -jar cifar-lab.jar data import <cifar-10-binary.tar.gz or folder>'."));
    }

    /** The lab's 80/20 split of the training images for {@code seed}, computed once per seed. */
    public DataSplit split(long seed) {
        int images = require().train().size();
        return splits.computeIfAbsent(seed, s -> DataSplit.of(images, s));
    }
}
