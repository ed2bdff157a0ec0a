package com.cifarlab.cli;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.CifarBinaryFormat;
import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DatasetException;
import com.cifarlab.dataset.DatasetImporter;
import com.cifarlab.dataset.DatasetService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the engine commands read CIFAR-10 from: the {@code --data} folder or archive when given,
 * else the imported data set. An archive goes through the one import path into a private
 * temporary folder, removed once the images are in memory, so it never replaces the imported data.
 */
final class DataSource {

    private DataSource() {
    }

    static CifarDataset load(Optional<String> data, CifarLabProperties properties, Clock clock) {
        if (data.isEmpty()) {
            return new DatasetService(properties).require();
        }
        Path path = Path.of(data.get());
        if (Files.isDirectory(path)) {
            Path inner = path.resolve(CifarBinaryFormat.FOLDER);
            return CifarBinaryFormat.read(Files.isDirectory(inner) ? inner : path);
        }
        Path temp = null;
        try {
            temp = Files.createTempDirectory("cifar-lab-data");
            DatasetImporter importer = new DatasetImporter(temp, clock);
            importer.importFrom(path, progress -> { });
            return CifarBinaryFormat.read(importer.batchesFolder());
        } catch (IOException e) {
            throw new DatasetException("No temporary folder for unpacking " + path + " (" + e.getMessage() + ").", e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A leftover temporary folder is harmless; the images are in memory already.
        }
    }
}
