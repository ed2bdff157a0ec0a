package com.cifarlab.dataset;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;

import com.cifarlab.dataset.ImportProgress.Phase;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way CIFAR-10 gets into the data folder, whether from a {@code .tar.gz}, an extracted
 * folder or a download: unpack or copy into a hidden staging folder next to the data set, check
 * every byte with {@link CifarBinaryFormat#verify}, and only then rename it into place. So the
 * data folder only ever holds a complete, checked data set or the one it had before; a crash
 * leaves at most a hidden {@code .import-*} folder, which the next import removes.
 */
public final class DatasetImporter {

    public static final String SOURCE_FILE = "source.properties";
    static final String STAGING_PREFIX = ".import-";
    static final String PREVIOUS = "previous";
    static final String LOCK_FILE = ".import.lock";
    static final String PART_FILE = "cifar-10-binary.tar.gz.part";
    private static final String SOURCE_KEY = "source";
    private static final String IMPORTED_AT_KEY = "importedAt";
    private static final int BUFFER = 1 << 16;
    private static final String CHOOSE = "choose the cifar-10-binary.tar.gz archive, the cifar-10-batches-bin folder"
            + " or the folder that holds it";

    private static final Logger log = LoggerFactory.getLogger(DatasetImporter.class);

    private final Path dataDir;
    private final Clock clock;

    public DatasetImporter(Path dataDir, Clock clock) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.clock = clock;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Where the checked data set lives: {@code <dataDir>/cifar-10-batches-bin}. */
    public Path batchesFolder() {
        return dataDir.resolve(CifarBinaryFormat.FOLDER);
    }

    /**
     * Imports from a {@code .tar.gz} holding a {@code cifar-10-batches-bin} folder anywhere inside,
     * from that folder itself, or from a folder that holds it, replacing any earlier import only
     * once the new one has passed every check.
     *
     * @throws DatasetException with one sentence naming the file and the problem; the previous
     *                          data set is then untouched
     */
    public DatasetSource importFrom(Path source, Consumer<ImportProgress> listener) {
        Path absolute = source.toAbsolutePath().normalize();
        requireExists(absolute);
        try (HeldLock lock = requireLock()) {
            return importLocked(absolute, absolute.toString(), listener);
        }
    }

    /**
     * Downloads the archive (resuming an earlier partial download), checks its MD5 and imports it
     * like {@link #importFrom}. The partial file lives in the data folder so a resume survives a
     * restart; it is deleted once its checksum matched.
     */
    public DatasetSource download(ArchiveDownloader downloader, Consumer<ImportProgress> listener) {
        try (HeldLock lock = requireLock()) {
            Path part = dataDir.resolve(PART_FILE);
            downloader.download(part, listener);
            try {
                return importLocked(part, downloader.url(), listener);
            } finally {
                deleteQuietly(part);
            }
        }
    }

    /** Where the current data set came from, if it was imported by this class. */
    public Optional<DatasetSource> source() {
        Path file = batchesFolder().resolve(SOURCE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            String origin = properties.getProperty(SOURCE_KEY);
            String importedAt = properties.getProperty(IMPORTED_AT_KEY);
            if (origin == null || importedAt == null) {
                return Optional.empty();
            }
            return Optional.of(new DatasetSource(origin, Instant.parse(importedAt)));
        } catch (IOException | DateTimeParseException e) {
            log.warn("{} cannot be read, so the data set's origin is unknown: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Removes what a crashed import left behind, unless an import is running right now. */
    public void cleanUpStale() {
        if (Files.isDirectory(dataDir)) {
            tryLock().ifPresent(lock -> {
                try (lock) {
                    cleanUpStaleLocked();
                }
            });
        }
    }

    private DatasetSource importLocked(Path source, String origin, Consumer<ImportProgress> listener) {
        cleanUpStaleLocked();
        requireExists(source);
        log.info("Importing CIFAR-10 from {} into {}", origin, batchesFolder());
        Path staging = null;
        try {
            staging = Files.createTempDirectory(dataDir, STAGING_PREFIX);
            Path staged = Files.createDirectory(staging.resolve(CifarBinaryFormat.FOLDER));
            UnaryOperator<String> shownAs = Files.isDirectory(source)
                    ? copyFolder(source, staged, listener)
                    : extractArchive(source, origin, staged, listener);
            long checked = check(staged, shownAs, origin, listener);
            DatasetSource record = new DatasetSource(origin, clock.instant());
            writeSource(staged, record);
            swapIn(staged, staging);
            listener.accept(new ImportProgress(Phase.DONE, checked, checked, 0));
            log.info("Imported CIFAR-10 from {} into {}", origin, batchesFolder());
            return record;
        } catch (IOException e) {
            throw new DatasetException("Importing " + origin + " into " + dataDir + " failed: "
                    + CifarBinaryFormat.describe(e) + ".", e);
        } finally {
            if (staging != null) {
                deleteQuietly(staging);
            }
        }
    }

    private static void requireExists(Path source) {
        if (!Files.exists(source)) {
            throw new DatasetException(source + " does not exist.");
        }
    }

    private UnaryOperator<String> copyFolder(Path source, Path staged, Consumer<ImportProgress> listener)
            throws IOException {
        Path folder = locateBatches(source);
        UnaryOperator<String> shownAs = name -> folder.resolve(name).toString();
        CifarBinaryFormat.checkLayout(folder, shownAs);
        long total = 0;
        for (String name : CifarBinaryFormat.FILES) {
            total += Files.size(folder.resolve(name));
        }
        ProgressMeter meter = new ProgressMeter(Phase.EXTRACTING, 0, total, clock, listener, source.toString());
        for (String name : CifarBinaryFormat.FILES) {
            try (InputStream in = new MeteredInputStream(Files.newInputStream(folder.resolve(name)), meter)) {
                write(in, staged.resolve(name));
            }
        }
        meter.finish();
        return shownAs;
    }

    private static Path locateBatches(Path source) throws IOException {
        Path nested = source.resolve(CifarBinaryFormat.FOLDER);
        if (Files.isDirectory(nested)) {
            return nested;
        }
        if (CifarBinaryFormat.FILES.stream().anyMatch(name -> Files.exists(source.resolve(name)))) {
            return source;
        }
        try (Stream<Path> children = Files.list(source)) {
            if (children.findAny().isEmpty()) {
                throw new DatasetException(source + " is an empty folder; " + CHOOSE + ".");
            }
        }
        throw new DatasetException(source + " holds neither a " + CifarBinaryFormat.FOLDER
                + " folder nor the CIFAR-10 batch files; " + CHOOSE + ".");
    }

    private UnaryOperator<String> extractArchive(Path archive, String origin, Path staged,
                                                 Consumer<ImportProgress> listener) throws IOException {
        requireGzip(archive, origin);
        ProgressMeter meter = new ProgressMeter(Phase.EXTRACTING, 0, Files.size(archive), clock, listener, origin);
        String folder = null;
        String current = null;
        try (InputStream raw = new MeteredInputStream(Files.newInputStream(archive), meter);
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new GzipCompressorInputStream(new BufferedInputStream(raw, BUFFER)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Optional<BatchEntry> batchEntry = isRegularFile(entry) ? BatchEntry.of(entry.getName()) : Optional.empty();
                if (batchEntry.isEmpty()) {
                    continue;
                }
                if (folder == null) {
                    folder = batchEntry.get().folder();
                } else if (!folder.equals(batchEntry.get().folder())) {
                    log.warn("Ignoring {} in {}: the archive's first {} folder is {}", entry.getName(), origin,
                            CifarBinaryFormat.FOLDER, folder);
                    continue;
                }
                String name = batchEntry.get().name();
                CifarBinaryFormat.checkSize(name, entry.getSize(), archiveNames(folder, origin));
                current = entry.getName();
                write(tar, staged.resolve(name));
            }
        } catch (EOFException e) {
            throw new DatasetException(origin + " is truncated: the archive ends "
                    + (current == null ? "early" : "inside " + current) + "; download or copy it again.", e);
        } catch (IOException e) {
            throw new DatasetException(origin + " is damaged and cannot be unpacked: "
                    + CifarBinaryFormat.describe(e) + ".", e);
        }
        if (folder == null) {
            throw new DatasetException(origin + " has no " + CifarBinaryFormat.FOLDER
                    + " folder, so it is not the CIFAR-10 binary version (cifar-10-binary.tar.gz).");
        }
        meter.finish();
        return archiveNames(folder, origin);
    }

    private static UnaryOperator<String> archiveNames(String folder, String origin) {
        return name -> folder + "/" + name + " in " + origin;
    }

    private static void requireGzip(Path archive, String origin) throws IOException {
        byte[] magic;
        try (InputStream in = Files.newInputStream(archive)) {
            magic = in.readNBytes(2);
        }
        if (magic.length < 2 || (magic[0] & 0xFF) != 0x1f || (magic[1] & 0xFF) != 0x8b) {
            throw new DatasetException(origin + " is not a .tar.gz archive (it is not gzip-compressed); " + CHOOSE + ".");
        }
    }

    /** Links, devices and folders are skipped: an import only ever writes the seven known files. */
    private static boolean isRegularFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return !entry.isDirectory()
                && (flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG);
    }

    private long check(Path staged, UnaryOperator<String> shownAs, String origin, Consumer<ImportProgress> listener) {
        long total = CifarBinaryFormat.BATCH_BYTES * CifarBinaryFormat.allBatches().size();
        ProgressMeter meter = new ProgressMeter(Phase.CHECKING, 0, total, clock, listener, origin);
        CifarBinaryFormat.verify(staged, shownAs, meter::add);
        meter.finish();
        return meter.done();
    }

    private static void writeSource(Path staged, DatasetSource source) throws IOException {
        Properties properties = new Properties();
        properties.setProperty(SOURCE_KEY, source.origin());
        properties.setProperty(IMPORTED_AT_KEY, source.importedAt().toString());
        try (Writer writer = Files.newBufferedWriter(staged.resolve(SOURCE_FILE), StandardCharsets.UTF_8)) {
            properties.store(writer, "Where this CIFAR-10 copy was imported from");
        }
    }

    /**
     * Two renames on one file system: the old data set aside into the staging folder, the new one
     * in. A crash between them leaves the old one in {@code .import-*}/previous, from where
     * {@link #cleanUpStaleLocked} puts it back.
     */
    private void swapIn(Path staged, Path staging) throws IOException {
        Path target = batchesFolder();
        Path previous = staging.resolve(PREVIOUS);
        boolean replacing = Files.exists(target, NOFOLLOW_LINKS);
        if (replacing) {
            Files.move(target, previous, ATOMIC_MOVE);
        }
        try {
            Files.move(staged, target, ATOMIC_MOVE);
        } catch (IOException e) {
            if (replacing) {
                Files.move(previous, target, ATOMIC_MOVE);
            }
            throw e;
        }
    }

    private void cleanUpStaleLocked() {
        List<Path> stale;
        try (Stream<Path> children = Files.list(dataDir)) {
            stale = children.filter(child -> child.getFileName().toString().startsWith(STAGING_PREFIX)
                    && Files.isDirectory(child, NOFOLLOW_LINKS)).toList();
        } catch (IOException e) {
            log.warn("Cannot look for folders left by interrupted imports in {}: {}", dataDir, e.getMessage());
            return;
        }
        for (Path staging : stale) {
            Path previous = staging.resolve(PREVIOUS);
            try {
                if (Files.exists(previous, NOFOLLOW_LINKS) && !Files.exists(batchesFolder(), NOFOLLOW_LINKS)) {
                    Files.move(previous, batchesFolder(), ATOMIC_MOVE);
                    log.warn("An import was interrupted while swapping data sets; restored the previous one from {}",
                            previous);
                }
            } catch (IOException e) {
                log.warn("Cannot restore the previous data set from {}: {}", previous, e.getMessage());
                continue;
            }
            deleteQuietly(staging);
            log.info("Removed {}, left behind by an interrupted import", staging);
        }
    }

    private HeldLock requireLock() {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new DatasetException("The data folder " + dataDir + " cannot be created: "
                    + CifarBinaryFormat.describe(e) + ".", e);
        }
        return tryLock().orElseThrow(() -> new DatasetException("Another import into " + dataDir
                + " is running; wait until it has finished and try again."));
    }

    /**
     * A file lock, so one import at a time also holds across processes (the dashboard and a
     * {@code data import} on the same folder). Within this JVM a second attempt fails with
     * {@link OverlappingFileLockException}, which means the same.
     */
    private Optional<HeldLock> tryLock() {
        FileChannel channel;
        try {
            channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new DatasetException("The data folder " + dataDir + " is not writable: "
                    + CifarBinaryFormat.describe(e) + ".", e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(channel);
            return Optional.empty();
        }
        return Optional.of(new HeldLock(channel));
    }

    /**
     * Copies a stream into a new file. Failures to write become their own message, so a full disk
     * is not reported as a damaged archive; failures to read stay {@link IOException}s.
     */
    private void write(InputStream in, Path target) throws IOException {
        OutputStream out;
        try {
            out = Files.newOutputStream(target);
        } catch (IOException e) {
            throw cannotWrite(e);
        }
        byte[] buffer = new byte[BUFFER];
        try (out) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw cannotWrite(e);
                }
            }
        }
    }

    private DatasetException cannotWrite(IOException e) {
        return new DatasetException("Cannot write the data set into " + dataDir + ": "
                + CifarBinaryFormat.describe(e) + ".", e);
    }

    private static void deleteQuietly(Path path) {
        try {
            if (Files.isDirectory(path, NOFOLLOW_LINKS)) {
                Files.walkFileTree(path, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", path, e.getMessage());
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("Closing the import lock failed", e);
        }
    }

    /** The held import lock; closing its channel releases it. */
    private record HeldLock(FileChannel channel) implements AutoCloseable {
        @Override
        public void close() {
            closeQuietly(channel);
        }
    }

    /**
     * A file of the data set inside an archive: {@code <anything>/cifar-10-batches-bin/<known name>}.
     * Entries climbing out with {@code ..} are never one, whatever follows.
     */
    private record BatchEntry(String folder, String name) {

        static Optional<BatchEntry> of(String entryName) {
            List<String> parts = Arrays.stream(entryName.replace('\\', '/').split("/"))
                    .filter(part -> !part.isEmpty() && !part.equals("."))
                    .toList();
            if (parts.size() < 2 || parts.contains("..")) {
                return Optional.empty();
            }
            String name = parts.get(parts.size() - 1);
            if (!parts.get(parts.size() - 2).equals(CifarBinaryFormat.FOLDER) || !CifarBinaryFormat.FILES.contains(name)) {
                return Optional.empty();
            }
            return Optional.of(new BatchEntry(String.join("/", parts.subList(0, parts.size() - 1)), name));
        }
    }

    /** Reports the bytes read through it to a meter: compressed bytes for an archive, so percent is honest. */
    private static final class MeteredInputStream extends FilterInputStream {

        private final ProgressMeter meter;

        MeteredInputStream(InputStream in, ProgressMeter meter) {
            super(in);
            this.meter = meter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                meter.add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                meter.add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            meter.add(skipped);
            return skipped;
        }
    }
}
