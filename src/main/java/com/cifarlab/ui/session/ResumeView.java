package com.cifarlab.ui.session;

import com.cifarlab.sessions.Admission;
import com.cifarlab.sessions.JoinRefusedException;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.OptionalParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.theme.lumo.LumoUtility;

/**
 * The link shown with a resume code ({@code /resume/KXRT-4M9P}). Opening it fills in the code;
 * the student comes back in with one click. The click is on purpose: a link alone, planted by
 * someone else, must not switch a browser into another session.
 */
@Route(value = ResumeCodeDialog.RESUME_ROUTE, autoLayout = false)
@PageTitle("Come back in · CIFAR Lab")
@AnonymousAllowed
public class ResumeView extends Div implements HasUrlParameter<String> {

    private final StudentSessions sessions;
    private final TextField code = new TextField("Your resume code");

    public ResumeView(StudentSessions sessions) {
        this.sessions = sessions;
        code.setId("resume-code");
        code.setMaxLength(40);
        Button resume = new Button("Come back in", event -> resume());
        resume.setId("resume-session");
        resume.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        resume.addClickShortcut(Key.ENTER);
        Div form = new Div(code, resume);
        form.addClassNames(LumoUtility.Display.FLEX, LumoUtility.AlignItems.BASELINE, LumoUtility.Gap.SMALL);
        addClassNames(LumoUtility.Padding.XLARGE, LumoUtility.MaxWidth.SCREEN_SMALL);
        add(new H2("Come back into your lab session"),
                new Paragraph("Your runs, evaluations and models are where you left them."), form,
                new Paragraph(new Text("New to the class? "), new Anchor("data", "Go to the lab"),
                        new Text(" and choose \"Join the class\" at the top.")));
    }

    @Override
    public void setParameter(BeforeEvent event, @OptionalParameter String typed) {
        code.setValue(typed == null ? "" : typed);
    }

    private void resume() {
        try {
            Admission admission = sessions.resume(code.getValue());
            JoinDialog.welcomeBack(admission);
            getUI().ifPresent(ui -> ui.navigate("data"));
        } catch (JoinRefusedException e) {
            code.setErrorMessage(e.getMessage());
            code.setInvalid(true);
        }
    }
}
