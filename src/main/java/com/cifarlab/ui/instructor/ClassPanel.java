package com.cifarlab.ui.instructor;

import com.cifarlab.security.InstructorAccount;
import com.cifarlab.sessions.ClassCode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.theme.lumo.LumoUtility;

/**
 * What the instructor shows the class and keeps to themselves: the class code students join with
 * (big enough for a projector, changeable), and the instructor's own password.
 */
final class ClassPanel extends Div {

    private final ClassCode classCode;
    private final InstructorAccount account;
    private final Span code = new Span();
    private final TextField newCode = new TextField("New class code");
    private final PasswordField current = new PasswordField("Current password");
    private final PasswordField next = new PasswordField("New password");
    private final PasswordField repeated = new PasswordField("New password again");

    ClassPanel(ClassCode classCode, InstructorAccount account) {
        this.classCode = classCode;
        this.account = account;
        setId("class-panel");
        code.setId("class-code-shown");
        code.addClassNames(LumoUtility.FontSize.XXXLARGE, LumoUtility.FontWeight.BOLD, "class-code");
        code.setText(classCode.current());
        Span label = new Span("Class code: students join with their name and this code");
        label.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        Div shown = new Div(label, code);
        shown.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexDirection.COLUMN);

        newCode.setId("new-class-code");
        newCode.setMaxLength(40);
        newCode.setHelperText("4 to 20 letters and digits. Students already in stay in.");
        Button change = new Button("Change the code", event -> changeCode());
        change.setId("change-class-code");
        Div codeForm = new Div(newCode, change);
        codeForm.addClassNames(LumoUtility.Display.FLEX, LumoUtility.AlignItems.BASELINE, LumoUtility.Gap.SMALL);

        current.setId("current-password");
        next.setId("new-password");
        next.setHelperText("At least " + InstructorAccount.MIN_PASSWORD_LENGTH + " characters.");
        repeated.setId("repeat-password");
        Button save = new Button("Change my password", event -> changePassword());
        save.setId("change-password");
        Div passwordForm = new Div(current, next, repeated, save);
        passwordForm.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.AlignItems.BASELINE,
                LumoUtility.Gap.SMALL);
        Details settings = new Details("Change the class code or my password", new Div(codeForm, passwordForm));
        settings.setId("class-code-and-password");

        add(shown, settings);
        addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.Gap.XLARGE,
                LumoUtility.AlignItems.START, LumoUtility.Margin.Top.MEDIUM);
    }

    private void changeCode() {
        try {
            code.setText(classCode.change(newCode.getValue()));
            newCode.clear();
            newCode.setInvalid(false);
            Notification.show("New students now join with " + code.getText() + ".", 4000,
                    Notification.Position.BOTTOM_START);
        } catch (IllegalArgumentException e) {
            newCode.setErrorMessage(e.getMessage());
            newCode.setInvalid(true);
        }
    }

    private void changePassword() {
        try {
            boolean kept = account.changePassword(current.getValue(), next.getValue(), repeated.getValue());
            current.clear();
            next.clear();
            repeated.clear();
            next.setInvalid(false);
            Notification.show(kept ? "Your password is changed." : "Your password is changed until the server stops: "
                    + "the runs folder cannot be written, so it could not be kept.", 5000,
                    Notification.Position.BOTTOM_START);
        } catch (InstructorAccount.PasswordChangeException e) {
            next.setErrorMessage(e.getMessage());
            next.setInvalid(true);
        }
    }
}
