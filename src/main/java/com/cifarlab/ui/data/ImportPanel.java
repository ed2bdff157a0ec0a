package com.cifarlab.ui.data;

import com.cifarlab.dataset.DatasetException;
import com.cifarlab.dataset.DatasetImports;
import com.cifarlab.dataset.ImportJob;
import com.cifarlab.dataset.ImportProgress;
import com.cifarlab.ui.components.LiveUpdates;
import com.cifarlab.ui.components.UpdateThrottle;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.TextField;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Imports CIFAR-10 from the page: from an archive or folder on the server (how offline machines
 * get it) or from the official site. The import runs on the server's import thread; this panel
 * starts it and follows it live, like every other open Data page, and tells the page once the
 * new data set is in place.
 */
class ImportPanel extends Div {

    static final String OFFICIAL_SIZE = "163 MB";

    private final DatasetImports imports;
    private final UpdateThrottle throttle;
    private final Runnable onImported;
    private final TextField path = new TextField("Archive or folder on the server");
    private final Button importButton = new Button("Import");
    private final Button downloadButton = new Button("Download from the CIFAR-10 site (" + OFFICIAL_SIZE + ")");
    private final ProgressBar bar = new ProgressBar();
    private final Span progressText = new Span();
    private final Paragraph outcome = new Paragraph();

    /** @param onImported called in the UI once an import succeeded, to show the new data set */
    ImportPanel(DatasetImports imports, Clock clock, Runnable onImported) {
        this.imports = imports;
        this.throttle = UpdateThrottle.forProgress(clock);
        this.onImported = onImported;
        LiveUpdates.Source<ImportJob> jobs = imports::subscribe;
        LiveUpdates.follow(this, jobs, job -> job.state() != ImportJob.State.RUNNING || job.progress().isEmpty()
                || throttle.tryPass(), this::changed);
        // Listeners run in the order they were added: subscribed, then shown, so no change falls in between.
        addAttachListener(event -> show(imports.latest()));
        addClassName("import-panel");
        path.setPlaceholder("/srv/cifar10/cifar-10-binary.tar.gz");
        path.setHelperText("cifar-10-binary.tar.gz, or its extracted cifar-10-batches-bin folder, as the server sees it");
        path.setClearButtonVisible(true);
        path.setWidth("36rem");
        path.setMaxWidth("100%");
        path.addValueChangeListener(event -> path.setInvalid(false));
        importButton.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        importButton.addClickListener(event -> start(() -> imports.importFrom(path.getValue())));
        importButton.addClickShortcut(Key.ENTER).listenOn(path);
        downloadButton.addClickListener(event -> start(imports::download));
        Div fromFile = new Div(path, importButton);
        fromFile.addClassName("import-from-file");
        Div progress = new Div(progressText, bar);
        progress.addClassName("import-progress");
        outcome.addClassName("import-outcome");
        add(fromFile, new Paragraph("or, when the server can reach the internet:"), downloadButton, progress, outcome);
    }

    private void start(Supplier<ImportJob> action) {
        try {
            show(Optional.of(action.get()));
        } catch (DatasetException e) {
            path.setErrorMessage(e.getMessage());
            path.setInvalid(true);
        }
    }

    private void changed(ImportJob job) {
        show(Optional.of(job));
        if (job.state() == ImportJob.State.SUCCEEDED) {
            onImported.run();
        }
    }

    private void show(Optional<ImportJob> latest) {
        boolean running = latest.filter(job -> job.state() == ImportJob.State.RUNNING).isPresent();
        importButton.setEnabled(!running);
        downloadButton.setEnabled(!running);
        path.setReadOnly(running);
        bar.setVisible(running);
        progressText.setVisible(running);
        outcome.setVisible(false);
        outcome.removeClassNames("failed", "succeeded");
        latest.ifPresent(job -> {
            switch (job.state()) {
                case RUNNING -> {
                    Optional<ImportProgress> progress = job.progress();
                    int percent = progress.map(ImportProgress::percent).orElse(-1);
                    bar.setIndeterminate(percent < 0);
                    bar.setValue(Math.max(0, percent) / 100.0);
                    progressText.setText("Importing from " + job.origin() + ": "
                            + progress.map(ImportProgress::describe).orElse("starting…"));
                }
                case FAILED -> {
                    outcome.setText("The import from " + job.origin() + " failed: " + job.problem().orElse("")
                            + " Nothing was changed.");
                    outcome.addClassName("failed");
                    outcome.setVisible(true);
                }
                case SUCCEEDED -> {
                    outcome.setText("Imported from " + job.origin() + ".");
                    outcome.addClassName("succeeded");
                    outcome.setVisible(true);
                }
            }
        });
    }
}
