package com.cifarlab.ui.session;

import com.cifarlab.sessions.InvalidSessionNameException;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.StudentNames;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import java.util.function.Function;

/** Asks for the name the class and the instructor will see; the error shows beside the field. */
public class NameDialog extends Dialog {

    private final TextField name = new TextField("Your name");

    /**
     * @param onSave saves the name; it may throw {@link InvalidSessionNameException}, whose message
     *               then shows beside the field and the dialog stays open
     */
    public NameDialog(String question, String currentName, Function<String, LabSession> onSave) {
        setHeaderTitle("Your name in the lab");
        name.setValue(currentName);
        name.setMaxLength(StudentNames.MAX_LENGTH);
        name.setWidthFull();
        name.setId("student-name");
        name.focus();
        Button save = new Button("Save", event -> save(onSave));
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        // Listened for on the dialog: the UI outside a modal dialog hears no keys while it is open.
        save.addClickShortcut(Key.ENTER).listenOn(this);
        save.setId("save-student-name");
        Button cancel = new Button("Cancel", event -> close());
        add(new Paragraph(question), name);
        getFooter().add(cancel, save);
    }

    private void save(Function<String, LabSession> onSave) {
        try {
            onSave.apply(name.getValue());
            close();
        } catch (InvalidSessionNameException e) {
            name.setInvalid(true);
            name.setErrorMessage(e.getMessage());
        }
    }
}
