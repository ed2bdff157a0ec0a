package com.cifarlab.ui.session;

import com.cifarlab.sessions.Admission;
import com.cifarlab.sessions.InvalidSessionNameException;
import com.cifarlab.sessions.JoinRefusedException;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.StudentNames;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.function.Consumer;

/**
 * Joining the class (a name and the class code from the instructor), or coming back in with a
 * personal resume code. Every refusal shows beside the field it concerns; the dialog stays open.
 */
public class JoinDialog extends Dialog {

    private final StudentSessions sessions;
    private final Consumer<LabSession> then;
    private final TextField name = new TextField("Your name");
    private final TextField classCode = new TextField("Class code");
    private final TextField resumeCode = new TextField("Your resume code");
    private final Div joinForm = new Div();
    private final Div resumeForm = new Div();
    private final Button join = new Button("Join the class", event -> join());
    private final Button resume = new Button("Come back in", event -> resume());
    private final Button switchMode = new Button("I have a resume code", event -> showResume(!resumeForm.isVisible()));

    /** @param then what to do once the browser is in a session (e.g. launch the run that asked for it) */
    public JoinDialog(StudentSessions sessions, String question, Consumer<LabSession> then) {
        this.sessions = sessions;
        this.then = then;
        setHeaderTitle("Join the lab");
        name.setMaxLength(StudentNames.MAX_LENGTH);
        name.setHelperText("The class and the instructor see it next to your runs.");
        name.setId("student-name");
        classCode.setId("class-code");
        classCode.setHelperText("Your instructor shows it on the board.");
        classCode.setMaxLength(40);
        resumeCode.setId("resume-code");
        resumeCode.setPlaceholder("KXRT-4M9P");
        resumeCode.setHelperText("The code you were shown when you joined, e.g. on another computer.");
        resumeCode.setMaxLength(40);
        for (TextField field : new TextField[] {name, classCode, resumeCode}) {
            field.setWidthFull();
        }
        joinForm.add(name, classCode);
        resumeForm.add(resumeCode);
        join.setId("join-class");
        resume.setId("resume-session");
        for (Button primary : new Button[] {join, resume}) {
            primary.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        }
        switchMode.setId("switch-join-mode");
        switchMode.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        Paragraph lead = new Paragraph(question);
        lead.addClassName(LumoUtility.Margin.Top.NONE);
        add(lead, joinForm, resumeForm);
        getFooter().add(switchMode, new Button("Cancel", event -> close()), join, resume);
        // Listened for on the dialog: the UI outside a modal dialog hears no keys while it is open. Only the
        // visible one of the two buttons answers (a shortcut of a hidden component is inactive), and Vaadin
        // sends the focused field's value before the click.
        join.addClickShortcut(Key.ENTER).listenOn(this);
        resume.addClickShortcut(Key.ENTER).listenOn(this);
        showResume(false);
        name.focus();
    }

    private void showResume(boolean resuming) {
        resumeForm.setVisible(resuming);
        resume.setVisible(resuming);
        joinForm.setVisible(!resuming);
        join.setVisible(!resuming);
        switchMode.setText(resuming ? "I am new: join the class" : "I have a resume code");
    }

    private void join() {
        name.setInvalid(false);
        classCode.setInvalid(false);
        try {
            Admission admission = sessions.join(name.getValue(), classCode.getValue());
            close();
            new ResumeCodeDialog(admission).open();
            then.accept(admission.session());
        } catch (InvalidSessionNameException e) {
            refuse(name, e.getMessage());
        } catch (JoinRefusedException e) {
            refuse(classCode, e.getMessage());
        }
    }

    private void resume() {
        resumeCode.setInvalid(false);
        try {
            Admission admission = sessions.resume(resumeCode.getValue());
            close();
            welcomeBack(admission);
            then.accept(admission.session());
        } catch (JoinRefusedException e) {
            refuse(resumeCode, e.getMessage());
        }
    }

    static void welcomeBack(Admission admission) {
        Notification.show("Welcome back, " + admission.session().name() + ". Your runs are on My runs.", 4000,
                Notification.Position.BOTTOM_START);
    }

    private static void refuse(TextField field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }
}
