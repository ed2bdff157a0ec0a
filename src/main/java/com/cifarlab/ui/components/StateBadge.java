package com.cifarlab.ui.components;

import com.cifarlab.runs.RunState;
import com.vaadin.flow.component.html.Span;
import java.util.List;

/** A run's state as a Lumo badge: green when it succeeded, red when it failed, grey when it stopped. */
public final class StateBadge {

    private StateBadge() {
    }

    public static Span of(RunState state) {
        Span badge = new Span(RunText.state(state));
        style(badge, state);
        return badge;
    }

    /** The Lumo badge theme of {@code state}, for templates that draw the badge themselves. */
    public static String theme(RunState state) {
        return String.join(" ", themes(state));
    }

    /** Gives {@code badge} the look of {@code state} (its text is left to the caller). */
    static void style(Span badge, RunState state) {
        badge.getElement().getThemeList().clear();
        badge.getElement().getThemeList().addAll(themes(state));
        badge.getElement().setAttribute("data-state", state.name());
        badge.addClassName("state-badge");
    }

    private static List<String> themes(RunState state) {
        return switch (state) {
            case RUNNING -> List.of("badge");
            case SUCCEEDED -> List.of("badge", "success");
            case FAILED -> List.of("badge", "error");
            case QUEUED, CANCELLED, INTERRUPTED -> List.of("badge", "contrast");
        };
    }
}
