package com.cifarlab.ui;

import com.cifarlab.dataset.CifarBinaryFormat;
import com.cifarlab.testdata.CifarFixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Tests in a real browser against the whole app on a random port, with the fixture data set.
 * Debian's Chromium is driven through Debian's chromedriver, both set explicitly so that Selenium
 * Manager never downloads anything. They need the production frontend bundle, which
 * {@code mvn -Pproduction verify} builds before the tests run; without it, or without the browser,
 * they are skipped with a message saying so (in target/surefire-reports). Screenshots go to
 * target/screenshots.
 */
@ExtendWith(BrowserTest.BrowserAndBundleAvailable.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class BrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    // Not a @TempDir: every browser test class shares one Spring context, which keeps this path.
    private static final Path DATA_DIR = Path.of("target", "browser-test-data").toAbsolutePath();
    /**
     * Runs of this test JVM only, under target/ rather than the user's ~/.cifar-lab/runs, so that
     * pages listing runs show none of an earlier build's.
     */
    private static final Path RUNS_DIR = DATA_DIR.resolveSibling("browser-test-runs").resolve(
            String.valueOf(ProcessHandle.current().pid()));

    @TempDir
    static Path browserProfile;

    @LocalServerPort
    private int port;

    private WebDriver browser;

    /** The instructor's password in every browser test. */
    protected static final String INSTRUCTOR_PASSWORD = "browser-test-password";
    /** The class code in every browser test. */
    protected static final String CLASS_CODE = "BROWSER1";

    @DynamicPropertySource
    static void useFixture(DynamicPropertyRegistry registry) {
        registry.add("cifar-lab.data-dir", DATA_DIR::toString);
        registry.add("cifar-lab.runs-dir", RUNS_DIR::toString);
        registry.add("cifar-lab.instructor-password", () -> INSTRUCTOR_PASSWORD);
        registry.add("cifar-lab.class-code", () -> CLASS_CODE);
    }

    @BeforeAll
    static void writeFixture() throws IOException {
        if (!Files.isDirectory(DATA_DIR.resolve(CifarBinaryFormat.FOLDER))) {
            CifarFixtures.writeFolder(DATA_DIR);
        }
    }

    @BeforeEach
    void openBrowser() {
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + browserProfile, "--window-size=1440,1900");
        browser = new ChromeDriver(driver, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    protected WebDriver browser() {
        return browser;
    }

    /** Opens the app's page at {@code path} (no leading slash). */
    protected void open(String path) {
        browser.get(url(path));
    }

    /**
     * Waits up to a minute for the script to return true; when it does not, the page as it was is
     * kept as target/screenshots/timed-out.png.
     */
    protected void waitUntil(String script) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(b -> Boolean.TRUE.equals(((JavascriptExecutor) b).executeScript(script)));
        } catch (TimeoutException e) {
            try {
                screenshot("timed-out.png");
            } catch (IOException | RuntimeException screenshotFailed) {
                e.addSuppressed(screenshotFailed);
            }
            throw e;
        }
    }

    /** The app's address of {@code path} (no leading slash). */
    protected String url(String path) {
        return "http://localhost:" + port + "/" + path;
    }

    /** Fills in Vaadin's login form on the open page and submits it. */
    protected void submitLogin(String user, String password) {
        waitUntil("return !!document.querySelector('vaadin-login-form input[name=\"username\"]')");
        WebElement name = browser.findElement(By.cssSelector("vaadin-login-form input[name='username']"));
        name.clear();
        name.sendKeys(user);
        WebElement secret = browser.findElement(By.cssSelector("vaadin-login-form input[name='password']"));
        secret.clear();
        secret.sendKeys(password, Keys.ENTER);
    }

    /**
     * Fills in the open join dialog with {@code name} and the class code, joins, and closes the
     * resume code's dialog, returning the code it showed.
     */
    protected String joinClass(String name) {
        waitUntil("return !!document.querySelector('#student-name input')");
        browser.findElement(By.cssSelector("#student-name input")).sendKeys(name);
        browser.findElement(By.cssSelector("#class-code input")).sendKeys(CLASS_CODE.toLowerCase(), Keys.ENTER);
        waitUntil("return !!document.querySelector('#resume-code-shown')");
        String code = (String) script("return document.querySelector('#resume-code-shown').textContent");
        script("document.querySelector('#resume-code-done').click()");
        waitUntil("return !document.querySelector('#resume-code-shown')");
        return code;
    }

    protected Object script(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    protected void screenshot(String fileName) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(fileName),
                StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Skips browser tests, with a message saying why, before Spring starts: without the production
     * bundle the app would start Vaadin's dev mode, which builds a frontend bundle with npm first.
     */
    static class BrowserAndBundleAvailable implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
                return ConditionEvaluationResult.disabled("Skipped: browser tests need Debian's /usr/bin/chromium "
                        + "and /usr/bin/chromedriver (apt-get install chromium chromium-driver).");
            }
            if (!productionBundleBuilt()) {
                return ConditionEvaluationResult.disabled("Skipped: browser tests need the production frontend "
                        + "bundle; run them with 'mvn -Pproduction verify'.");
            }
            return ConditionEvaluationResult.enabled("Chromium, chromedriver and the production bundle are here.");
        }

        /** Whether the Vaadin build marked this classpath for production, with the bundle in it. */
        private static boolean productionBundleBuilt() {
            try (InputStream info = BrowserTest.class.getResourceAsStream("/META-INF/VAADIN/config/flow-build-info.json")) {
                return info != null && new ObjectMapper().readTree(info).path("productionMode").asBoolean(false);
            } catch (IOException e) {
                throw new UncheckedIOException("flow-build-info.json cannot be read", e);
            }
        }
    }
}
