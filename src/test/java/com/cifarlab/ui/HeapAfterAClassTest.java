package com.cifarlab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.training.TrainingSpec;
import com.vaadin.flow.component.UI;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whether the server's own objects grow with a class's work: 200 small runs and 100 page visits,
 * on the fake trainer, must leave the heap in use (after garbage collection) within 150 MB of where
 * it was after the first run. Prints the figures; the engine's off-heap memory is not counted here.
 */
class HeapAfterAClassTest extends KaribuLiveRunsTest {

    private static final long BOUND = 150L * 1024 * 1024;
    private static final List<String> PAGES = List.of("training", "my-runs", "losses", "optimizers", "evaluation",
            "data", "architecture", "save-load", "activations", "no-such-page");

    @Test
    void twoHundredRunsAndAHundredPageVisitsLeaveTheHeapWithinAHundredAndFiftyMegabytes() {
        trainer.defaultScript(FakeTrainer.Training::succeed);
        student("Heap");
        finish(0);
        long baseline = usedAfterCollection();

        for (int seed = 1; seed <= 200; seed++) {
            finish(seed);
        }
        for (int visit = 0; visit < 100; visit++) {
            UI.getCurrent().navigate(PAGES.get(visit % PAGES.size()));
        }
        UI.getCurrent().navigate("data");
        long after = usedAfterCollection();

        System.out.printf("Heap in use after collection: %d MB after the first run, %d MB after 200 runs and 100 "
                + "page visits (%+d MB)%n", baseline >> 20, after >> 20, (after - baseline) >> 20);
        assertThat(after - baseline).isLessThan(BOUND);
    }

    private void finish(long seed) {
        Caller student = caller();
        RunSnapshot run = runService.submit(student, TrainingSpec.labDefaults().withEpochs(2).withTrainSize(500)
                .withSeed(100_000 + seed));
        await().atMost(Duration.ofSeconds(30)).until(() -> runService.get(student, run.id()).state() == RunState.SUCCEEDED);
    }

    private static long usedAfterCollection() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
