package com.cifarlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.testdata.CifarFixtures;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

class TrainAndEvaluateCommandTest {

    @TempDir
    static Path temp;
    static Path fixtureFolder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeAll
    static void writeFixture() throws IOException {
        fixtureFolder = CifarFixtures.writeFolder(temp.resolve("data"));
    }

    private CifarLabProperties settings() {
        return new CifarLabProperties(temp.resolve("no-import"), temp.resolve("runs"), "http://localhost/none", 0, 1, 3,
                Duration.ofHours(2), 50_000_000, DataSize.ofMegabytes(1), true, null);
    }

    private int train(String... args) {
        return new TrainCommand(settings(), Clock.systemUTC(), print(out), print(err)).run(args);
    }

    private int evaluate(String... args) {
        return new EvaluateCommand(settings(), Clock.systemUTC(), print(out), print(err)).run(args);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anOutOfRangeValueIsRefusedNamingTheOptionAndTheRange() {
        assertThat(train("--epochs", "0")).isEqualTo(2);
        assertThat(err()).isEqualTo("--epochs: Epochs must be between 1 and 200 (got 0).\n");
        assertThat(out()).isEmpty();
    }

    @Test
    void otherBadOptionsAreRefusedInOneSentence() {
        assertThat(train("--batch", "4096")).isEqualTo(2);
        assertThat(train("--lr", "2")).isEqualTo(2);
        assertThat(train("--train-size", "50")).isEqualTo(2);
        assertThat(train("--preset", "resnet")).isEqualTo(2);
        assertThat(train("--epochs", "ten")).isEqualTo(2);
        assertThat(train("--colour", "blue")).isEqualTo(2);
        assertThat(train("--seed")).isEqualTo(2);

        assertThat(err().lines()).containsExactly(
                "--batch: Batch size must be between 8 and 1024 (got 4096).",
                "--lr: Learning rate must be greater than 0 and at most 1 (got 2.0).",
                "--train-size: Training images (0 for all) must be between 100 and 40000 (got 50).",
                "--preset must be one of cnn, mlp (got resnet).",
                "--epochs expects a whole number (got ten).",
                "Unknown option --colour; this command takes --batch, --data, --epochs, --loss, --lr, --optimizer, "
                        + "--out, --patience, --preset, --seed, --train-size.",
                "--seed needs a value.");
    }

    @Test
    void trainingWithoutImportedDataSaysHowToImportIt() {
        assertThat(train("--epochs", "1")).isEqualTo(1);

        assertThat(err()).startsWith("CIFAR-10 is not imported yet").doesNotContain("Exception").hasLineCount(1);
    }

    @Test
    void aCorruptModelFileIsRefusedInOneSentence() throws IOException {
        Path corrupt = Files.writeString(temp.resolve("corrupt.zip"), "this is not a model");

        assertThat(evaluate("--model", corrupt.toString(), "--data", fixtureFolder.toString())).isEqualTo(1);

        assertThat(err()).isEqualTo("corrupt.zip is not a CIFAR Lab model file: it is not a complete zip archive"
                + " (it may be truncated or of another kind).\n");
    }

    @Test
    void evaluateNeedsAModel() {
        assertThat(evaluate()).isEqualTo(2);

        assertThat(err()).isEqualTo("Say which model to evaluate: " + EvaluateCommand.USAGE + "\n");
    }

    @Test
    void aTinyRunPrintsKerasLikeLinesSavesTheModelAndEvaluateReadsItBackFromAnArchive() throws IOException {
        Path model = temp.resolve("out/tiny.zip");

        int trained = train("--data", fixtureFolder.toString(), "--train-size", "200", "--epochs", "2", "--batch", "32",
                "--out", model.toString());

        assertThat(err()).isEmpty();
        assertThat(trained).isZero();
        String output = out();
        assertThat(output).contains("Total params: 1,707,274 (6.51 MB)",
                "Train on 200 samples, validate on 10000 samples (7 batches per epoch)",
                "              precision    recall  f1-score   support", "weighted avg", "true \\ predicted",
                "Model saved to " + model);
        assertThat(output).containsPattern(
                "Epoch 1/2 - \\d+\\.\\ds - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4} - val_loss: \\d\\.\\d{4} - val_accuracy: \\d\\.\\d{4}\n");
        assertThat(output).containsPattern("Epoch 2/2 - ");
        String accuracy = testAccuracy(output);
        assertThat(Files.size(model)).isPositive();

        out.reset();
        Path archive = tarGz(fixtureFolder, temp.resolve("cifar-10-binary.tar.gz"));
        assertThat(evaluate("--model", model.toString(), "--data", archive.toString())).isZero();

        assertThat(out()).contains("tiny.zip: LAB_MLP, 1,707,274 parameters, trained 2 epochs");
        assertThat(testAccuracy(out())).isEqualTo(accuracy);
    }

    private static String testAccuracy(String output) {
        Matcher matcher = Pattern.compile("(?m)^test accuracy: (0\\.\\d{4})$").matcher(output);
        assertThat(matcher.find()).as("a test accuracy line in:\n" + output).isTrue();
        return matcher.group(1);
    }

    private static Path tarGz(Path folder, Path archive) throws IOException {
        GzipParameters fast = new GzipParameters();
        fast.setCompressionLevel(1);
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(archive), 1 << 20);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file, fast));
             Stream<Path> files = Files.list(folder)) {
            for (Path path : files.sorted().toList()) {
                TarArchiveEntry entry = new TarArchiveEntry(path.toFile(), folder.getFileName() + "/" + path.getFileName());
                tar.putArchiveEntry(entry);
                Files.copy(path, tar);
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }
}
