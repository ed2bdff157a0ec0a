package com.cifarlab.ui.session;

import com.cifarlab.sessions.Admission;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.theme.lumo.LumoUtility;

/**
 * Shows a student's personal resume code, once, right after they joined: with it (or its link)
 * they come back into their session from another browser or computer. The server keeps only a
 * hash of it, so it cannot be shown again; the instructor can give out a new one.
 */
public class ResumeCodeDialog extends Dialog {

    public static final String RESUME_ROUTE = "resume";

    public ResumeCodeDialog(Admission admission) {
        setHeaderTitle("Welcome, " + admission.session().name());
        Span code = new Span(admission.resumeCode());
        code.setId("resume-code-shown");
        code.addClassNames(LumoUtility.FontSize.XXLARGE, LumoUtility.FontWeight.BOLD, "resume-code");
        Anchor link = new Anchor(RESUME_ROUTE + "/" + admission.resumeCode(), "Link to come back in");
        link.setId("resume-link");
        add(new Paragraph("This browser now comes back into your lab session on its own, even after it was closed. "
                        + "On another computer or browser, come back in with your personal resume code:"),
                code,
                new Paragraph(link),
                new Paragraph("Write it down now: it is shown only this once. Keep it to yourself, since it opens your "
                        + "session. If you lose it, your instructor can give you a new one."));
        Button done = new Button("I have written it down", event -> close());
        done.setId("resume-code-done");
        done.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        getFooter().add(done);
        setCloseOnOutsideClick(false);
    }
}
