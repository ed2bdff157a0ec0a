package com.cifarlab.ui;

import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.LabSessionService;
import com.github.mvysny.fakeservlet.FakeRequest;
import com.vaadin.flow.server.VaadinServletRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;

/**
 * Karibu tests of pages that follow runs live and of the instructor's pages, on the steps' shared
 * context (no configuration of their own, so Spring reuses it). Runs and sessions of other tests
 * are around: tests look only at their own, and script the fake trainer by seeds of their own.
 */
public abstract class KaribuRunsTest extends FixtureKaribuTest {

    protected static final Duration BOUND = Duration.ofSeconds(20);

    @Autowired
    protected FakeTrainer trainer;
    @Autowired
    protected LabSessionService sessions;

    @AfterEach
    void logOut() {
        SecurityContextHolder.clearContext();
    }

    /**
     * Logs this browser in as the instructor: Spring Security's context for the code, and the
     * request's principal and roles for Vaadin's view access checks.
     */
    protected static void loginAsInstructor() {
        List<GrantedAuthority> authorities = List.of(new SimpleGrantedAuthority("ROLE_INSTRUCTOR"));
        UsernamePasswordAuthenticationToken authentication = new UsernamePasswordAuthenticationToken(
                new User("instructor", "unused", authorities), null, authorities);
        SecurityContextHolder.getContext().setAuthentication(authentication);
        FakeRequest request = (FakeRequest) VaadinServletRequest.getCurrent().getRequest();
        request.setUserPrincipalInt(authentication);
        request.setUserInRole((principal, role) -> "INSTRUCTOR".equals(role));
    }

}
