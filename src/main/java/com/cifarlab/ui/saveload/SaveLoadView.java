package com.cifarlab.ui.saveload;

import static com.cifarlab.ui.components.StepLayout.card;
import static com.cifarlab.ui.components.StepLayout.cards;
import static com.cifarlab.ui.components.StepLayout.count;
import static com.cifarlab.ui.components.StepLayout.emptyState;
import static com.cifarlab.ui.components.StepLayout.lead;
import static com.cifarlab.ui.components.StepLayout.section;

import com.cifarlab.dataset.SampleImages;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.ModelUploads;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.training.InvalidModelFileException;
import com.cifarlab.training.ModelCard;
import com.cifarlab.ui.components.FinishedRunSelect;
import com.cifarlab.ui.components.ModelDownloadHandler;
import com.cifarlab.ui.components.StepLayout;
import com.cifarlab.ui.components.TestReportPanel;
import com.cifarlab.ui.session.StudentSessions;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Step 8, Save and load: download a finished run's model file, and upload a model file to check
 * that, loaded back, it scores exactly what its run scored.
 */
@Route("save-load")
@Menu(order = 8, title = "Save and load", icon = "vaadin:download")
@PageTitle("Step 8: Save and load · CIFAR Lab")
@AnonymousAllowed
public class SaveLoadView extends Div {

    static final String EVALUATE_COMMAND = "java -jar cifar-lab.jar evaluate --model FILE";
    private static final DateTimeFormatter SAVED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final RunService runs;
    private final ModelUploads uploads;
    private final SampleImages samples;
    private final Optional<Caller> caller;
    private final FinishedRunSelect runSelect;
    private final Anchor download = new Anchor();
    private final Upload upload = new Upload();
    private final Div uploadStatus = new Div();
    private final Span uploadStatusText = new Span();
    private final Paragraph uploadError = new Paragraph();
    private final Div uploadResult = new Div();

    public SaveLoadView(RunService runs, ModelUploads uploads, StudentSessions students, SampleImages samples) {
        StepLayout.page(this, "save-load-view");
        this.runs = runs;
        this.uploads = uploads;
        this.samples = samples;
        this.caller = students.caller();
        runSelect = new FinishedRunSelect("Run", students.isInstructor());
        add(lead("Training takes minutes; the result should not vanish with the server. A run's trained network "
                + "is saved as one file, which you can download, keep, load again and evaluate anywhere: here, "
                + "or offline on the command line. Loaded back, it must give exactly the same test accuracy."));
        add(cards(
                card("What is inside the file",
                        new Paragraph("A zip archive, as Keras's model.save writes one file: the network "
                                + "(configuration.json: the layers; coefficients.bin: every weight and bias), the "
                                + "optimizer's state (updaterState.bin), and model-card.json: how it was trained "
                                + "(architecture, optimizer, learning rate, loss, epochs, seed), the class names, "
                                + "how to prepare the input (pixels ÷ 255), the learning curves and the test result.")),
                card("Why the optimizer's state is saved",
                        "Adam keeps, for every parameter, running averages of its gradients and of their squares: "
                                + "two more numbers per weight. They are what lets it take well-sized steps. To "
                                + "continue training from the file, the optimizer needs them back; without them it "
                                + "starts from zero, its first steps are poorly scaled and the network can lose some "
                                + "of what it learned before settling again."),
                card("Evaluating offline",
                        new Paragraph("The same check runs without the web app, on the imported data, with the "
                                + "jar the server runs:"),
                        new Code(EVALUATE_COMMAND),
                        new Paragraph("It prints the file's card, then the test loss, accuracy, confusion matrix "
                                + "and classification report."))));
        add(section("model-download", "Save: download a model", downloadContent()));
        add(section("model-upload", "Load: upload a model and evaluate it", uploadContent()));
    }

    private Component downloadContent() {
        List<RunSnapshot> visible = caller.map(runs::list).orElse(List.of());
        runSelect.setRuns(visible.stream().filter(RunSnapshot::modelAvailable).toList());
        if (!runSelect.hasRuns()) {
            return emptyState("no-finished-run", VaadinIcon.DOWNLOAD, "No model to download yet",
                    new Paragraph("Train a network on Step 5; when its run has succeeded, its model file can be "
                            + "downloaded here."),
                    new Anchor("training", "Go to Step 5 · Training"));
        }
        download.setText("Download model file");
        download.addClassName("model-download-link");
        download.setEnabled(false);
        runSelect.addValueChangeListener(e -> offer(e.getValue()));
        runSelect.setValue(runSelect.getListDataView().getItem(0));
        Div row = new Div(runSelect, download);
        row.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.AlignItems.BASELINE,
                LumoUtility.Gap.LARGE);
        return row;
    }

    /** Points the link at the chosen run's model; the run service checks access again on each download. */
    private void offer(RunSnapshot run) {
        if (run == null || caller.isEmpty()) {
            download.setEnabled(false);
            return;
        }
        Caller who = caller.get();
        String runId = run.id();
        download.setHref(ModelDownloadHandler.forRun(runs, who, runId));
        download.setEnabled(true);
    }

    private Component uploadContent() {
        upload.setUploadHandler(this::receive);
        upload.setAcceptedFileTypes(".zip", "application/zip");
        upload.setMaxFiles(1);
        upload.setMaxFileSize((int) Math.min(uploads.maxSize(), Integer.MAX_VALUE));
        upload.setDropAllowed(true);
        // The browser's own words ("File is Too Big.") are the component's, not a sentence for the student.
        upload.addFileRejectedListener(e -> reject(uploads.refusal(e.getFileName())));

        ProgressBar progress = new ProgressBar();
        progress.setIndeterminate(true);
        uploadStatus.add(uploadStatusText, progress);
        uploadStatus.addClassName("upload-status");
        uploadStatus.setVisible(false);
        uploadError.addClassNames("upload-error", LumoUtility.TextColor.ERROR);
        uploadError.setVisible(false);
        uploadResult.addClassName("upload-result");
        return new Div(new Paragraph("Choose a model file (.zip, at most " + uploads.maxSizeText() + "). It is "
                + "checked, evaluated on the 10,000 test images, compared with the run it came from, and then "
                + "deleted from the server."), upload, uploadStatus, uploadError, uploadResult);
    }

    /**
     * Runs on the upload's request thread, without the session lock: only storing the file happens
     * here; it is read, checked and evaluated on the upload service's thread, and the page is
     * changed only through ui.access.
     */
    private void receive(UploadEvent event) {
        UI ui = event.getUI();
        String name = event.getFileName();
        ui.access(() -> busy("Checking " + name + "…"));
        CompletableFuture<ModelUploads.ReceivedModel> checked;
        try (InputStream content = event.getInputStream()) {
            checked = uploads.receive(uploader(event), name, content);
        } catch (InvalidModelFileException e) {
            ui.access(() -> reject(e.getMessage()));
            return;
        } catch (IOException e) {
            ui.access(() -> reject("The upload of " + name + " broke off before the end; try again."));
            return;
        }
        checked.thenCompose(received -> {
            ui.access(() -> busy("Evaluating " + received.fileName() + " on the 10,000 test images…"));
            return uploads.evaluate(received);
        }).whenComplete((evaluated, error) -> ui.access(() -> {
            if (error == null) {
                show(evaluated);
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                reject(cause.getMessage());
            }
        }));
    }

    /** One file in the checker at a time per student, or per browser before a name is set. */
    private String uploader(UploadEvent event) {
        return caller.map(c -> c instanceof Caller.Student student ? "session:" + student.sessionId() : "instructor")
                .orElseGet(() -> "browser:" + event.getUI().getSession().getSession().getId());
    }

    private void busy(String text) {
        uploadStatusText.setText(text);
        uploadStatus.setVisible(true);
        uploadError.setVisible(false);
    }

    /** A file that cannot be used changes nothing: the last good result stays, the message says why. */
    private void reject(String message) {
        uploadStatus.setVisible(false);
        uploadError.setText(message);
        uploadError.setVisible(true);
        upload.clearFileList();
        Notification.show(message, 8000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    private void show(ModelUploads.EvaluatedModel evaluated) {
        uploadStatus.setVisible(false);
        uploadError.setVisible(false);
        upload.clearFileList();
        ModelCard card = evaluated.card();
        double measured = evaluated.test().accuracy();
        Paragraph describes = new Paragraph(evaluated.fileName() + ": " + card.spec().model().architecture().label()
                + " with " + String.format(Locale.ENGLISH, "%,d", card.parameters()) + " parameters, trained "
                + count(card.epochs().size(), "epoch", "epochs") + " with " + card.spec().optimizer().name()
                + ", saved " + savedAt(card.createdAt()) + ".");
        Paragraph comparison = new Paragraph();
        comparison.addClassNames("accuracy-comparison", LumoUtility.FontSize.LARGE, LumoUtility.FontWeight.SEMIBOLD);
        Paragraph detail = new Paragraph();
        detail.addClassName("comparison-detail");
        Optional<RunSnapshot> origin = caller.flatMap(c -> uploads.origin(c, card));
        if (origin.isPresent()) {
            double original = origin.get().test().accuracy();
            comparison.setText(compare("the run", original, measured));
            detail.setText("The file comes from run " + origin.get().id() + ", which scored "
                    + FinishedRunSelect.accuracy(original) + " on the test set when it finished; loaded from the file, "
                    + "the network scores " + FinishedRunSelect.accuracy(measured) + ".");
        } else {
            double recorded = card.test().accuracy();
            comparison.setText(compare("the file's record", recorded, measured));
            detail.setText("The run it came from is not among the runs you can see (it may be a classmate's "
                    + "file), so the test accuracy recorded in the file when it was saved stands in for it.");
        }
        Details full = new Details("Full test report of the uploaded model", new TestReportPanel(evaluated.test(), samples));
        uploadResult.removeAll();
        uploadResult.add(describes, comparison, detail, full);
    }

    /** The card's ISO instant to the minute, or as written when it is not one. */
    static String savedAt(String createdAt) {
        if (createdAt == null) {
            return "at an unknown time";
        }
        try {
            return SAVED_AT.format(Instant.parse(createdAt));
        } catch (DateTimeParseException e) {
            return createdAt;
        }
    }

    private static String compare(String what, double original, double measured) {
        String a = FinishedRunSelect.accuracy(original);
        String b = FinishedRunSelect.accuracy(measured);
        return original == measured
                ? "Same accuracy as " + what + ": " + a + " = " + b
                : "A different accuracy from " + what + ": " + a + " ≠ " + b;
    }
}
