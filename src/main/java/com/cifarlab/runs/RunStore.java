package com.cifarlab.runs;

import com.cifarlab.storage.AtomicFiles;
import com.cifarlab.storage.StoredJson;
import com.cifarlab.training.ModelArtifact;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs on disk: {@code <runsDir>/<runId>/run.json} and {@code model.zip}. Every file is
 * written to a temporary name in the same folder, flushed to the device and then renamed over
 * the real one, so a reader (or a restart after a crash) sees the old file or the new one,
 * never half of one. The run service writes the model before the record that says SUCCEEDED.
 */
final class RunStore {

    static final String RECORD_FILE = "run.json";
    static final String MODEL_FILE = "model.zip";
    static final String TEMP_SUFFIX = AtomicFiles.TEMP_SUFFIX;
    /**
     * The format of run.json, its first field: the fields of {@link RunRecord}. Format 1 files, from
     * before it was written, have the same fields and no format. A newer format than this one is
     * listed as damaged (its files kept), never half read.
     */
    static final int FORMAT = 2;
    static final String FORMAT_FIELD = "format";

    private static final Logger log = LoggerFactory.getLogger(RunStore.class);

    private static final ObjectMapper JSON = StoredJson.MAPPER;

    private final Path runsDir;

    RunStore(Path runsDir) {
        this.runsDir = runsDir;
    }

    /**
     * Every run on disk. A folder whose record cannot be used is listed as damaged, with its model
     * file if it has one, rather than dropped; leftovers of interrupted writes are deleted.
     */
    RunRepository.Contents load() {
        if (!Files.isDirectory(runsDir)) {
            return new RunRepository.Contents(List.of(), List.of());
        }
        List<RunRecord> records = new ArrayList<>();
        List<DamagedRun> damaged = new ArrayList<>();
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(runsDir, RunStore::isRunFolder)) {
            for (Path folder : folders) {
                deleteLeftovers(folder);
                try {
                    records.add(read(folder));
                } catch (DamagedRecordException e) {
                    log.warn("Run folder {} is damaged: {}", folder, e.getMessage());
                    damaged.add(new DamagedRun(folder.getFileName().toString(), e.getMessage(), modelBytes(folder)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The runs folder " + runsDir + " cannot be read", e);
        }
        records.sort(Comparator.comparing(RunRecord::submittedAt).thenComparing(RunRecord::id));
        damaged.sort(Comparator.comparing(DamagedRun::folder));
        return new RunRepository.Contents(records, damaged);
    }

    /** Dot-folders beside the runs hold the class's other records (its lab sessions). */
    private static boolean isRunFolder(Path path) {
        return Files.isDirectory(path) && !path.getFileName().toString().startsWith(".");
    }

    /** Why a folder's record cannot be used, as a person reads it. */
    private static final class DamagedRecordException extends Exception {
        DamagedRecordException(String reason) {
            super(reason);
        }
    }

    private RunRecord read(Path folder) throws DamagedRecordException {
        Path file = folder.resolve(RECORD_FILE);
        if (!Files.isRegularFile(file)) {
            throw new DamagedRecordException("it has no " + RECORD_FILE);
        }
        RunRecord record;
        try {
            ObjectNode stored = (ObjectNode) JSON.readTree(file.toFile());
            // Records written before the format was kept have none: they are format 1, the same fields.
            int format = stored.path(FORMAT_FIELD).asInt(1);
            if (format > FORMAT) {
                throw new DamagedRecordException("its " + RECORD_FILE + " is of format " + format
                        + ", written by a newer CIFAR Lab than this one (format " + FORMAT + ")");
            }
            stored.remove(FORMAT_FIELD);
            record = JSON.treeToValue(stored, RunRecord.class);
        } catch (IOException | RuntimeException e) {
            throw new DamagedRecordException("its " + RECORD_FILE + " cannot be read (it may be truncated)");
        }
        if (!record.id().equals(folder.getFileName().toString())) {
            throw new DamagedRecordException("its " + RECORD_FILE + " describes run " + record.id() + ", not "
                    + folder.getFileName());
        }
        return record;
    }

    private static long modelBytes(Path folder) {
        try {
            Path model = folder.resolve(MODEL_FILE);
            return Files.isRegularFile(model) ? Files.size(model) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteLeftovers(Path folder) throws IOException {
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, "*" + TEMP_SUFFIX)) {
            for (Path temp : temps) {
                log.info("Deleting {}, left by a write the server did not finish", temp);
                Files.deleteIfExists(temp);
            }
        }
    }

    void save(RunRecord record) {
        Path folder = folder(record.id());
        boolean existed = Files.isDirectory(folder);
        try {
            ObjectNode stored = JSON.createObjectNode().put(FORMAT_FIELD, FORMAT);
            stored.setAll((ObjectNode) JSON.valueToTree(record));
            AtomicFiles.write(folder.resolve(RECORD_FILE), file -> JSON.writeValue(file.toFile(), stored));
        } catch (IOException e) {
            if (!existed) {
                // A run that could not be recorded leaves no empty folder to puzzle over.
                deleteQuietly(folder);
            }
            throw new UncheckedIOException("The record of run " + record.id() + " cannot be written", e);
        }
    }

    private static void deleteQuietly(Path emptyFolder) {
        try {
            Files.deleteIfExists(emptyFolder);
        } catch (IOException e) {
            log.debug("{} could not be removed", emptyFolder, e);
        }
    }

    /** Writes the model and returns what was written. */
    StoredModel saveModel(String runId, ModelArtifact model) throws IOException {
        Path target = folder(runId).resolve(MODEL_FILE);
        AtomicFiles.write(target, model::writeTo);
        return StoredModel.of(target);
    }

    /**
     * Gives run {@code toRunId} the model of run {@code fromRunId}: a hard link (no copy, no extra
     * disk) or, where the file system has none, a copy written atomically. The bytes are the same,
     * so {@code sourceModel} (size and checksum) holds for the new file without hashing it again.
     */
    StoredModel shareModel(String fromRunId, String toRunId, StoredModel sourceModel) throws IOException {
        Path source = folder(fromRunId).resolve(MODEL_FILE);
        Path target = folder(toRunId).resolve(MODEL_FILE);
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        try {
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | IOException e) {
            AtomicFiles.write(target, temp -> Files.copy(source, temp, java.nio.file.StandardCopyOption.REPLACE_EXISTING));
        }
        return sourceModel != null ? sourceModel : StoredModel.of(target);
    }

    /** Deletes a run's folder and what is in it (a record and no model: a run refused after it was written). */
    void delete(String runId) {
        Path folder = folder(runId);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            log.warn("The folder of refused run {} could not be removed: {}", runId, String.valueOf(e));
        }
    }

    /** Whether a folder of that name exists, readable or not (new ids must not reuse it). */
    boolean exists(String runId) {
        return Files.exists(folder(runId));
    }

    /**
     * The run's model file while it still has the size it was saved with (a cheap check, for
     * lists); a record from before sizes were kept only needs the file to be there.
     */
    Optional<Path> model(String runId, StoredModel saved) {
        Path file = folder(runId).resolve(MODEL_FILE);
        boolean usable = saved == null ? Files.isRegularFile(file) : saved.sizeMatches(file);
        return usable ? Optional.of(file) : Optional.empty();
    }

    private Path folder(String runId) {
        return runsDir.resolve(runId);
    }
}
