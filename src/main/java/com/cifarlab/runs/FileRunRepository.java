package com.cifarlab.runs;

import com.cifarlab.training.ModelArtifact;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The runs folder: a folder per run with its {@code run.json} ({@link RunStore}) and model file. */
final class FileRunRepository implements RunRepository {

    private final RunStore store;
    /** The thread that writes updates, from {@link #load} to {@link #close} (a service can be started again). */
    private volatile RecordWriter writer;

    FileRunRepository(Path runsDir) {
        this.store = new RunStore(runsDir);
    }

    @Override
    public Contents load() {
        if (writer == null) {
            writer = new RecordWriter(store);
        }
        return store.load();
    }

    @Override
    public void create(RunRecord record) {
        store.save(record);
    }

    @Override
    public void update(RunRecord record) {
        writer.write(record);
    }

    @Override
    public void delete(String runId) {
        store.delete(runId);
    }

    @Override
    public boolean exists(String runId) {
        return store.exists(runId);
    }

    @Override
    public StoredModel saveModel(String runId, ModelArtifact model) throws IOException {
        return store.saveModel(runId, model);
    }

    @Override
    public StoredModel shareModel(String fromRunId, String toRunId, StoredModel model) throws IOException {
        return store.shareModel(fromRunId, toRunId, model);
    }

    @Override
    public Optional<Path> model(String runId, StoredModel model) {
        return store.model(runId, model);
    }

    @Override
    public void close() {
        RecordWriter closing = writer;
        writer = null;
        if (closing != null) {
            closing.close();
        }
    }
}
