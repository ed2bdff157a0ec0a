package com.cifarlab.ui.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.ui.BrowserTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The instructor's login in a real browser; leaves target/screenshots/login*.png. */
class LoginBrowserTest extends BrowserTest {

    @Test
    void theInstructorPageAsksForTheLoginAndReturnsThereAfterwards() throws IOException {
        open("instructor");

        waitUntil("return location.pathname === '/login' && !!document.querySelector('vaadin-login-form')");
        assertThat((String) script("return document.body.innerText")).contains("Only the instructor logs in here");
        screenshot("login.png");

        submitLogin("instructor", "not the password");
        waitUntil("return location.search.includes('error')"
                + " && document.querySelector('vaadin-login-form')?.error === true");
        screenshot("login-error.png");

        submitLogin("instructor", INSTRUCTOR_PASSWORD);
        waitUntil("return location.pathname === '/instructor' && document.body.innerText.includes('Leaderboard')");
        assertThat((String) script("return document.querySelector('#instructor-chip').textContent")).contains("Instructor");
        screenshot("login-instructor-page.png");

        script("document.querySelector('#logout').click()");
        waitUntil("return location.pathname === '/' && !!document.querySelector('#student-name-chip')");
        open("instructor");
        waitUntil("return location.pathname === '/login'");
    }
}
