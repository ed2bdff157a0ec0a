package com.cifarlab.runs;

import com.cifarlab.training.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Records in a map, written at once; models in a folder of the test's, since a download hands out
 * a file. A test can hold the next {@link #create} on a gate, as a slow disk would.
 */
final class InMemoryRunRepository implements RunRepository {

    private final Map<String, RunRecord> records = new ConcurrentHashMap<>();
    private final Map<String, StoredModel> models = new ConcurrentHashMap<>();
    private final Path modelsDir;
    private volatile CountDownLatch createGate;
    private final CountDownLatch createWaiting = new CountDownLatch(1);

    InMemoryRunRepository(Path modelsDir) {
        this.modelsDir = modelsDir;
    }

    /** Makes every {@link #create} wait for {@code gate}, as a disk that takes its time would. */
    void holdCreates(CountDownLatch gate) {
        createGate = gate;
    }

    /** Waits until a create is held at the gate. */
    boolean awaitHeldCreate() throws InterruptedException {
        return createWaiting.await(30, TimeUnit.SECONDS);
    }

    RunRecord stored(String runId) {
        return records.get(runId);
    }

    @Override
    public Contents load() {
        List<RunRecord> all = new ArrayList<>(records.values());
        all.sort(Comparator.comparing(RunRecord::submittedAt).thenComparing(RunRecord::id));
        return new Contents(all, List.of());
    }

    @Override
    public void create(RunRecord record) {
        CountDownLatch gate = createGate;
        if (gate != null) {
            createWaiting.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException("interrupted"));
            }
        }
        records.put(record.id(), record);
    }

    @Override
    public void update(RunRecord record) {
        records.put(record.id(), record);
    }

    @Override
    public void delete(String runId) {
        records.remove(runId);
    }

    @Override
    public boolean exists(String runId) {
        return records.containsKey(runId);
    }

    @Override
    public StoredModel saveModel(String runId, ModelArtifact model) throws IOException {
        Path file = modelsDir.resolve(runId + ".zip");
        model.writeTo(file);
        StoredModel stored = StoredModel.of(file);
        models.put(runId, stored);
        return stored;
    }

    @Override
    public StoredModel shareModel(String fromRunId, String toRunId, StoredModel model) throws IOException {
        Files.copy(modelsDir.resolve(fromRunId + ".zip"), modelsDir.resolve(toRunId + ".zip"));
        models.put(toRunId, model);
        return model;
    }

    @Override
    public Optional<Path> model(String runId, StoredModel model) {
        Path file = modelsDir.resolve(runId + ".zip");
        return models.containsKey(runId) && Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    @Override
    public void close() {
    }
}
