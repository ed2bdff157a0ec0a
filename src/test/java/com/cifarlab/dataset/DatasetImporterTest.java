package com.cifarlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cifarlab.dataset.ImportProgress.Phase;
import com.cifarlab.testdata.CifarFixtures;
import com.cifarlab.testdata.CifarFixtures.TarGz;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import path: archives and folders in, a checked data set or the previous one out.
 */
class DatasetImporterTest extends WithGoodCifarFiles {

    @TempDir
    Path work;

    @Test
    void importsFromATarGzAndRecordsWhereAndWhen() {
        DatasetImporter importer = importer(work.resolve("data"));

        DatasetSource source = importer.importFrom(goodArchive, events::add);

        assertThat(source).isEqualTo(new DatasetSource(goodArchive.toString(), NOW));
        assertThat(importer.source()).contains(source);
        assertReadable(importer.batchesFolder());
        assertThat(stagingFolders(work.resolve("data"))).isEmpty();
    }

    @Test
    void reportsExtractingThenCheckingThenDoneWithRisingPercentages() {
        importer(work.resolve("data")).importFrom(goodArchive, events::add);

        assertThat(events.stream().map(ImportProgress::phase).distinct())
                .containsExactly(Phase.EXTRACTING, Phase.CHECKING, Phase.DONE);
        for (Phase phase : List.of(Phase.EXTRACTING, Phase.CHECKING)) {
            List<Integer> percents = events.stream().filter(e -> e.phase() == phase).map(ImportProgress::percent).toList();
            assertThat(percents).isSorted().startsWith(0).endsWith(100);
        }
        ImportProgress last = events.get(events.size() - 1);
        assertThat(last.bytesDone()).isEqualTo(last.totalBytes()).isEqualTo(6 * CifarBinaryFormat.BATCH_BYTES);
    }

    @Test
    void importsFromTheBatchesFolderItself() {
        DatasetImporter importer = importer(work.resolve("data"));

        importer.importFrom(goodFolder, events::add);

        assertReadable(importer.batchesFolder());
        assertThat(importer.source().orElseThrow().origin()).isEqualTo(goodFolder.toString());
    }

    @Test
    void importsFromAFolderHoldingTheBatchesFolder() {
        DatasetImporter importer = importer(work.resolve("data"));

        importer.importFrom(goodFolder.getParent(), events::add);

        assertReadable(importer.batchesFolder());
    }

    @Test
    void findsTheBatchesFolderAnywhereInTheArchiveAndIgnoresEverythingElse() throws IOException {
        Path archive = work.resolve("nested.tar.gz");
        try (TarGz tarGz = TarGz.create(archive)) {
            tarGz.addFile("downloads/readme.html", "<p>CIFAR-10</p>".getBytes(StandardCharsets.UTF_8))
                    .addFile("downloads/cifar/cifar-10-batches-bin/notes/data_batch_1.bin", new byte[10])
                    .addFolder(goodFolder, "downloads/cifar/cifar-10-batches-bin");
        }
        DatasetImporter importer = importer(work.resolve("data"));

        importer.importFrom(archive, events::add);

        assertReadable(importer.batchesFolder());
        try (Stream<Path> files = Files.list(importer.batchesFolder())) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(CifarBinaryFormat.FILES.stream(),
                            Stream.of(DatasetImporter.SOURCE_FILE)).toList());
        }
    }

    @Test
    void neverWritesOutsideItsFolderWhateverTheArchiveEntriesSay() throws IOException {
        Path archive = work.resolve("hostile.tar.gz");
        try (TarGz tarGz = TarGz.create(archive)) {
            tarGz.addFile("../escaped.txt", new byte[] {1})
                    .addFile("cifar-10-batches-bin/../../escaped-too.bin", new byte[] {1})
                    .addFile("../cifar-10-batches-bin/" + CifarBinaryFormat.META, new byte[] {1})
                    .addFile("/cifar-10-batches-bin/../" + CifarBinaryFormat.META, new byte[] {1})
                    .addSymlink("cifar-10-batches-bin/" + CifarBinaryFormat.TEST_BATCH, "/etc/passwd")
                    .addFolder(goodFolder, "cifar-10-batches-bin");
        }
        Path dataDir = work.resolve("area/data");
        DatasetImporter importer = importer(dataDir);

        importer.importFrom(archive, events::add);

        assertReadable(importer.batchesFolder());
        assertThat(work.resolve("area/escaped.txt")).doesNotExist();
        assertThat(work.resolve("area/escaped-too.bin")).doesNotExist();
        assertThat(work.resolve("escaped.txt")).doesNotExist();
        assertThat(Files.isSymbolicLink(importer.batchesFolder().resolve(CifarBinaryFormat.TEST_BATCH))).isFalse();
    }

    @Test
    void aNewImportReplacesTheEarlierOneAndItsRecord() {
        DatasetImporter importer = importer(work.resolve("data"));
        importer.importFrom(goodFolder, events::add);

        DatasetImporter later = new DatasetImporter(work.resolve("data"),
                Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
        later.importFrom(goodArchive, events::add);

        assertReadable(importer.batchesFolder());
        assertThat(importer.source()).contains(new DatasetSource(goodArchive.toString(), NOW.plusSeconds(3600)));
        assertThat(stagingFolders(work.resolve("data"))).isEmpty();
    }

    @Test
    void aFailedCheckLeavesNoDataSetLookingFolder() throws IOException {
        Path bad = copyOfGoodFolder("bad-label");
        CifarFixtures.writeLabel(bad.resolve("data_batch_2.bin"), 9_999, 12);
        Path dataDir = work.resolve("data");

        assertThatThrownBy(() -> importer(dataDir).importFrom(bad, events::add))
                .isInstanceOf(DatasetException.class);

        assertThat(dataDir.resolve(CifarBinaryFormat.FOLDER)).doesNotExist();
        assertThat(stagingFolders(dataDir)).isEmpty();
    }

    @Test
    void anImportStoppedHalfwayLeavesNoDataSetLookingFolder() {
        Path dataDir = work.resolve("data");
        RuntimeException stop = new IllegalStateException("stopped");

        assertThatThrownBy(() -> importer(dataDir).importFrom(goodArchive, progress -> {
            if (progress.phase() == Phase.EXTRACTING && progress.percent() >= 50) {
                throw stop;
            }
        })).isSameAs(stop);

        assertThat(dataDir.resolve(CifarBinaryFormat.FOLDER)).doesNotExist();
        assertThat(stagingFolders(dataDir)).isEmpty();
    }

    @Test
    void removesWhatACrashedImportLeftBehind() throws IOException {
        Path dataDir = work.resolve("data");
        Path stale = Files.createDirectories(dataDir.resolve(".import-1234/" + CifarBinaryFormat.FOLDER));
        Files.write(stale.resolve("data_batch_1.bin"), new byte[100]);

        importer(dataDir).importFrom(goodFolder, events::add);

        assertThat(stagingFolders(dataDir)).isEmpty();
    }

    @Test
    void putsThePreviousDataSetBackWhenACrashHitBetweenTheTwoRenames() throws IOException {
        Path dataDir = work.resolve("data");
        DatasetImporter importer = importer(dataDir);
        importer.importFrom(goodFolder, events::add);
        Path staging = Files.createDirectories(dataDir.resolve(".import-5678"));
        Files.move(importer.batchesFolder(), staging.resolve(DatasetImporter.PREVIOUS));

        importer.cleanUpStale();

        assertReadable(importer.batchesFolder());
        assertThat(importer.source()).contains(new DatasetSource(goodFolder.toString(), NOW));
        assertThat(stagingFolders(dataDir)).isEmpty();
    }

    private DatasetImporter importer(Path dataDir) {
        return new DatasetImporter(dataDir, clock);
    }

    private Path copyOfGoodFolder(String name) throws IOException {
        Path copy = Files.createDirectories(work.resolve(name).resolve(CifarBinaryFormat.FOLDER));
        for (String file : CifarBinaryFormat.FILES) {
            Files.copy(goodFolder.resolve(file), copy.resolve(file));
        }
        return copy;
    }

    static void assertReadable(Path folder) {
        CifarDataset dataset = CifarBinaryFormat.read(folder);
        assertThat(dataset.classNames()).isEqualTo(CifarFixtures.CLASS_NAMES);
        assertThat(dataset.train().size()).isEqualTo(50_000);
        assertThat(dataset.test().size()).isEqualTo(10_000);
        assertThat(dataset.train().label(10_003)).isEqualTo(CifarFixtures.label(1, 3));
        assertThat(dataset.test().pixel(7, 2, 31, 30)).isEqualTo(CifarFixtures.pixel(7, 2, 31, 30));
    }

    static List<Path> stagingFolders(Path dataDir) {
        if (!Files.isDirectory(dataDir)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(dataDir)) {
            return children.filter(child -> child.getFileName().toString().startsWith(DatasetImporter.STAGING_PREFIX))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
