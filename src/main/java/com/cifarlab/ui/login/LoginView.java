package com.cifarlab.ui.login;

import com.cifarlab.security.SecurityConfig;
import com.cifarlab.ui.components.Routes;
import com.cifarlab.ui.session.StudentSessions;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.component.login.LoginI18n;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.theme.lumo.LumoUtility;

/**
 * The instructor's login. The form posts to Spring Security's form login on the same path
 * ({@link SecurityConfig}); a failed attempt comes back here with {@code ?error}.
 */
@Route(SecurityConfig.LOGIN_PATH)
@PageTitle("Instructor login · CIFAR Lab")
@AnonymousAllowed
public class LoginView extends Div implements BeforeEnterObserver {

    private final StudentSessions students;
    private final LoginForm form = new LoginForm();

    public LoginView(StudentSessions students) {
        this.students = students;
        addClassNames("login-view", LumoUtility.Display.FLEX, LumoUtility.FlexDirection.COLUMN,
                LumoUtility.AlignItems.CENTER, LumoUtility.Padding.LARGE);

        Paragraph onlyTheInstructor = new Paragraph("Only the instructor logs in here. The instructor's page shows "
                + "every student's runs as they train, the queue of the server's workers and the class leaderboard.");
        Paragraph noAccount = new Paragraph("Students need no account: you give your name the first time you launch "
                + "a run (or with \"Set your name\" at the top of the page), and the class sees your runs under it.");
        Div explanation = new Div(onlyTheInstructor, noAccount);
        explanation.addClassNames("login-explanation", LumoUtility.MaxWidth.SCREEN_SMALL, LumoUtility.TextColor.SECONDARY);

        form.setAction(SecurityConfig.LOGIN_PATH);
        form.setForgotPasswordButtonVisible(false);
        form.setI18n(texts());

        Anchor back = Routes.link("Back to the lab", Routes.DATA);
        Icon arrow = VaadinIcon.ARROW_LEFT.create();
        arrow.setSize("1em");
        back.getElement().insertChild(0, arrow.getElement());
        back.addClassNames(LumoUtility.Display.FLEX, LumoUtility.AlignItems.CENTER, LumoUtility.Gap.SMALL);

        add(explanation, form, back);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (students.isInstructor()) {
            event.forwardTo(SecurityConfig.INSTRUCTOR_PATH);
            return;
        }
        form.setError(event.getLocation().getQueryParameters().getParameters().containsKey("error"));
    }

    private static LoginI18n texts() {
        LoginI18n texts = LoginI18n.createDefault();
        texts.getForm().setTitle("Instructor login");
        texts.getForm().setUsername("User name (" + SecurityConfig.INSTRUCTOR_USER + ")");
        texts.getForm().setSubmit("Log in");
        texts.getErrorMessage().setTitle("Wrong user name or password");
        texts.getErrorMessage().setMessage("The user name is \"" + SecurityConfig.INSTRUCTOR_USER + "\". The password is "
                + "the one set for the server (CIFAR_LAB_INSTRUCTOR_PASSWORD), or the one it generated and logged when it "
                + "started.");
        return texts;
    }
}
