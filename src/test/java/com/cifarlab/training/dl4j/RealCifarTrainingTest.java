package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.cifarlab.dataset.CifarBinaryFormat;
import com.cifarlab.dataset.CifarDataset;
import com.cifarlab.dataset.DataSplit;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on the real CIFAR-10 from ../shared/cifar10; skipped with a message where it is absent. */
@Tag("real-data")
class RealCifarTrainingTest {

    static final Path ARCHIVE = Path.of("../shared/cifar10/cifar-10-binary.tar.gz");

    @TempDir
    static Path temp;
    static CifarDataset data;

    @BeforeAll
    static void readTheRealData() throws IOException {
        assumeTrue(Files.isRegularFile(ARCHIVE), "real CIFAR-10 not found at " + ARCHIVE.toAbsolutePath() + "; skipped");
        Path folder = Files.createDirectories(temp.resolve(CifarBinaryFormat.FOLDER));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(ARCHIVE), 1 << 20);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile()) {
                    Files.copy(tar, folder.resolve(Path.of(entry.getName()).getFileName()));
                }
            }
        }
        data = CifarBinaryFormat.read(folder);
    }

    @Test
    void theLabMlpLearnsSomethingFromFiveThousandRealImagesInOneEpoch() {
        DataSplit split = DataSplit.of(data.train().size(), TrainingSpec.LAB_SEED);
        TrainingSpec spec = TrainingSpec.labDefaults().withEpochs(1).withTrainSize(5_000);
        Dl4jTrainer trainer = new Dl4jTrainer(null, Duration.ofHours(1), Clock.systemUTC(), BatchHook.NONE);

        TrainingResult result = trainer.train(spec, data, split, event -> { }, new CancelSignal());

        assertThat(split.trainSize()).isEqualTo(40_000);
        assertThat(split.validationSize()).isEqualTo(10_000);
        assertThat(result.epochs().get(0).validationAccuracy()).isGreaterThan(0.15);
        assertThat(result.test().confusion().counts()[0]).hasSize(10);
        assertThat(result.test().report().perClass()).allSatisfy(m -> assertThat(m.support()).isEqualTo(1_000));
    }
}
