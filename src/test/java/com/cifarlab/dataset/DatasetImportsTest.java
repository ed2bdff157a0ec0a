package com.cifarlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.cifarlab.testdata.CifarFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetImportsTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @TempDir
    static Path fixture;

    private static Path folder;

    @TempDir
    Path home;

    private final Clock clock = Clock.systemUTC();
    private final CountDownLatch release = new CountDownLatch(1);
    private DatasetImports imports;

    @BeforeAll
    static void writeFixture() throws IOException {
        folder = CifarFixtures.writeFolder(fixture);
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (imports != null) {
            imports.destroy();
        }
    }

    private DatasetService service(boolean blocking) {
        return new DatasetService(new DatasetImporter(home.resolve("data"), clock),
                new ArchiveDownloader("http://127.0.0.1:1/cifar-10-binary.tar.gz", ArchiveDownloader.OFFICIAL_MD5, clock)) {
            @Override
            public DatasetStatus importFrom(Path source, Consumer<ImportProgress> listener) {
                if (blocking) {
                    try {
                        release.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.importFrom(source, listener);
            }
        };
    }

    @Test
    void importsInTheBackgroundReportingProgressAndThenTheNewDataSet() {
        DatasetService datasets = service(false);
        imports = new DatasetImports(datasets, clock);
        List<ImportJob> seen = new CopyOnWriteArrayList<>();
        imports.subscribe(seen::add);

        ImportJob started = imports.importFrom(folder.toString());

        assertThat(started.state()).isEqualTo(ImportJob.State.RUNNING);
        await().atMost(BOUND).until(() -> imports.latest().orElseThrow().state() != ImportJob.State.RUNNING);
        assertThat(imports.latest().orElseThrow().state()).isEqualTo(ImportJob.State.SUCCEEDED);
        assertThat(seen).anyMatch(job -> job.progress().isPresent() && job.state() == ImportJob.State.RUNNING);
        assertThat(seen.get(seen.size() - 1).endedAt()).isPresent();
        assertThat(datasets.status().imported()).isTrue();
    }

    @Test
    void refusesASecondImportWhileOneRunsAndSaysWhichOne() {
        imports = new DatasetImports(service(true), clock);
        imports.importFrom(home.toString());

        assertThatThrownBy(imports::download)
                .isInstanceOf(DatasetException.class)
                .hasMessage("An import from " + home.toAbsolutePath().normalize()
                        + " is already running: wait for it to finish, its progress shows on the Data step.");
    }

    @Test
    void aMissingPathEndsTheJobFailedWithTheImportersMessage() {
        imports = new DatasetImports(service(false), clock);
        Path missing = home.resolve("nowhere.tar.gz");

        imports.importFrom(missing.toString());

        await().atMost(BOUND).until(() -> imports.latest().orElseThrow().state() == ImportJob.State.FAILED);
        assertThat(imports.latest().orElseThrow().problem()).contains(missing + " does not exist.");
    }

    @Test
    void anEmptyPathIsRefusedWithWhatToEnter() {
        imports = new DatasetImports(service(false), clock);

        assertThatThrownBy(() -> imports.importFrom("  "))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("Enter the path, on the server, of cifar-10-binary.tar.gz");
        assertThat(imports.latest()).isEmpty();
    }

    @Test
    void aFailingListenerNeitherStopsTheImportNorOtherListeners() {
        imports = new DatasetImports(service(false), clock);
        imports.subscribe(job -> {
            throw new IllegalStateException("a broken page");
        });
        List<ImportJob> seen = new CopyOnWriteArrayList<>();
        imports.subscribe(seen::add);

        imports.importFrom(folder.toString());

        await().atMost(BOUND).until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).state() == ImportJob.State.SUCCEEDED);
    }

    @Test
    void anUnsubscribedListenerHearsNothingMore() {
        imports = new DatasetImports(service(false), clock);
        List<ImportJob> seen = new CopyOnWriteArrayList<>();
        imports.subscribe(seen::add).remove();

        imports.importFrom(folder.toString());

        await().atMost(BOUND).until(() -> imports.latest().orElseThrow().state() == ImportJob.State.SUCCEEDED);
        assertThat(seen).isEmpty();
    }
}
