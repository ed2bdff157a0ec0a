package com.cifarlab.ui.instructor;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.ModelDownload;
import com.cifarlab.runs.RunNotFoundException;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunStateException;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.server.HttpStatusCode;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import java.io.IOException;
import java.nio.file.Files;

/** Links that stream a run's model zip, asking the run service again when the link is followed. */
final class ModelDownloads {

    private static final String ZIP = "application/zip";

    private ModelDownloads() {
    }

    static Anchor anchor(RunService runs, Caller caller, RunSnapshot run) {
        Anchor link = new Anchor(handler(runs, caller, run.id()), "");
        Icon icon = VaadinIcon.DOWNLOAD_ALT.create();
        icon.setSize("var(--lumo-icon-size-s)");
        link.add(icon);
        link.add(" Model");
        link.getElement().setAttribute("title", "Download the trained model of run " + run.id()
                + " (a DL4J zip with its model card)");
        link.getElement().setAttribute("data-run", run.id());
        link.addClassName("model-download");
        return link;
    }

    /**
     * The model is looked up when the browser asks for it, not when the link is drawn: by then the
     * run may be gone, and the answer is a 404 with the reason rather than an error page.
     */
    static DownloadHandler handler(RunService runs, Caller caller, String runId) {
        return DownloadHandler.fromInputStream(event -> {
            try {
                ModelDownload model = runs.model(caller, runId);
                return new DownloadResponse(Files.newInputStream(model.file()), model.fileName(), ZIP,
                        Files.size(model.file()));
            } catch (RunNotFoundException | RunStateException e) {
                return DownloadResponse.error(HttpStatusCode.NOT_FOUND, e.getMessage());
            } catch (IOException e) {
                return DownloadResponse.error(HttpStatusCode.NOT_FOUND,
                        "The model file of run " + runId + " cannot be read on the server.");
            }
        });
    }
}
