package com.cifarlab.runs;

import com.cifarlab.evaluation.TestReport;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.storage.StoredJson;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.TrainingSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A runs folder of a class that has been at work for a while, written before a server starts on it. */
public final class RunsOnDisk {

    private RunsOnDisk() {
    }

    /** Writes {@code count} succeeded runs, shared round-robin among {@code students}, without a model file each. */
    public static void writeSucceeded(Path runsDir, List<LabSession> students, int count, Instant start) {
        TestReport report = FakeTrainer.tenClassReport(0.4);
        for (int i = 0; i < count; i++) {
            LabSession student = students.get(i % students.size());
            Instant at = start.plus(Duration.ofSeconds(i));
            String id = String.format("20261201-%06d-ab%03d", i / 1000, i % 1000);
            RunRecord record = new RunRecord(id, student.id(), student.name(), TrainingSpec.labDefaults().withSeed(i),
                    List.of(new StateChange(RunState.QUEUED, at, null), new StateChange(RunState.RUNNING, at, null),
                            new StateChange(RunState.SUCCEEDED, at.plusSeconds(30), null)),
                    List.of(new EpochMetrics(1, 2.0, 0.3, 1.9, 0.31 + (i % 50) / 1000.0, 30)), 1, report, null, null, null,
                    null);
            try {
                Files.createDirectories(runsDir.resolve(id));
                StoredJson.MAPPER.writeValue(runsDir.resolve(id).resolve(RunStore.RECORD_FILE).toFile(), record);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
