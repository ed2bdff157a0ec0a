package com.cifarlab.ui;

import static org.awaitility.Awaitility.await;

import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.LabSessionService;
import com.cifarlab.runs.RunService;
import com.github.mvysny.fakeservlet.FakeRequest;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.server.VaadinServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Karibu tests of pages that follow runs: the real run service trains with the {@link FakeTrainer}
 * (scripted per seed, so each test uses seeds of its own), on two workers, in folders of this test
 * JVM. Every subclass shares one Spring context, so runs and sessions of other tests are around:
 * tests look only at their own. MockMvc is there for the HTTP side of the instructor's login.
 */
@Import(KaribuRunsTest.FakeEngine.class)
@AutoConfigureMockMvc
@TestPropertySource(properties = {"cifar-lab.workers=2", "cifar-lab.instructor-password=" + KaribuRunsTest.INSTRUCTOR_PASSWORD})
public abstract class KaribuRunsTest extends KaribuSpringTest {

    public static final String INSTRUCTOR_PASSWORD = "test-instructor-password";
    protected static final Duration BOUND = Duration.ofSeconds(20);

    /** Not a @TempDir: the cached context outlives each test class, so the folder must too. */
    private static final Path FOLDERS = newFolder();

    @Autowired
    protected FakeTrainer trainer;
    @Autowired
    protected RunService runs;
    @Autowired
    protected LabSessionService sessions;

    @TestConfiguration(proxyBeanMethods = false)
    static class FakeEngine {

        @Bean
        @Primary
        FakeTrainer fakeTrainer() {
            return new FakeTrainer();
        }
    }

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("cifar-lab.runs-dir", () -> FOLDERS.resolve("runs").toString());
        registry.add("cifar-lab.data-dir", () -> FOLDERS.resolve("data").toString());
    }

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

    /** Runs what background threads handed to the UI, until {@code assertion} holds. */
    protected static void eventually(ThrowingRunnable assertion) {
        await().atMost(BOUND).pollInSameThread().pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            MockVaadin.clientRoundtrip();
            assertion.run();
        });
    }

    private static Path newFolder() {
        try {
            Path target = Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(target, "karibu-runs-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
