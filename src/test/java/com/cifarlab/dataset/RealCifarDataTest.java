package com.cifarlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.cifarlab.dataset.ImportProgress.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real CIFAR-10 archive through the same import path as everything else, when the shared copy
 * is there (see ../shared/cifar10/README.md); skipped otherwise. Prints the import time and the
 * heap the loaded data set takes.
 */
class RealCifarDataTest {

    private static final Path ARCHIVE = Path.of("../shared/cifar10/cifar-10-binary.tar.gz");

    @TempDir
    Path dataDir;

    @Test
    void theRealArchiveImportsWithTheOfficialCountsAndLabels() {
        assumeTrue(Files.isRegularFile(ARCHIVE), "Skipped: the real CIFAR-10 archive is not at "
                + ARCHIVE.toAbsolutePath().normalize() + " (see the shared data README).");
        DatasetService service = new DatasetService(new DatasetImporter(dataDir, Clock.systemUTC()),
                new ArchiveDownloader("http://127.0.0.1:9/never-used", ArchiveDownloader.OFFICIAL_MD5, Clock.systemUTC()));
        Map<Phase, Long> phaseStarts = new EnumMap<>(Phase.class);
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();

        DatasetStatus status = service.importFrom(ARCHIVE,
                progress -> phaseStarts.putIfAbsent(progress.phase(), System.nanoTime()));

        long end = System.nanoTime();
        long heapUsed = usedHeapAfterGc() - heapBefore;
        CifarDataset dataset = service.require();
        System.out.printf("Real CIFAR-10 import: %.1f s in all (extract %.1f s, check %.1f s, load %.1f s);"
                        + " heap used by the loaded data set: %.0f MB%n",
                seconds(end - start), seconds(phaseStarts.get(Phase.CHECKING) - start),
                seconds(phaseStarts.get(Phase.DONE) - phaseStarts.get(Phase.CHECKING)),
                seconds(end - phaseStarts.get(Phase.DONE)), heapUsed / 1e6);

        assertThat(status.imported()).isTrue();
        assertThat(status.source().orElseThrow().origin()).isEqualTo(ARCHIVE.toAbsolutePath().normalize().toString());
        assertThat(dataset.classNames()).containsExactly(
                "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");
        assertThat(dataset.train().countPerClass(10)).containsOnly(5_000);
        assertThat(dataset.test().countPerClass(10)).containsOnly(1_000);
        assertThat(new int[] {dataset.train().label(0), dataset.train().label(1), dataset.train().label(2),
                dataset.train().label(3), dataset.train().label(4)}).containsExactly(6, 9, 9, 4, 1);
        assertThat(new int[] {dataset.test().label(0), dataset.test().label(1), dataset.test().label(2),
                dataset.test().label(3), dataset.test().label(4)}).containsExactly(3, 8, 8, 0, 6);
        assertThat(heapUsed).as("one byte copy of the data set, about 184 MB").isBetween(170_000_000L, 220_000_000L);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
