package com.cifarlab.runs;

import static com.cifarlab.runs.TestRuns.spec;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.sessions.LabSession;
import com.cifarlab.training.EpochMetrics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordWriterTest {

    private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
    private static final LabSession ADA = new LabSession("ada-session", "Ada", T0, T0, null);

    @TempDir
    Path runsDir;

    @Test
    void eachRunEndsOnDiskAsItsNewestRecordAndAFlushWaitsForEveryWrite() throws Exception {
        RunStore store = new RunStore(runsDir);
        RunRecord first = RunRecord.queued("r-1", ADA, spec(1), T0).withState(RunState.RUNNING, T0, null);
        RunRecord second = RunRecord.queued("r-2", ADA, spec(2), T0);
        try (RecordWriter writer = new RecordWriter(store)) {
            RunRecord growing = first;
            for (int epoch = 1; epoch <= 50; epoch++) {
                growing = growing.withEpoch(new EpochMetrics(epoch, 1, 0.1, 1, 0.1, 0.5));
                writer.write(growing);
                writer.write(second);
            }
            writer.flush();

            List<RunRecord> onDisk = store.load().records();
            assertThat(onDisk).extracting(RunRecord::id).containsExactlyInAnyOrder("r-1", "r-2");
            assertThat(onDisk).filteredOn(record -> record.id().equals("r-1")).singleElement()
                    .extracting(record -> record.epochs().size()).isEqualTo(50);
        }
    }
}
