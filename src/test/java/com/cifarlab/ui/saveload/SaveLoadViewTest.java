package com.cifarlab.ui.saveload;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.UploadKt._upload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.model.Activation;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.training.dl4j.Dl4jTrainer;
import com.cifarlab.ui.FixtureKaribuTest;
import com.cifarlab.ui.components.FinishedRunSelect;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.upload.FileRejectedEvent;
import com.vaadin.flow.component.upload.Upload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SaveLoadViewTest extends FixtureKaribuTest {

    /** The seed whose runs the real engine trains: tiny, on 200 fixture images for one epoch. */
    private static final long REAL_SEED = 8_008;
    private static final TrainingSpec REAL = new TrainingSpec(
            ModelSpec.customMlp(List.of(new HiddenLayer(32, Activation.RELU, 0))), Optimizer.ADAM, 0.001,
            LossFunction.CATEGORICAL_CROSSENTROPY, 1, 32, REAL_SEED, 200, 0);

    @Autowired
    FakeTrainer fakeTrainer;

    @Autowired
    Dl4jTrainer engine;

    @Test
    void aModelFileOfARealRunEvaluatesToTheRunsAccuracyAndABadFileThenChangesNothing() throws IOException {
        fakeTrainer.script(REAL_SEED, training -> training.by(engine));
        Caller ada = startStudent("Ada");
        RunSnapshot run = finishedRun(ada, REAL);
        byte[] model = Files.readAllBytes(runs.model(ada, run.id()).file());
        UI.getCurrent().navigate("save-load");

        _upload(upload(), "my-model.zip", "application/zip", model);
        awaitUploadHandled(() -> !_find(Paragraph.class, spec -> spec.withClasses("accuracy-comparison")).isEmpty());

        String accuracy = FinishedRunSelect.accuracy(run.test().accuracy());
        assertThat(text("accuracy-comparison")).isEqualTo("Same accuracy as the run: " + accuracy + " = " + accuracy);
        assertThat(text("comparison-detail")).contains("run " + run.id());
        assertThat(_find(Div.class, spec -> spec.withClasses("upload-result")).get(0).getElement().getTextRecursively())
                .contains("my-model.zip: Custom MLP with 98,666 parameters, trained 1 epoch with ADAM, saved 20");

        _upload(upload(), "broken.zip", "application/zip", "not a zip".getBytes(StandardCharsets.UTF_8));
        awaitUploadHandled(() -> !_find(Paragraph.class, spec -> spec.withClasses("upload-error")).isEmpty());

        assertThat(text("upload-error")).isEqualTo("broken.zip is not a CIFAR Lab model file: it is not a complete "
                + "zip archive (it may be truncated or of another kind).");
        assertThat(text("accuracy-comparison")).as("the last good result stays")
                .isEqualTo("Same accuracy as the run: " + accuracy + " = " + accuracy);
    }

    @Test
    void aCorruptFileIsRejectedWithAClearMessage() {
        startStudent("Bea");
        UI.getCurrent().navigate("save-load");

        _upload(upload(), "model.zip", "application/zip", new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2, 3});
        awaitUploadHandled(() -> !_find(Paragraph.class, spec -> spec.withClasses("upload-error")).isEmpty());

        assertThat(text("upload-error")).isEqualTo("model.zip is not a CIFAR Lab model file: it is not a complete "
                + "zip archive (it may be truncated or of another kind).");
        NotificationsKt.expectNotifications(text("upload-error"));
        _assertNone(Paragraph.class, spec -> spec.withClasses("accuracy-comparison"));
    }

    @Test
    void anEmptyFileAndAFileOfAnotherKindAreRejectedClearly() {
        UI.getCurrent().navigate("save-load");

        _upload(upload(), "empty.zip", "application/zip", new byte[0]);
        awaitUploadHandled(() -> !_find(Paragraph.class, spec -> spec.withClasses("upload-error")).isEmpty());
        assertThat(text("upload-error")).isEqualTo("empty.zip is empty, so it is not a CIFAR Lab model file.");

        _upload(upload(), "cat.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        MockVaadin.runUIQueue();
        assertThat(text("upload-error"))
                .isEqualTo("cat.png is not a .zip file; upload the model file (.zip) that a run's download gave you.");
    }

    @Test
    void aFileTheBrowserRefusesAsTooLargeIsExplained() {
        UI.getCurrent().navigate("save-load");
        Upload upload = upload();

        ComponentUtil.fireEvent(upload, new FileRejectedEvent(upload, "File is Too Big.", "huge.zip"));

        assertThat(text("upload-error"))
                .isEqualTo("huge.zip is larger than the 50 MB a model file may have here.");
        assertThat(upload.getMaxFileSize()).isEqualTo(50_000_000);
        assertThat(upload.getAcceptedFileTypes()).contains(".zip");
    }

    @Test
    void aFinishedRunsModelIsOfferedForDownload() {
        Caller cleo = startStudent("Cleo");
        RunSnapshot run = finishedRun(cleo, TrainingSpec.labDefaults().withEpochs(1));
        UI.getCurrent().navigate("save-load");

        assertThat(_get(FinishedRunSelect.class).getValue().id()).isEqualTo(run.id());
        Anchor link = _get(Anchor.class, spec -> spec.withClasses("model-download-link"));
        assertThat(link.isEnabled()).isTrue();
        assertThat(link.getText()).isEqualTo("Download model file");
        assertThat(link.getHref()).isNotBlank();
    }

    @Test
    void withoutAFinishedRunThereIsNothingToDownloadYet() {
        startStudent("Dan");
        UI.getCurrent().navigate("save-load");

        assertThat(_get(Div.class, spec -> spec.withClasses("no-finished-run")).getElement().getTextRecursively())
                .contains("No model to download yet", "Train a network on Step 5");
        _assertNone(FinishedRunSelect.class);
    }

    @Test
    void explainsTheFileTheOptimizerStateAndOfflineEvaluation() {
        UI.getCurrent().navigate("save-load");

        assertThat(_get(SaveLoadView.class).getElement().getTextRecursively())
                .contains("updaterState.bin", "model-card.json", "continue training");
        assertThat(_find(Code.class)).extracting(Code::getText).contains("java -jar cifar-lab.jar evaluate --model FILE");
    }

    private static Upload upload() {
        return _get(Upload.class);
    }

    private static String text(String className) {
        return _get(Paragraph.class, spec -> spec.withClasses(className)).getText();
    }

    /** Runs the page's queued ui.access tasks until the upload's outcome shows. */
    private static void awaitUploadHandled(java.util.concurrent.Callable<Boolean> shown) {
        await().pollInSameThread().atMost(Duration.ofSeconds(60)).until(() -> {
            MockVaadin.runUIQueue();
            return shown.call();
        });
    }
}
