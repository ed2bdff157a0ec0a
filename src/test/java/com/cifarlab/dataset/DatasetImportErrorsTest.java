package com.cifarlab.dataset;

import static com.cifarlab.dataset.DatasetImporterTest.assertReadable;
import static com.cifarlab.dataset.DatasetImporterTest.stagingFolders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.cifarlab.testdata.CifarFixtures;
import com.cifarlab.testdata.CifarFixtures.TarGz;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input gets one sentence naming the file and the problem, and leaves the data set that
 * was imported before exactly where and as it was. All tests import into the same data folder,
 * which only a successful import may change.
 */
class DatasetImportErrorsTest {

    private static final Instant FIRST_IMPORT = Instant.parse("2025-11-20T08:00:00Z");

    @TempDir
    static Path shared;
    static Path goodFolder;
    static Path dataDir;

    @TempDir
    Path work;

    @BeforeAll
    static void importAGoodDataSetFirst() throws IOException {
        goodFolder = CifarFixtures.writeFolder(Files.createDirectory(shared.resolve("good")));
        dataDir = shared.resolve("data");
        new DatasetImporter(dataDir, Clock.fixed(FIRST_IMPORT, ZoneOffset.UTC)).importFrom(goodFolder, progress -> { });
    }

    @AfterEach
    void thePreviousDataSetIsStillThereAndReadable() {
        DatasetImporter importer = importer();
        assertReadable(importer.batchesFolder());
        assertThat(importer.source()).contains(new DatasetSource(goodFolder.toString(), FIRST_IMPORT));
        assertThat(stagingFolders(dataDir)).isEmpty();
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        Path folder = copyOfGoodFolder();
        Files.delete(folder.resolve("test_batch.bin"));

        assertThat(importFailure(folder)).isEqualTo(folder.resolve("test_batch.bin") + " is missing; a CIFAR-10 folder"
                + " needs data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin,"
                + " test_batch.bin and batches.meta.txt.");
    }

    @Test
    void aFileMissingFromAnArchiveIsNamedAsInTheArchive() throws IOException {
        Path folder = copyOfGoodFolder();
        Files.delete(folder.resolve(CifarBinaryFormat.META));
        Path archive = CifarFixtures.writeArchive(folder, work.resolve("no-meta.tar.gz"));

        assertThat(importFailure(archive))
                .startsWith("cifar-10-batches-bin/batches.meta.txt in " + archive + " is missing;");
    }

    @Test
    void aTruncatedBatchIsNamed() throws IOException {
        Path folder = copyOfGoodFolder();
        CifarFixtures.truncate(folder.resolve("data_batch_3.bin"), 1_000_000);

        assertThat(importFailure(folder)).isEqualTo(folder.resolve("data_batch_3.bin") + " is truncated: it has"
                + " 1,000,000 bytes, but a CIFAR-10 batch has exactly 30,730,000 (10,000 records of 3,073 bytes).");
    }

    @Test
    void aTruncatedArchiveIsNamed() throws IOException {
        Path archive = CifarFixtures.writeArchive(goodFolder, work.resolve("cifar-10-binary.tar.gz"));
        CifarFixtures.truncate(archive, Files.size(archive) / 2);

        assertThat(importFailure(archive)).startsWith(archive + " is truncated: the archive ends inside cifar-10-batches-bin/")
                .endsWith("; download or copy it again.");
    }

    @Test
    void aBatchOfTheWrongSizeIsNamed() throws IOException {
        Path folder = copyOfGoodFolder();
        Files.write(folder.resolve("test_batch.bin"), new byte[CifarBinaryFormat.RECORD], StandardOpenOption.APPEND);

        assertThat(importFailure(folder)).isEqualTo(folder.resolve("test_batch.bin") + " has 30,733,073 bytes, more"
                + " than the 30,730,000 of a CIFAR-10 batch (10,000 records of 3,073 bytes), so it is not a CIFAR-10 batch.");
    }

    @Test
    void aLabelOf12IsNamedWithItsRecord() throws IOException {
        Path folder = copyOfGoodFolder();
        CifarFixtures.writeLabel(folder.resolve("data_batch_4.bin"), 17, 12);

        assertThat(importFailure(folder)).isEqualTo(folder.resolve("data_batch_4.bin")
                + " has label 12 in record 17; CIFAR-10 labels are 0 to 9.");
    }

    @Test
    void aLabelOf12InsideAnArchiveIsNamedAsInTheArchive() throws IOException {
        Path folder = copyOfGoodFolder();
        CifarFixtures.writeLabel(folder.resolve("test_batch.bin"), 9_999, 12);
        Path archive = CifarFixtures.writeArchive(folder, work.resolve("bad-label.tar.gz"));

        assertThat(importFailure(archive)).isEqualTo("cifar-10-batches-bin/test_batch.bin in " + archive
                + " has label 12 in record 9999; CIFAR-10 labels are 0 to 9.");
    }

    @Test
    void aFileThatIsNotGzipIsRefused() throws IOException {
        Path notGzip = Files.writeString(work.resolve("cifar-10-binary.tar.gz"), "<html>Not found</html>");

        assertThat(importFailure(notGzip)).isEqualTo(notGzip + " is not a .tar.gz archive (it is not gzip-compressed);"
                + " choose the cifar-10-binary.tar.gz archive, the cifar-10-batches-bin folder or the folder that holds it.");
    }

    @Test
    void aDamagedArchiveIsRefused() throws IOException {
        Path archive = CifarFixtures.writeArchive(goodFolder, work.resolve("damaged.tar.gz"));
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.seek(file.length() / 3);
            file.write(new byte[4096]);
        }

        assertThat(importFailure(archive)).startsWith(archive + " is damaged and cannot be unpacked: ")
                .doesNotEndWith("..");
    }

    @Test
    void anEmptyFolderIsRefused() throws IOException {
        Path empty = Files.createDirectory(work.resolve("empty"));

        assertThat(importFailure(empty)).isEqualTo(empty + " is an empty folder; choose the cifar-10-binary.tar.gz"
                + " archive, the cifar-10-batches-bin folder or the folder that holds it.");
    }

    @Test
    void aFolderWithoutTheBatchesIsRefused() throws IOException {
        Path folder = Files.createDirectory(work.resolve("photos"));
        Files.writeString(folder.resolve("cat.jpg"), "meow");

        assertThat(importFailure(folder)).startsWith(folder + " holds neither a cifar-10-batches-bin folder nor the"
                + " CIFAR-10 batch files;");
    }

    @Test
    void aPathThatDoesNotExistIsRefused() {
        Path nowhere = work.resolve("no/such/cifar-10-binary.tar.gz");

        assertThat(importFailure(nowhere)).isEqualTo(nowhere + " does not exist.");
    }

    @Test
    void anArchiveWithoutTheBatchesFolderIsRefused() throws IOException {
        Path archive = work.resolve("cifar-10-python.tar.gz");
        try (TarGz tarGz = TarGz.create(archive)) {
            tarGz.addFile("cifar-10-batches-py/data_batch_1", new byte[100]);
        }

        assertThat(importFailure(archive)).isEqualTo(archive + " has no cifar-10-batches-bin folder, so it is not the"
                + " CIFAR-10 binary version (cifar-10-binary.tar.gz).");
    }

    @Test
    void aMetaFileWithNineNamesIsRefused() throws IOException {
        Path folder = copyOfGoodFolder();
        Files.write(folder.resolve(CifarBinaryFormat.META), CifarFixtures.CLASS_NAMES.subList(0, 9),
                StandardCharsets.UTF_8);

        assertThat(importFailure(folder)).isEqualTo(folder.resolve(CifarBinaryFormat.META)
                + " should list 10 class names, one per line, but has 9 lines.");
    }

    private static DatasetImporter importer() {
        return new DatasetImporter(dataDir, Clock.systemUTC());
    }

    /** The message of the failed import, after checking it is one plain sentence. */
    private static String importFailure(Path source) {
        DatasetException failure = catchThrowableOfType(DatasetException.class,
                () -> importer().importFrom(source, progress -> { }));
        assertThat(failure).as("import of " + source + " should fail").isNotNull();
        assertThat(failure.getMessage()).doesNotContain("\n").endsWith(".");
        return failure.getMessage();
    }

    private Path copyOfGoodFolder() throws IOException {
        Path copy = Files.createDirectories(work.resolve("copy").resolve(CifarBinaryFormat.FOLDER));
        for (String file : CifarBinaryFormat.FILES) {
            Files.copy(goodFolder.resolve(file), copy.resolve(file));
        }
        return copy;
    }
}
