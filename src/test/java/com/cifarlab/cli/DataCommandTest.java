package com.cifarlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.dataset.CifarBinaryFormat;
import com.cifarlab.testdata.CifarFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class DataCommandTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-26T10:15:30Z"), ZoneOffset.UTC);

    @TempDir
    static Path shared;
    static Path archive;

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeFixtureArchive() throws IOException {
        Path folder = CifarFixtures.writeFolder(Files.createDirectory(shared.resolve("good")));
        archive = CifarFixtures.writeArchive(folder, shared.resolve("cifar-10-binary.tar.gz"));
    }

    @Test
    void dataImportPrintsProgressAndASummary() {
        int exit = data("import", archive.toString());

        assertThat(exit).isZero();
        assertThat(errLines()).isEmpty();
        List<String> lines = outLines();
        assertThat(lines.get(0)).isEqualTo("Importing " + archive + " into " + dataDir.resolve(CifarBinaryFormat.FOLDER));
        assertThat(lines).anyMatch(line -> line.startsWith("Extracting  100%"))
                .anyMatch(line -> line.startsWith("Checking    100%"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("Imported 50,000 training and 10,000 test images into "
                + dataDir.resolve(CifarBinaryFormat.FOLDER) + " in 0.0 s.");
    }

    @Test
    void dataInfoShowsWhereFromAndTheCountsPerSplitAndClass() {
        data("import", archive.toString());
        out.reset();

        int exit = data("info");

        assertThat(exit).isZero();
        assertThat(errLines()).isEmpty();
        List<String> lines = outLines();
        assertThat(lines.subList(0, 3)).containsExactly(
                "Location:  " + dataDir.resolve(CifarBinaryFormat.FOLDER),
                "Source:    " + archive + ", imported 2025-11-26 10:15",
                "Images:    50,000 training (40,000 train + 10,000 validation, seed 42), 10,000 test");
        assertThat(lines).contains(
                "Class           Train  Validation     Test",
                "Total          40,000      10,000   10,000",
                "First 10 training labels: 0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog, 6 frog, 7 horse,"
                        + " 8 ship, 9 truck");
        assertThat(lines).filteredOn(line -> line.matches("\\d \\w+ +[\\d,]+ +[\\d,]+ +1,000")).hasSize(10);
    }

    @Test
    void aPathThatDoesNotExistGetsOneSentenceAndExitCode1() {
        Path nowhere = dataDir.resolve("nowhere.tar.gz");

        int exit = data("import", nowhere.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(errLines()).containsExactly(nowhere + " does not exist.");
    }

    @Test
    void aBrokenArchiveGetsOneSentenceAndExitCode1() throws IOException {
        Path text = Files.writeString(dataDir.resolve("readme.tar.gz"), "not an archive");

        int exit = data("import", text.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(errLines()).hasSize(1);
        assertThat(errLines().get(0)).startsWith(text + " is not a .tar.gz archive");
    }

    @Test
    void infoBeforeAnyImportSaysHowToImportWithExitCode1() {
        int exit = data("info");

        assertThat(exit).isEqualTo(1);
        assertThat(errLines()).containsExactly("No data set in " + dataDir.resolve(CifarBinaryFormat.FOLDER)
                + " yet; import one with 'java -jar cifar-lab.jar data import <cifar-10-binary.tar.gz or folder>'.");
    }

    @Test
    void wrongUsageGetsExitCode2() {
        for (String[] args : List.of(new String[0], new String[] {"frobnicate"}, new String[] {"import"},
                new String[] {"import", "a", "b"}, new String[] {"info", "extra"})) {
            err.reset();
            assertThat(data(args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(errLines()).hasSize(1);
        }
        err.reset();
        assertThat(new DataCommand(settings(), CLOCK, print(out), print(err)).run(new String[] {"info", "--data-dir"}))
                .isEqualTo(2);
    }

    @Test
    void theCommandLineRoutesDataAndHonoursDataDir() {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(print(out));
        System.setErr(print(err));
        try {
            assertThat(CommandLine.run(new String[] {"data", "--data-dir", dataDir.toString(), "info"})).isEqualTo(1);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
        assertThat(errLines()).singleElement().asString()
                .startsWith("No data set in " + dataDir.resolve(CifarBinaryFormat.FOLDER));
    }

    private int data(String... args) {
        return new DataCommand(settings(), CLOCK, print(out), print(err)).run(args);
    }

    private CifarLabProperties settings() {
        return new Binder(new MapConfigurationPropertySource(Map.of("cifar-lab.data-dir", dataDir.toString())))
                .bindOrCreate("cifar-lab", CifarLabProperties.class);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private List<String> outLines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
