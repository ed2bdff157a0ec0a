package com.cifarlab.runs;

import com.cifarlab.training.ModelArtifact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where run records and model files are kept. The run service decides under its lock and calls
 * {@link #update} there, which only queues the write; everything that touches the disk for longer
 * ({@link #create}, models) is called outside the lock.
 */
public interface RunRepository {

    /** What is kept: the readable runs, oldest submission first, and the folders that could not be read. */
    record Contents(List<RunRecord> records, List<DamagedRun> damaged) {

        public Contents {
            records = List.copyOf(records);
            damaged = List.copyOf(damaged);
        }
    }

    /** Everything kept, read once at start. */
    Contents load();

    /**
     * Keeps a new run's first record before returning: a run is accepted only once it is kept.
     *
     * @throws java.io.UncheckedIOException when it cannot be written (nothing of it is left behind)
     */
    void create(RunRecord record);

    /** Takes a changed record and returns at once: it is kept shortly after, in order per run, atomically. */
    void update(RunRecord record);

    /** Forgets a run whose first record was kept but that was then refused (its queue filled meanwhile). */
    void delete(String runId);

    /** Whether an id is taken, by a readable run or a damaged folder. */
    boolean exists(String runId);

    /** Writes a run's model and returns its size and checksum. */
    StoredModel saveModel(String runId, ModelArtifact model) throws IOException;

    /** Gives run {@code toRunId} the model of run {@code fromRunId}, without copying it where it can. */
    StoredModel shareModel(String fromRunId, String toRunId, StoredModel model) throws IOException;

    /** The run's model file while it still has the size it was saved with. */
    Optional<Path> model(String runId, StoredModel model);

    /** Keeps every update taken so far, then takes no more. */
    void close();
}
