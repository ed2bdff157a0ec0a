package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.cifarlab.dataset.CifarImages;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.testdata.CifarFixtures;
import com.cifarlab.testdata.HostileContent;
import com.cifarlab.training.CancelSignal;
import com.cifarlab.training.InvalidModelFileException;
import com.cifarlab.training.ModelCard;
import com.cifarlab.training.TrainingResult;
import com.cifarlab.training.TrainingSpec;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Dl4jModelFilesTest {

    static TrainingResult trained;
    static Path modelFile;

    @TempDir
    static Path folder;

    private final Dl4jModelFiles files = new Dl4jModelFiles(null);

    @BeforeAll
    static void trainAndSave() throws IOException {
        Dl4jTrainer trainer = new Dl4jTrainer(null, Duration.ofHours(1), Clock.systemUTC(), BatchHook.NONE);
        trained = trainer.train(Dl4jTrainerTest.SMALL.withEpochs(2), Dl4jTrainerTest.DATA, Dl4jTrainerTest.SPLIT,
                event -> { }, new CancelSignal());
        modelFile = folder.resolve("runs/model.zip");
        trained.model().writeTo(modelFile);
    }

    @Test
    void aSavedModelLoadsWithIdenticalOutputsAndOptimizerState() {
        MultiLayerNetwork original = ((Dl4jModelArtifact) trained.model()).network();

        MultiLayerNetwork loaded = files.load(modelFile).network();

        CifarImages images = Dl4jTrainerTest.DATA.test();
        ImageBatch batch = ImageBatch.forNetwork(original, 16, 10);
        batch.load(images, IntStream.range(0, 16).toArray(), 0);
        INDArray before = original.output(batch.features(), false);
        INDArray after = loaded.output(batch.features(), false);
        assertThat(after.toFloatMatrix()).isDeepEqualTo(before.toFloatMatrix());
        assertThat(loaded.params().toFloatVector()).containsExactly(original.params().toFloatVector());
        assertThat(loaded.getUpdater().getStateViewArray().toFloatVector())
                .containsExactly(original.getUpdater().getStateViewArray().toFloatVector());
    }

    @Test
    void aModelTrainedOnTheLeanLayersStillLoadsWithPlainDl4j() throws IOException {
        MultiLayerNetwork original = ((Dl4jModelArtifact) trained.model()).network();

        MultiLayerNetwork plain = ModelSerializer.restoreMultiLayerNetwork(modelFile.toFile(), true);

        assertThat(plain.getLayerWiseConfigurations()).isEqualTo(original.getLayerWiseConfigurations());
        assertThat(plain.params().toFloatVector()).containsExactly(original.params().toFloatVector());
    }

    @Test
    void theCardDescribesTheRun() throws IOException {
        ModelCard card = files.inspect(modelFile);

        assertThat(card.format()).isEqualTo("cifar-lab-model/1");
        assertThat(card.spec()).isEqualTo(trained.spec());
        assertThat(card.seed()).isEqualTo(42);
        assertThat(card.classNames()).isEqualTo(CifarFixtures.CLASS_NAMES);
        assertThat(card.normalisation()).isEqualTo("pixels/255, NCHW 3x32x32");
        assertThat(card.parameters()).isEqualTo(3072L * 64 + 64 + 650);
        assertThat(card.epochs()).isEqualTo(trained.epochs());
        assertThat(card.bestEpoch()).isEqualTo(trained.bestEpoch());
        assertThat(card.test().accuracy()).isEqualTo(trained.test().accuracy());
        assertThat(card.dl4jVersion()).isEqualTo("1.0.0-M2.1");
        try (ZipFile zip = new ZipFile(modelFile.toFile())) {
            assertThat(zip.getEntry("updaterState.bin")).as("the optimizer state is saved").isNotNull();
            String json = new String(zip.getInputStream(zip.getEntry("model-card.json")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(json).contains("\"normalisation\" : \"pixels/255, NCHW 3x32x32\"").doesNotContain("convolutional");
        }
    }

    @Test
    void evaluatingTheLoadedModelGivesTheRunsTestResult() {
        TestReport report = Dl4jModelFiles.evaluate(files.load(modelFile), Dl4jTrainerTest.DATA);

        assertThat(report.accuracy()).isEqualTo(trained.test().accuracy());
        assertThat(report.loss()).isEqualTo(trained.test().loss());
        assertThat(report.confusion().counts()).isDeepEqualTo(trained.test().confusion().counts());
    }

    @Test
    void writingLeavesNoTemporaryFileAndReplacesAnOldModel() throws IOException {
        Path target = folder.resolve("replace/model.zip");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "old");

        trained.model().writeTo(target);

        try (var listing = Files.list(target.getParent())) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("model.zip");
        }
        assertThat(files.inspect(target).spec()).isEqualTo(trained.spec());
    }

    @Test
    void anEmptyFileIsRejectedClearly() throws IOException {
        Path empty = Files.createFile(folder.resolve("empty.zip"));

        assertRejected(empty, "empty.zip is empty, so it is not a CIFAR Lab model file.");
    }

    @Test
    void aPictureIsRejectedClearly() throws IOException {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        Path picture = Files.write(folder.resolve("cat.png"), png);

        assertRejected(picture, "cat.png is not a CIFAR Lab model file: it is not a complete zip archive"
                + " (it may be truncated or of another kind).");
    }

    @Test
    void aTruncatedModelIsRejectedClearly() throws IOException {
        byte[] whole = Files.readAllBytes(modelFile);
        Path truncated = Files.write(folder.resolve("truncated.zip"), Arrays.copyOf(whole, whole.length / 2));

        assertRejected(truncated, "truncated.zip is not a CIFAR Lab model file: it is not a complete zip archive"
                + " (it may be truncated or of another kind).");
    }

    @Test
    void anUnrelatedZipIsRejectedClearly() throws IOException {
        Path zip = folder.resolve("holiday.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("photo.jpg"));
            out.write(new byte[] {1, 2, 3});
        }

        assertRejected(zip, "holiday.zip is a zip archive but not a CIFAR Lab model file: it has no model-card.json.");
    }

    @Test
    void aPlainDl4jModelWithoutACardIsRejectedClearly() throws IOException {
        Path plain = folder.resolve("plain.zip");
        ModelSerializer.writeModel(Networks.build(TrainingSpec.labDefaults()), plain.toFile(), false);

        assertRejected(plain, "plain.zip is a zip archive but not a CIFAR Lab model file: it has no model-card.json.");
    }

    @Test
    void aDamagedCardIsRejectedClearly() throws IOException {
        Path damaged = copyWithCard("damaged.zip", "{ \"format\": ".getBytes(StandardCharsets.UTF_8));

        assertRejected(damaged, "damaged.zip has a damaged model-card.json that cannot be read.");
    }

    @Test
    void damagedWeightsAreRejectedClearly() throws IOException {
        byte[] weights = entry("coefficients.bin");
        Path damaged = copyWith("weights.zip", Map.of("coefficients.bin", Arrays.copyOf(weights, 40)));

        assertRejected(damaged, "weights.zip has a damaged network: its coefficients.bin does not hold the arrays its"
                + " model card describes.");
    }

    @Test
    void weightsWhoseHeaderClaimsAHugeArrayAreRefusedBeforeAnythingIsAllocated() throws IOException {
        byte[] weights = entry("coefficients.bin");
        ByteArrayOutputStream forged = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(forged);
        INDArray shape = Nd4j.createFromArray(1L, 1L);
        shape.data().write(out);
        out.writeUTF("MIXED_DATA_TYPES");
        out.writeLong(1L << 40);
        out.writeUTF("FLOAT");
        out.write(weights, 0, 1000);
        Path bomb = copyWith("huge.zip", Map.of("coefficients.bin", forged.toByteArray()));

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertRejected(bomb, "huge.zip has a damaged network: its"
                + " coefficients.bin does not hold the arrays its model card describes."));
    }

    @Test
    void aSerializedObjectInPreprocessorBinIsRefusedWithoutBeingRead() throws IOException {
        Path withDate = copyWith("date.zip", Map.of("preprocessor.bin", HostileContent.serialized(new Date())));

        assertRejected(withDate, "date.zip was refused: it contains 'preprocessor.bin', which CIFAR Lab never writes"
                + " (a model file holds configuration.json, coefficients.bin, updaterState.bin, model-card.json).");
    }

    @Test
    void aDeserializationDepthBombIsRefusedInWellUnderASecond() throws IOException {
        Path bomb = copyWith("bomb.zip", Map.of("preprocessor.bin", HostileContent.nestedHashSets(30)));

        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> assertThatThrownBy(() -> files.load(bomb))
                .isInstanceOf(InvalidModelFileException.class)
                .hasMessageContaining("'preprocessor.bin', which CIFAR Lab never writes"));
    }

    @Test
    void anEntryThatInflatesPastItsLimitIsRefusedAsAZipBomb() throws IOException {
        Path bomb = copyWith("zipbomb.zip", Map.of("coefficients.bin", new byte[200_000_000]));

        assertThatThrownBy(() -> files.load(bomb))
                .isInstanceOf(InvalidModelFileException.class)
                .hasMessageStartingWith("zipbomb.zip was refused: its entry coefficients.bin inflates to more than ")
                .hasMessageEndingWith(" MB, far more than a CIFAR Lab model needs.");
    }

    @Test
    void anEntryNameThatPointsOutsideTheArchiveIsRefused() throws IOException {
        Path escaping = copyWith("escape.zip", Map.of("../../etc/cron.d/job", new byte[] {1}));

        assertRejected(escaping, "escape.zip was refused: its entry '../../etc/cron.d/job' points outside the archive.");
    }

    @Test
    void aNestedArchiveIsRefused() throws IOException {
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(inner)) {
            out.putNextEntry(new ZipEntry("configuration.json"));
            out.write(entry("configuration.json"));
        }
        Path nested = copyWith("nested.zip", Map.of("configuration.json", inner.toByteArray()));

        assertRejected(nested, "nested.zip was refused: its entry configuration.json is itself an archive.");
    }

    @Test
    void anArchiveWithTheSameEntryTwiceIsRefused() throws IOException {
        Path twice = copyWith("twice.zip", Map.of("model-card.jsoX", entry("model-card.json")));
        byte[] bytes = Files.readAllBytes(twice);
        String latin = new String(bytes, StandardCharsets.ISO_8859_1).replace("model-card.jsoX", "model-card.json");
        Files.write(twice, latin.getBytes(StandardCharsets.ISO_8859_1));

        assertRejected(twice, "twice.zip was refused: it holds the entry model-card.json twice.");
    }

    @Test
    void aCardThatDoesNotMatchTheNetworkIsRejectedClearly() throws IOException {
        ModelCard card = files.inspect(modelFile);
        ModelCard lying = new ModelCard(card.format(), card.cifarLabVersion(), card.dl4jVersion(), card.createdAt(),
                card.spec().withModel(ModelSpec.labMlp()), card.seed(), card.classNames(), card.normalisation(),
                card.parameters(), card.epochs(), card.bestEpoch(), card.test());
        Path mismatched = copyWithCard("mismatch.zip", ModelCardJson.write(lying));

        assertRejected(mismatched, "mismatch.zip holds a network with 197322 parameters, but its model card describes"
                + " one with 1707274.");
    }

    @Test
    void aMissingFileIsRejectedClearly() {
        Path missing = folder.resolve("nothing.zip");
        assertRejected(missing, missing + " does not exist or is not a file.");
    }

    private void assertRejected(Path file, String message) {
        assertThatThrownBy(() -> files.load(file)).isInstanceOf(InvalidModelFileException.class).hasMessage(message);
    }

    private static Path copyWithCard(String name, byte[] card) throws IOException {
        return copyWith(name, Map.of("model-card.json", card));
    }

    /** A copy of the trained model file with the given entries replaced, or added when new. */
    private static Path copyWith(String name, Map<String, byte[]> entries) throws IOException {
        Path copy = folder.resolve(name);
        Map<String, byte[]> pending = new LinkedHashMap<>(entries);
        try (ZipFile source = new ZipFile(modelFile.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry entry : java.util.Collections.list(source.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                byte[] replacement = pending.remove(entry.getName());
                out.write(replacement != null ? replacement : source.getInputStream(entry).readAllBytes());
            }
            for (Map.Entry<String, byte[]> added : pending.entrySet()) {
                out.putNextEntry(new ZipEntry(added.getKey()));
                out.write(added.getValue());
            }
        }
        return copy;
    }

    private static byte[] entry(String name) throws IOException {
        try (ZipFile zip = new ZipFile(modelFile.toFile())) {
            return zip.getInputStream(zip.getEntry(name)).readAllBytes();
        }
    }
}
