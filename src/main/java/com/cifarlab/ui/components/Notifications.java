package com.cifarlab.ui.components;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;

/** Messages that float over the page for a few seconds. */
public final class Notifications {

    private static final int ERROR_MILLIS = 8000;
    private static final int INFO_MILLIS = 4000;

    private Notifications() {
    }

    /** Something the student asked for did not happen; the message says why. */
    public static Notification error(String message) {
        Notification notification = Notification.show(message, ERROR_MILLIS, Notification.Position.MIDDLE);
        notification.addThemeVariants(NotificationVariant.LUMO_ERROR);
        return notification;
    }

    public static Notification info(String message) {
        return Notification.show(message, INFO_MILLIS, Notification.Position.BOTTOM_START);
    }
}
