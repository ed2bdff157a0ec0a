package com.cifarlab.dataset;

import com.cifarlab.testdata.CifarFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the import tests: one valid fixture folder and archive shared by all tests of a class
 * (each is 184 MB unpacked), a clock that stands at {@link #NOW} and the progress heard.
 */
abstract class WithGoodCifarFiles {

    static final Instant NOW = Instant.parse("2025-11-26T10:15:30Z");

    @TempDir
    static Path shared;
    static Path goodFolder;
    static Path goodArchive;

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final List<ImportProgress> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void writeFixtures() throws IOException {
        goodFolder = CifarFixtures.writeFolder(Files.createDirectory(shared.resolve("good")));
        goodArchive = CifarFixtures.writeArchive(goodFolder, shared.resolve("cifar-10-binary.tar.gz"));
    }
}
