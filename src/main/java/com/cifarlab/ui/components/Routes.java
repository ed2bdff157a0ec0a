package com.cifarlab.ui.components;

import com.vaadin.flow.component.html.Anchor;

/**
 * The paths of the pages that other pages link to. Pages link by path, not by view class, so that
 * no view package depends on another (ArchUnit checks it).
 */
public final class Routes {

    public static final String DATA = "";
    public static final String TRAINING = "training";
    public static final String EVALUATION = "evaluation";

    private Routes() {
    }

    /** A link that moves within the app without reloading it, as a RouterLink does. */
    public static Anchor link(String text, String path) {
        Anchor link = new Anchor(path.isEmpty() ? "." : path, text);
        link.getElement().setAttribute("router-link", true);
        return link;
    }

    /** A run's test report on Step 6. */
    public static String evaluationOf(String runId) {
        return EVALUATION + "/" + runId;
    }
}
