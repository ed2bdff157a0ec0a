package com.cifarlab.ui.instructor;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.ui.components.ModelDownloadHandler;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;

/** The instructor's links that stream a run's model zip ({@link ModelDownloadHandler}). */
final class ModelDownloads {

    private ModelDownloads() {
    }

    static Anchor anchor(RunService runs, Caller caller, RunSnapshot run) {
        Anchor link = new Anchor(ModelDownloadHandler.forRun(runs, caller, run.id()), "");
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
}
