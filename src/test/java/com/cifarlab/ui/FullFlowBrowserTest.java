package com.cifarlab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.training.ModelCard;
import com.cifarlab.training.ModelFiles;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A student's whole lab in a real browser, with the real DL4J engine on the fixture data: give a
 * name, train on Step 5 (curves arriving by push), read the evaluation, download the model and
 * load it, then the instructor sees the run. The fixture's pixels and labels are synthetic, so
 * only the structure of what is shown is checked, never the accuracies. Screenshots of each step
 * go to target/screenshots/flow-*.png.
 */
class FullFlowBrowserTest extends BrowserTest {

    private static final String STUDENT = "Ada Lovelace";

    @Autowired
    private ModelFiles modelFiles;

    @Test
    void aStudentTrainsEvaluatesAndDownloadsARunAndTheInstructorSeesIt(@TempDir Path downloads)
            throws IOException, InterruptedException {
        // 1. The name the class will see.
        open("");
        waitUntil("return !!document.querySelector('#student-name-chip')");
        script("document.querySelector('#student-name-chip').click()");
        waitUntil("return !!document.querySelector('#student-name input')");
        screenshot("flow-1-join.png");
        joinClass(STUDENT);
        waitUntil("return document.querySelector('#student-name-chip').textContent.includes('Signed in as " + STUDENT
                + "')");
        // The browser comes back on its own: its cookie, not the HTTP session, keeps the student in.
        Cookie seat = browser().manage().getCookieNamed("cifar-lab-seat");
        assertThat(seat.isHttpOnly()).isTrue();
        assertThat(seat.getSameSite()).isEqualTo("Lax");
        browser().manage().deleteCookieNamed("JSESSIONID");
        browser().navigate().refresh();
        waitUntil("return !!document.querySelector('#student-name-chip') && document.querySelector('#student-name-chip')"
                + ".textContent.includes('Signed in as " + STUDENT + "')");

        // 2. Step 5: 500 images, 2 epochs, curves by push.
        script("document.querySelector('vaadin-side-nav-item[data-page=\"TRAINING\"]').shadowRoot.querySelector('a').click()");
        waitUntil("return location.pathname === '/training' && !!document.querySelector('#launch')");
        setField("#field-trainSize", "500");
        setField("#field-epochs", "2");
        script("document.querySelector('#launch').click()");
        waitUntil("return document.querySelectorAll('#latest-run cifar-chart .apexcharts-series[seriesName] "
                + ".apexcharts-marker').length >= 2");
        waitUntil("return [...document.querySelectorAll('vaadin-notification-card')]"
                + ".some(card => card.textContent.includes(\"· seed 42 finished: test accuracy\"))");
        waitUntil("return !document.querySelector('#open-evaluation').hidden");
        script("document.activeElement?.blur()");
        screenshot("flow-2-training.png");

        // 3. Step 6: the confusion matrix and the classification report of that run.
        script("document.querySelector('#open-evaluation').click()");
        waitUntil("return location.pathname.startsWith('/evaluation/')"
                + " && document.querySelectorAll('#confusion-matrix svg .apexcharts-heatmap-rect').length === 100");
        String report = (String) script("return document.querySelector('#classification-report-text').value");
        assertThat(report).contains("precision", "recall", "f1-score", "support", "airplane", "truck", "accuracy");
        String runId = ((String) script("return location.pathname")).substring("/evaluation/".length());
        screenshot("flow-3-evaluation.png");

        // 4. The model, downloaded with the browser's session, loads as the run's network.
        open("save-load");
        waitUntil("return document.querySelector('a.model-download-link')?.getAttribute('href')?.length > 0");
        String href = (String) script("return document.querySelector('a.model-download-link').href");
        Path model = download(href, downloads.resolve("model.zip"));
        ModelCard card = modelFiles.inspect(model);
        assertThat(card.spec().trainSize()).isEqualTo(500);
        assertThat(card.spec().epochs()).isEqualTo(2);
        assertThat(card.classNames()).hasSize(10);

        // 5. The instructor logs in on the same browser and sees the run among the class's.
        open("login");
        submitLogin("instructor", INSTRUCTOR_PASSWORD);
        waitUntil("return location.pathname === '/instructor'"
                + " && document.querySelector('#all-runs')?.textContent.includes('Succeeded')");
        assertThat((String) script("return document.querySelector('#instructor-students').textContent"))
                .contains(STUDENT + "Online");
        assertThat((String) script("return document.querySelector('#leaderboard').textContent")).contains(STUDENT);
        // Selecting the run's row offers its model.
        script("document.querySelector('#all-runs .run-name[title=\"Run " + runId + "\"]').click()");
        waitUntil("return !!document.querySelector('a#download-selected-model:not([hidden])')?.getAttribute('href')");
        screenshot("flow-4-instructor.png");
    }

    private void setField(String selector, String value) {
        WebElement input = browser().findElement(By.cssSelector(selector + " input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), value, Keys.TAB);
    }

    /** Fetches {@code url} with this browser's cookies, as a click on the link would. */
    private Path download(String url, Path file) throws IOException, InterruptedException {
        String cookies = browser().manage().getCookies().stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
        HttpResponse<Path> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookies).GET().build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/zip"));
        assertThat(Files.size(file)).isGreaterThan(1000);
        return file;
    }
}
