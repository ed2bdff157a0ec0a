package com.cifarlab.runs;

import static com.cifarlab.runs.TestRuns.properties;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.cifarlab.config.CifarLabProperties;
import com.cifarlab.evaluation.TestReport;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.training.InvalidModelFileException;
import com.cifarlab.training.ModelCard;
import com.cifarlab.training.ModelFiles;
import com.cifarlab.training.TrainingSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelUploadsTest {

    private static final TrainingSpec SPEC = TestRuns.spec(5);
    private static final byte[] MODEL = "PK model".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path runsDir;

    private final FakeTrainer trainer = new FakeTrainer();
    private LabSessionService sessions;
    private RunService runs;
    private ModelUploads uploads;

    /** Accepts files that start with "PK"; evaluation gives a 0.3-accuracy report, like the fake trainer's runs. */
    private static final class FakeModelFiles implements ModelFiles {

        volatile String inspectedOn;
        volatile CountDownLatch blockUntil;

        @Override
        public ModelCard inspect(Path file) {
            inspectedOn = Thread.currentThread().getName();
            try {
                CountDownLatch latch = blockUntil;
                if (latch != null) {
                    latch.await(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                if (!Files.readString(file, StandardCharsets.ISO_8859_1).startsWith("PK")) {
                    throw new InvalidModelFileException(file.getFileName() + " is not a CIFAR Lab model file.");
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return card(0.3);
        }

        @Override
        public TestReport evaluate(Path file) {
            inspect(file);
            return FakeTrainer.report(0.3);
        }
    }

    private final FakeModelFiles modelFiles = new FakeModelFiles();

    private ModelUploads uploads(long maxSize) {
        return uploads(maxSize, Duration.ofSeconds(30));
    }

    private ModelUploads uploads(long maxSize, Duration checkTimeLimit) {
        CifarLabProperties base = properties(runsDir, 1);
        CifarLabProperties settings = new CifarLabProperties(base.dataDir(), base.runsDir(), base.downloadUrl(), 1,
                base.maxRunning(), base.maxWaiting(), base.runTimeLimit(), maxSize, base.minFreeDisk(), true, null);
        sessions = TestSessions.service(runsDir, Clock.systemUTC());
        runs = new RunService(settings, trainer, sessions, Clock.systemUTC());
        runs.start();
        uploads = new ModelUploads(modelFiles, runs, settings, checkTimeLimit);
        return uploads;
    }

    @AfterEach
    void stop() {
        if (runs != null) {
            runs.stop();
            uploads.destroy();
        }
    }

    static ModelCard card(double accuracy) {
        return new ModelCard(ModelCard.FORMAT, "test", "test", "2025-03-01T09:00:00Z", SPEC, SPEC.seed(),
                List.of("airplane", "automobile"), ModelCard.NORMALISATION, 1, List.of(), 2,
                new ModelCard.TestSummary(1.7, accuracy, 0.5));
    }

    @Test
    void aGoodFileIsCheckedEvaluatedAndThenDeleted() throws Exception {
        ModelUploads service = uploads(50_000_000);

        ModelUploads.ReceivedModel received = service.receive("ada", "my model.zip", new ByteArrayInputStream(MODEL))
                .get(30, TimeUnit.SECONDS);

        assertThat(received.fileName()).isEqualTo("my model.zip");
        assertThat(received.file().getFileName().toString()).isEqualTo("my model.zip");
        assertThat(received.card().test().accuracy()).isEqualTo(0.3);
        ModelUploads.EvaluatedModel evaluated = service.evaluate(received).get(30, TimeUnit.SECONDS);
        assertThat(evaluated.test().accuracy()).isEqualTo(0.3);
        assertThat(evaluated.fileName()).isEqualTo("my model.zip");
        assertThat(received.file().getParent()).doesNotExist();
    }

    @Test
    void aFileThatIsNotAZipIsRefusedByItsName() {
        ModelUploads service = uploads(50_000_000);

        assertThatThrownBy(() -> service.receive("ada", "cat.png", new ByteArrayInputStream(MODEL)))
                .isInstanceOf(InvalidModelFileException.class)
                .hasMessage("cat.png is not a .zip file; upload the model file (.zip) that a run's download gave you.");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedAndLeavesNothingBehind() throws IOException {
        ModelUploads service = uploads(2_000);
        Set<Path> before = uploadFolders();

        assertThatThrownBy(() -> service.receive("ada", "big.zip", new ByteArrayInputStream(new byte[2_001])))
                .isInstanceOf(InvalidModelFileException.class)
                .hasMessage("big.zip is larger than the 2 kB a model file may have here.");
        assertThat(uploadFolders()).isEqualTo(before);
        assertThat(service.maxSize()).isEqualTo(2_000);
    }

    @Test
    void aCorruptFileIsRefusedWithTheCheckersMessageAndLeavesNothingBehind() throws IOException {
        ModelUploads service = uploads(50_000_000);
        Set<Path> before = uploadFolders();

        CompletableFuture<ModelUploads.ReceivedModel> checked =
                service.receive("ada", "broken.zip", new ByteArrayInputStream(new byte[] {1, 2, 3}));

        assertThatThrownBy(() -> checked.get(30, TimeUnit.SECONDS))
                .cause().hasMessage("broken.zip is not a CIFAR Lab model file.");
        await().atMost(Duration.ofSeconds(10)).until(() -> uploadFolders().equals(before));
    }

    @Test
    void anUploadThatBreaksOffIsReportedClearly() {
        ModelUploads service = uploads(50_000_000);
        InputStream breaking = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThatThrownBy(() -> service.receive("ada", "model.zip", breaking))
                .hasMessage("The upload of model.zip broke off before the end; try again.");
    }

    @Test
    void theFileIsReadOnTheCheckersThreadNotTheUploadRequestsOne() throws Exception {
        ModelUploads service = uploads(50_000_000);

        ModelUploads.ReceivedModel received = service.receive("ada", "model.zip", new ByteArrayInputStream(MODEL))
                .get(30, TimeUnit.SECONDS);

        assertThat(modelFiles.inspectedOn).startsWith("cifar-lab-model-check-").isNotEqualTo(Thread.currentThread().getName());
        service.discard(received);
    }

    @Test
    void aStudentHasOneFileInTheCheckerAtATimeAndMayUploadAgainOnceItIsDone() throws Exception {
        ModelUploads service = uploads(50_000_000);
        ModelUploads.ReceivedModel first = service.receive("ada", "first.zip", new ByteArrayInputStream(MODEL))
                .get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> service.receive("ada", "second.zip", new ByteArrayInputStream(MODEL)))
                .isInstanceOf(InvalidModelFileException.class)
                .hasMessage("Your previous model file is still being checked; upload second.zip again when its result"
                        + " is shown.");
        assertThat(service.receive("bea", "hers.zip", new ByteArrayInputStream(MODEL)).get(30, TimeUnit.SECONDS))
                .as("another student is not held up").isNotNull();

        service.evaluate(first).get(30, TimeUnit.SECONDS);
        assertThat(service.receive("ada", "second.zip", new ByteArrayInputStream(MODEL)).get(30, TimeUnit.SECONDS))
                .isNotNull();
    }

    @Test
    void aFileWhoseCheckTakesTooLongIsRefusedAndFreesTheStudent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        modelFiles.blockUntil = release;
        ModelUploads service = uploads(50_000_000, Duration.ofMillis(200));

        CompletableFuture<ModelUploads.ReceivedModel> slow =
                service.receive("ada", "slow.zip", new ByteArrayInputStream(MODEL));

        assertThatThrownBy(() -> slow.get(30, TimeUnit.SECONDS)).cause()
                .isInstanceOf(InvalidModelFileException.class)
                .hasMessage("Checking slow.zip took longer than 0 s, so it was refused; a CIFAR Lab model file is read"
                        + " in a second or two.");
        release.countDown();
        modelFiles.blockUntil = null;
        assertThat(service.receive("ada", "next.zip", new ByteArrayInputStream(MODEL)).get(30, TimeUnit.SECONDS))
                .isNotNull();
    }

    @Test
    void theOriginIsTheCallersSucceededRunWithTheCardsSpecAndAccuracy() {
        ModelUploads service = uploads(50_000_000);
        Caller ada = Caller.student(TestSessions.join(sessions, "Ada"));
        Caller bea = Caller.student(TestSessions.join(sessions, "Bea"));
        String adasRun = runs.submit(ada, SPEC).id();
        String otherSpec = runs.submit(ada, SPEC.withEpochs(3)).id();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                runs.get(ada, adasRun).state().isFinal() && runs.get(ada, otherSpec).state().isFinal());

        assertThat(service.origin(ada, card(0.3))).map(RunSnapshot::id).hasValue(adasRun);
        assertThat(service.origin(ada, card(0.31))).isEmpty();
        assertThat(service.origin(bea, card(0.3))).as("another student's run stays hidden").isEmpty();
        assertThat(service.origin(Caller.instructor(), card(0.3))).map(RunSnapshot::id).hasValue(adasRun);
    }

    @Test
    void fileNamesLoseTheirFoldersAndOddCharacters() {
        assertThat(ModelUploads.safeName("C:\\Users\\ada\\model.zip")).isEqualTo("model.zip");
        assertThat(ModelUploads.safeName("../../etc/run.zip")).isEqualTo("run.zip");
        assertThat(ModelUploads.safeName("a<b>:c.zip")).isEqualTo("a_b__c.zip");
        assertThat(ModelUploads.safeName("..")).isEqualTo("model.zip");
        assertThat(ModelUploads.safeName(null)).isEqualTo("model.zip");
        assertThat(ModelUploads.describeSize(50_000_000)).isEqualTo("50 MB");
    }

    private static Set<Path> uploadFolders() throws IOException {
        try (Stream<Path> temp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return temp.filter(p -> p.getFileName().toString().startsWith("cifar-lab-upload-")).collect(Collectors.toSet());
        }
    }
}
