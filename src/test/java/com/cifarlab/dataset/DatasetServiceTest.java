package com.cifarlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.ImportProgress.Phase;
import com.cifarlab.testdata.CifarFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class DatasetServiceTest extends WithGoodCifarFiles {

    @TempDir
    Path dataDir;

    @Test
    void beforeAnyImportTheStatusSaysSoAndRequireTellsHowToImport() {
        DatasetService service = service(ArchiveDownloader.OFFICIAL_MD5, "http://127.0.0.1:9/unused");

        assertThat(service.status()).isEqualTo(new DatasetStatus(false, dataDir.resolve(CifarBinaryFormat.FOLDER),
                Optional.empty(), 0, 0, Optional.empty()));
        assertThatThrownBy(service::require).isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("CIFAR-10 is not imported yet");
    }

    @Test
    void anImportBecomesTheCurrentDataSetWithItsSourceAndCounts() {
        DatasetService service = service();

        DatasetStatus status = service.importFrom(goodArchive, events::add);

        assertThat(status).isEqualTo(new DatasetStatus(true, dataDir.resolve(CifarBinaryFormat.FOLDER),
                Optional.of(new DatasetSource(goodArchive.toString(), NOW)), 50_000, 10_000, Optional.empty()));
        assertThat(service.status()).isEqualTo(status);
        assertThat(service.require().classNames()).isEqualTo(CifarFixtures.CLASS_NAMES);
    }

    @Test
    void aNewImportReplacesTheDataSetInMemoryAndForgetsItsSplits() {
        DatasetService service = service();
        service.importFrom(goodFolder, events::add);
        CifarDataset before = service.require();
        DataSplit splitBefore = service.split(42);
        assertThat(service.split(42)).isSameAs(splitBefore);

        service.importFrom(goodArchive, events::add);

        assertThat(service.require()).isNotSameAs(before);
        assertThat(service.split(42)).isNotSameAs(splitBefore);
        assertThat(service.split(42).validationIndices()).isEqualTo(splitBefore.validationIndices());
    }

    @Test
    void aFailedImportKeepsTheDataSetInMemory() throws IOException {
        DatasetService service = service();
        service.importFrom(goodFolder, events::add);
        CifarDataset before = service.require();
        Path notGzip = Files.writeString(shared.resolve("not-an-archive.tar.gz"), "nothing");

        assertThatThrownBy(() -> service.importFrom(notGzip, events::add)).isInstanceOf(DatasetException.class);

        assertThat(service.require()).isSameAs(before);
        assertThat(service.status().source()).contains(new DatasetSource(goodFolder.toString(), NOW));
    }

    @Test
    void aSecondImportWhileOneIsRunningIsToldToWait() throws Exception {
        DatasetService service = service();
        CountDownLatch extracting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<DatasetStatus> first = CompletableFuture.supplyAsync(() -> service.importFrom(goodArchive,
                progress -> {
                    if (progress.phase() == Phase.EXTRACTING && extracting.getCount() > 0) {
                        extracting.countDown();
                        awaitQuietly(release);
                    }
                }));
        assertThat(extracting.await(30, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> service.importFrom(goodFolder, events::add))
                .isInstanceOf(DatasetException.class)
                .hasMessage("Another import into " + dataDir + " is running; wait until it has finished and try again.");
        assertThatThrownBy(() -> service.download(events::add))
                .isInstanceOf(DatasetException.class)
                .hasMessageStartingWith("Another import into ");

        release.countDown();
        await().atMost(Duration.ofSeconds(60)).until(first::isDone);
        assertThat(first.get().imported()).isTrue();
    }

    @Test
    void aSplitWithATrainingSizeHasEquallyManyImagesPerClass() {
        DatasetService service = service();
        service.importFrom(goodFolder, events::add);

        DataSplit subset = service.split(42, 1_000);

        assertThat(service.require().train().countPerClass(subset.trainIndices(), 10)).containsOnly(100);
        assertThat(subset.validationIndices()).isEqualTo(service.split(42).validationIndices());
    }

    @Test
    void aDownloadIsCheckedAndImportedThroughTheSamePath() throws IOException {
        byte[] archive = Files.readAllBytes(goodArchive);
        try (ArchiveServer server = ArchiveServer.serving(archive)) {
            server.cutNextResponseAfter(archive.length / 2);
            DatasetService service = service(ArchiveDownloaderTest.md5(archive), server.url());

            DatasetStatus status = service.download(events::add);

            assertThat(status.imported()).isTrue();
            assertThat(status.source()).contains(new DatasetSource(server.url(), NOW));
            assertThat(server.rangesAsked()).hasSize(2);
        }
        assertThat(events.stream().map(ImportProgress::phase).distinct())
                .containsExactly(Phase.DOWNLOADING, Phase.EXTRACTING, Phase.CHECKING, Phase.DONE);
        assertThat(dataDir.resolve(DatasetImporter.PART_FILE)).doesNotExist();
    }

    @Test
    void aFolderDamagedAfterItsImportIsReportedAsNotUsable() throws IOException {
        service().importFrom(goodFolder, events::add);
        Path batch = dataDir.resolve(CifarBinaryFormat.FOLDER).resolve("data_batch_5.bin");
        CifarFixtures.truncate(batch, 100);

        DatasetStatus status = service().status();

        assertThat(status.imported()).isFalse();
        assertThat(status.source()).isPresent();
        assertThat(status.problem()).hasValueSatisfying(problem -> assertThat(problem).startsWith(batch + " is truncated"));
    }

    @Test
    void springBuildsTheServiceFromTheSettingsAndTheApplicationsClock() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
                .withUserConfiguration(Settings.class)
                .withPropertyValues("cifar-lab.data-dir=" + dataDir)
                .withBean(Clock.class, () -> clock)
                .withBean(DatasetService.class)
                .run(context -> {
                    DatasetService service = context.getBean(DatasetService.class);
                    assertThat(service.batchesFolder()).isEqualTo(dataDir.resolve(CifarBinaryFormat.FOLDER));
                    assertThat(service.importFrom(goodFolder, events::add).source())
                            .contains(new DatasetSource(goodFolder.toString(), NOW));
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CifarLabProperties.class)
    static class Settings {
    }

    private DatasetService service() {
        return service(ArchiveDownloader.OFFICIAL_MD5, "http://127.0.0.1:9/unused");
    }

    private DatasetService service(String md5, String url) {
        return new DatasetService(new DatasetImporter(dataDir, clock), new ArchiveDownloader(url, md5, clock));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
