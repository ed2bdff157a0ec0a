package com.cifarlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.testdata.CifarFixtures;
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
import org.springframework.util.unit.DataSize;

class BenchCommandTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int bench(String... args) {
        CifarLabProperties settings = new CifarLabProperties(temp.resolve("data"), temp.resolve("runs"),
                "http://localhost/none", 0, 1, 3, Duration.ofHours(2), 50_000_000, DataSize.ofMegabytes(1), true, null);
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

    @Test
    void theClassBenchRefusesSizesItCannotRunInOneSentence() {
        assertThat(bench("class", "--students", "0")).isEqualTo(2);
        assertThat(bench("class", "--own", "99")).isEqualTo(2);
        assertThat(bench("class", "--fast")).isEqualTo(2);

        assertThat(err()).isEqualTo("""
                --students must be between 1 and 500 (got 0).
                --own must be between 0 and 20 (got 99).
                Unknown option --fast; this command takes --data-dir, --epochs, --node-workers, --nodes, --own, --students, --train-locally, --train-size.
                """);
    }

    @Test
    void theClassBenchTrainsEachDistinctRunOnceAndLosesNothing() throws Exception {
        CifarFixtures.writeFolder(temp.resolve("data"));

        int exit = bench("class", "--students", "3", "--own", "1", "--epochs", "1", "--train-size", "100");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed + err()).isZero();
        assertThat(printed).contains("3 students, each the standard path (Step 4 · Loss functions 2, Step 5 · Training 1, "
                        + "Step 7 · Optimizers 4) at 1 epochs × 100 images plus 1 runs of their own",
                "submissions: 24; distinct computation keys: 8; computations trained: 8", "ended: 24 SUCCEEDED",
                "median wait from submission to a student's first result: ");
        assertThat(printed).containsPattern("wall / \\(training per worker\\) = \\d\\.\\d{3}");
    }

    @Test
    void theClassBenchTrainsOnATrainingNodeOfItsOwnWhenAskedTo() throws Exception {
        CifarFixtures.writeFolder(temp.resolve("data"));

        int exit = bench("class", "--students", "2", "--own", "0", "--epochs", "1", "--train-size", "100", "--nodes", "1",
                "--train-locally", "no");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed + err()).isZero();
        assertThat(printed).contains("0 workers here", "training nodes: 1 worker JVMs × 1 workers on the loopback interface;"
                + " 1 workers in all", "submissions: 14; distinct computation keys: 5; computations trained: 5", "ended: 14 SUCCEEDED");
    }

    @Test
    void theClassBenchWillNotLeaveEveryRunWithoutAMachine() {
        assertThat(bench("class", "--train-locally", "no")).isEqualTo(2);
        assertThat(err()).contains("--train-locally no needs --nodes N");
    }

    @Test
    void theBenchTimesTheTestPassARunEndsWithAndPrintsItsAccuracy() throws Exception {
        CifarFixtures.writeFolder(temp.resolve("data"));

        int exit = bench("--epochs", "1", "--train-size", "100");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed + err()).isZero();
        assertThat(printed).containsPattern("test pass of 10,000 images: \\d+\\.\\d{2} s")
                .containsPattern("test accuracy: [01]\\.\\d{4}, test loss: \\d+\\.\\d{4}");
    }
}
