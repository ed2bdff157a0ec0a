package com.cifarlab.ui.components;

import com.cifarlab.runs.RunEvent;
import com.cifarlab.runs.RunListener;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Carries run events from the run service's delivery threads onto a component's UI. The handler
 * runs inside {@code ui.access}, only while the component is still on the page: an event can be on
 * its way while the student closes the page, after its listener was removed.
 */
public final class UiRunEvents {

    private UiRunEvents() {
    }

    /**
     * @param owner   the component the handler updates
     * @param ui      the owner's UI (from its attach event)
     * @param wanted  checked on the delivery thread, so that uninteresting events never queue for the UI
     * @param handler runs on the UI with the session locked
     */
    public static RunListener deliverTo(Component owner, UI ui, Predicate<RunEvent> wanted, Consumer<RunEvent> handler) {
        return event -> {
            if (!wanted.test(event)) {
                return;
            }
            try {
                ui.access(() -> {
                    if (owner.isAttached()) {
                        handler.accept(event);
                    }
                });
            } catch (UIDetachedException e) {
                // The browser window is gone; there is nothing left to update.
            }
        };
    }
}
