package com.cifarlab.cli;

import org.springframework.util.unit.DataSize;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.TrainingSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int bench(String... args) {
        CifarLabProperties settings = new CifarLabProperties(temp.resolve("data"), temp.resolve("runs"),
                "http://localhost/none", 0, 1, 3, Duration.ofHours(2), 50_000_000, DataSize.ofMegabytes(1), null);
        return new BenchCommand(settings, Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutImportedDataItSaysHowToImport() {
        assertThat(bench("--epochs", "2")).isEqualTo(1);

        assertThat(err()).isEqualTo("CIFAR-10 is not imported in " + temp.resolve("data") + "; import it first with "
                + "'java -jar cifar-lab.jar data import <cifar-10-binary.tar.gz or folder> --data-dir "
                + temp.resolve("data") + "'.\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void badOptionsAreRefusedInOneSentence() {
        assertThat(bench("--concurrent", "0")).isEqualTo(2);
        assertThat(bench("--epochs", "0")).isEqualTo(2);
        assertThat(bench("--preset", "resnet")).isEqualTo(2);
        assertThat(bench("--profile", "yes")).isEqualTo(2);

        assertThat(err()).isEqualTo("""
                --concurrent must be between 1 and 16 (got 0).
                --epochs: Epochs must be between 1 and 200 (got 0).
                --preset must be one of cnn, mlp (got resnet).
                Unknown option yes; this command takes --concurrent, --data-dir, --epochs, --preset, --profile, --train-size.
                """);
    }

    @Test
    void theBenchTrainsTheLabsOwnSettingsWithPresetDefaults() {
        Set<String> known = Set.of("--preset", "--epochs", "--train-size");

        TrainingSpec mlp = BenchCommand.spec(Options.parse(new String[0], known));
        TrainingSpec cnn = BenchCommand.spec(Options.parse(new String[] {"--preset", "cnn", "--train-size", "4000"}, known));

        assertThat(mlp).isEqualTo(TrainingSpec.labDefaults().withEpochs(30));
        assertThat(cnn).isEqualTo(TrainingSpec.labDefaults().withModel(ModelSpec.smallCnn()).withEpochs(6).withTrainSize(4000));
    }
}
