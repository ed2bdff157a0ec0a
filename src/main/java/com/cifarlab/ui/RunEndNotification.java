package com.cifarlab.ui;

import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.ui.components.Routes;
import com.cifarlab.ui.components.RunText;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Tells a student that one of their runs has ended, with a way to the page that shows it. */
final class RunEndNotification {

    static final String MY_RUNS_ROUTE = "my-runs";

    private static final Set<RunState> ANNOUNCED = Set.of(RunState.SUCCEEDED, RunState.FAILED, RunState.CANCELLED);
    /** Long enough to notice while reading another step; it can be closed sooner. */
    private static final Duration SHOWN_FOR = Duration.ofSeconds(12);

    private RunEndNotification() {
    }

    /** Whether the run has just ended in a way the student should hear about. */
    static boolean announces(RunSnapshot run) {
        return ANNOUNCED.contains(run.state());
    }

    static String message(RunSnapshot run) {
        String name = "Your run " + RunText.name(run.spec());
        return switch (run.state()) {
            case SUCCEEDED -> name + " finished: test accuracy "
                    + (run.test() == null ? "not measured" : String.format(Locale.ROOT, "%.4f", run.test().accuracy()));
            case FAILED -> name + " failed: " + (run.reason() == null ? "no reason was given." : run.reason());
            case CANCELLED -> name + " was cancelled" + (run.reason() == null ? "." : " (" + run.reason() + ").");
            default -> name + " is " + run.state().name().toLowerCase(Locale.ROOT) + ".";
        };
    }

    static Notification show(RunSnapshot run) {
        Notification notification = new Notification();
        notification.addClassName("run-end-notification");
        // Over the drawer's empty lower part (the theme keeps the card as narrow as the drawer), clear of
        // the charts, which a card at the bottom right covered.
        notification.setPosition(Notification.Position.BOTTOM_START);
        notification.setDuration((int) SHOWN_FOR.toMillis());
        notification.addThemeVariants(switch (run.state()) {
            case SUCCEEDED -> NotificationVariant.LUMO_SUCCESS;
            case FAILED -> NotificationVariant.LUMO_ERROR;
            default -> NotificationVariant.LUMO_CONTRAST;
        });
        Button open = run.state() == RunState.SUCCEEDED
                ? new Button("Open Evaluation", click -> go(notification, Routes.evaluationOf(run.id())))
                : new Button("My runs", click -> go(notification, MY_RUNS_ROUTE));
        open.addThemeVariants(ButtonVariant.LUMO_SMALL);
        open.addClassName("open-run");
        Button close = new Button(VaadinIcon.CLOSE_SMALL.create(), click -> notification.close());
        close.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_SMALL);
        close.setAriaLabel("Close");
        // The message above its buttons: the card is as narrow as the drawer, and a row squeezed the text
        // into a column of single words.
        HorizontalLayout buttons = new HorizontalLayout(open, close);
        buttons.setAlignItems(FlexComponent.Alignment.CENTER);
        Div content = new Div(new Div(message(run)), buttons);
        content.addClassName("run-end-content");
        notification.add(content);
        notification.open();
        return notification;
    }

    private static void go(Notification notification, String route) {
        notification.close();
        UI.getCurrent().navigate(route);
    }
}
