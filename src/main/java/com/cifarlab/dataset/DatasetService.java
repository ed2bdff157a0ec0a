package com.cifarlab.dataset;

import com.cifarlab.config.CifarLabProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The one in-memory copy of CIFAR-10 for the whole server, and the splits derived from it.
 * Every view and every run reads the same bytes. Imports and downloads go through
 * {@link DatasetImporter}, one at a time, and replace the in-memory copy once they succeeded.
 */
@Service
public class DatasetService {

    private final DatasetImporter importer;
    private final ArchiveDownloader downloader;
    private final Map<Long, DataSplit> splits = new ConcurrentHashMap<>();
    private volatile CifarDataset dataset;
    private CifarDataset fingerprintOf;
    private String fingerprint;

    /** For Spring: uses the application's {@link Clock} bean when there is one. */
    @Autowired
    public DatasetService(CifarLabProperties properties, ObjectProvider<Clock> clock) {
        this(properties, clock.getIfAvailable(Clock::systemUTC));
    }

    public DatasetService(CifarLabProperties properties) {
        this(properties, Clock.systemUTC());
    }

    private DatasetService(CifarLabProperties properties, Clock clock) {
        this(new DatasetImporter(properties.dataDir(), clock),
                new ArchiveDownloader(properties.downloadUrl(), ArchiveDownloader.OFFICIAL_MD5, clock));
    }

    public DatasetService(DatasetImporter importer, ArchiveDownloader downloader) {
        this.importer = importer;
        this.downloader = downloader;
        importer.cleanUpStale();
    }

    /** The folder the imported batches live in. */
    public Path batchesFolder() {
        return importer.batchesFolder();
    }

    /** The data set, read from {@link #batchesFolder()} on first use, or empty when none is imported. */
    public synchronized Optional<CifarDataset> current() {
        if (dataset == null && Files.isDirectory(batchesFolder())) {
            dataset = CifarBinaryFormat.read(batchesFolder());
        }
        return Optional.ofNullable(dataset);
    }

    /**
     * A SHA-256 over the imported batch files, computed once per import: runs on other data
     * (another import, a changed file) must not be taken for identical ones. "none" without data.
     */
    public synchronized String fingerprint() {
        Optional<CifarDataset> data = current();
        if (data.isEmpty()) {
            return "none";
        }
        if (fingerprintOf != data.get()) {
            fingerprint = hashBatches();
            fingerprintOf = data.get();
        }
        return fingerprint;
    }

    private String hashBatches() {
        try (var files = Files.list(batchesFolder())) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(file)) {
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            // Training on these files fails with its own message; a failed run is never reused.
            return "unreadable";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
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

    /**
     * The split for {@code seed} with only {@code trainSize} training images, equally many per
     * class, for quick runs; the validation images stay those of {@link #split(long)}.
     */
    public DataSplit split(long seed, int trainSize) {
        return split(seed).withBalancedSubset(trainSize, require().train(), CifarBinaryFormat.CLASSES, seed);
    }

    /** Whether a data set is in place, where it came from and how many images it has; loads it if needed. */
    public DatasetStatus status() {
        Optional<DatasetSource> source = importer.source();
        try {
            return current().map(loaded -> DatasetStatus.of(loaded, source))
                    .orElseGet(() -> DatasetStatus.missing(batchesFolder()));
        } catch (DatasetException e) {
            return DatasetStatus.unusable(batchesFolder(), source, e.getMessage());
        }
    }

    /**
     * Imports a {@code .tar.gz} or an extracted folder and makes it the data set everyone sees.
     *
     * @throws DatasetException when the input is unusable or another import is running; the
     *                          previous data set then stays in place and in memory
     */
    public DatasetStatus importFrom(Path source, Consumer<ImportProgress> listener) {
        importer.importFrom(source, listener);
        return reload();
    }

    /** Downloads the official archive (resuming a partial one), checks it and imports it like {@link #importFrom}. */
    public DatasetStatus download(Consumer<ImportProgress> listener) {
        importer.download(downloader, listener);
        return reload();
    }

    private synchronized DatasetStatus reload() {
        // Drop the old bytes before reading the new ones so the server holds one copy, not two.
        dataset = null;
        splits.clear();
        return status();
    }
}
