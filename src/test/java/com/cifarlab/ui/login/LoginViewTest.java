package com.cifarlab.ui.login;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import com.cifarlab.ui.KaribuRunsTest;
import com.cifarlab.ui.instructor.InstructorView;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.login.LoginForm;
import com.vaadin.flow.router.QueryParameters;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

class LoginViewTest extends KaribuRunsTest {

    @Autowired
    private MockMvc mvc;

    @Test
    void explainsThatOnlyTheInstructorLogsIn() {
        UI.getCurrent().navigate("login");

        LoginForm form = _get(LoginForm.class);
        assertThat(form.getAction()).isEqualTo("login");
        assertThat(form.isError()).isFalse();
        assertThat(form.isForgotPasswordButtonVisible()).isFalse();
        assertThat(_get(H2.class, spec -> spec.withClasses("page-heading")).getText()).isEqualTo("Instructor login");
        String text = _find(Paragraph.class).stream().map(Paragraph::getText).collect(Collectors.joining(" "));
        assertThat(text).contains("Only the instructor logs in here", "Students need no account");
    }

    @Test
    void aFailedAttemptShowsTheErrorOnTheForm() {
        UI.getCurrent().navigate("login", QueryParameters.fromString("error"));

        assertThat(_get(LoginForm.class).isError()).isTrue();
    }

    @Test
    void theLoggedInInstructorGoesStraightToTheirPage() {
        loginAsInstructor();

        UI.getCurrent().navigate("login");

        _get(InstructorView.class);
        _assertNone(LoginForm.class);
    }

    @Test
    void theConfiguredPasswordLogsTheInstructorInAndLandsOnTheirPage() throws Exception {
        mvc.perform(formLogin("/login").user("instructor").password(INSTRUCTOR_PASSWORD))
                .andExpect(authenticated().withUsername("instructor").withRoles("INSTRUCTOR"))
                .andExpect(redirectedUrl("/instructor"));
    }

    @Test
    void aWrongPasswordComesBackToTheLoginWithAnError() throws Exception {
        mvc.perform(formLogin("/login").user("instructor").password("guess"))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void loggingOutEndsTheInstructorsSession() throws Exception {
        MvcResult login = mvc.perform(formLogin("/login").user("instructor").password(INSTRUCTOR_PASSWORD))
                .andExpect(authenticated()).andReturn();
        MockHttpSession session = (MockHttpSession) login.getRequest().getSession(false);

        mvc.perform(post("/logout").session(session).with(csrf()))
                .andExpect(unauthenticated())
                .andExpect(redirectedUrl("/"));
        assertThat(session.isInvalid()).isTrue();
    }
}
