package com.cifarlab.cli;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.CifarBinaryFormat;
import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DatasetException;
import com.cifarlab.dataset.DatasetService;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Where a command reads CIFAR-10 from: the {@code --data} folder or archive when given, else the
 * imported data set. An archive is unpacked into a private temporary folder that is removed after
 * reading; only the seven known files are taken from it, by name, so entry paths cannot escape.
 */
final class DataSource {

    private DataSource() {
    }

    static CifarDataset load(Optional<String> data, CifarLabProperties properties) {
        if (data.isEmpty()) {
            return new DatasetService(properties).require();
        }
        Path path = Path.of(data.get());
        if (Files.isDirectory(path)) {
            Path inner = path.resolve(CifarBinaryFormat.FOLDER);
            return CifarBinaryFormat.read(Files.isDirectory(inner) ? inner : path);
        }
        if (Files.isRegularFile(path)) {
            return readArchive(path);
        }
        throw new DatasetException(path + " does not exist; give a cifar-10-binary.tar.gz or an extracted "
                + CifarBinaryFormat.FOLDER + " folder.");
    }

    private static CifarDataset readArchive(Path archive) {
        Set<String> wanted = new HashSet<>(CifarBinaryFormat.TRAIN_BATCHES);
        wanted.add(CifarBinaryFormat.TEST_BATCH);
        wanted.add(CifarBinaryFormat.META);
        Path temp = null;
        try {
            temp = Files.createTempDirectory("cifar-lab-data");
            Path folder = Files.createDirectory(temp.resolve(CifarBinaryFormat.FOLDER));
            try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 20);
                 TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
                for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                    String name = Path.of(entry.getName()).getFileName().toString();
                    if (entry.isFile() && wanted.contains(name)) {
                        Files.copy(tar, folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return CifarBinaryFormat.read(folder);
        } catch (IOException e) {
            throw new DatasetException(archive + " is not a readable CIFAR-10 .tar.gz archive (" + e.getMessage() + ").", e);
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
            // A leftover temporary folder is harmless; the data was read already.
        }
    }
}
