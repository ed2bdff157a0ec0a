package com.cifarlab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;

/**
 * Every page as a student sees it on a laptop (1366×768) and on a projector (1920×1080), with a
 * run trained by the real engine on the fixture data: nothing wider than the screen, Launch in view
 * on the laptop, larger chart text on the projector, the run's name and its phases as they are
 * pushed, and the not-found page. Leaves target/screenshots/walk-<width>-<page>.png.
 */
class ClassroomWalkBrowserTest extends BrowserTest {

    private static final List<String> PAGES = List.of("data", "architecture", "activations", "losses", "training",
            "evaluation", "optimizers", "save-load", "my-runs");

    @ParameterizedTest(name = "{0}×{1}")
    @CsvSource({"1366, 768", "1920, 1080"})
    void everyPageFitsTheScreenAndARunSaysItsNameAndEachPhase(int width, int height) throws IOException {
        browser().manage().window().setSize(new Dimension(width, height));
        open("");
        // Each walk is a student of its own: the seat cookie of the other walk stays out.
        browser().manage().deleteAllCookies();
        open("");
        waitUntil("return !!document.querySelector('#student-name-chip')");
        script("document.querySelector('#student-name-chip').click()");
        joinClass("Walker " + width);

        for (String page : PAGES) {
            open(page);
            waitUntil("return document.querySelector('.page-heading')?.textContent.length > 0"
                    + " && document.readyState === 'complete'");
            assertThat((Boolean) script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("%s fits %d px", page, width).isTrue();
            screenshot("walk-" + width + "-" + page + ".png");
        }

        open("training");
        waitUntil("return !!document.querySelector('#launch')");
        if (width == 1366) {
            assertThat((Boolean) script("return document.querySelector('#launch').getBoundingClientRect().bottom"
                    + " <= window.innerHeight")).as("Launch in view without scrolling").isTrue();
        }
        setField("#field-trainSize", "500");
        setField("#field-epochs", "2");
        // A seed per size: the second walk would otherwise get the first one's result at once.
        setField("#field-seed", Integer.toString(width));
        // Every text the progress line shows, as the server pushes it.
        script("window.phases = []; new MutationObserver(() => {"
                + " const d = document.querySelector('.run-progress-detail');"
                + " if (d && window.phases[window.phases.length - 1] !== d.textContent) window.phases.push(d.textContent);"
                + "}).observe(document.body, {subtree: true, childList: true, characterData: true});");
        script("document.querySelector('#launch').click()");
        waitUntil("return document.querySelector('.run-progress-detail')?.textContent.startsWith('Finished')");

        assertThat((String) script("return document.querySelector('.run-progress-label').textContent"))
                .isEqualTo("Lab MLP · Adam 0.001 · cross-entropy · 2 epochs × 500 images · seed " + width);
        @SuppressWarnings("unchecked")
        List<String> phases = (List<String>) script("return window.phases");
        assertThat(phases).as("pushed phases").anyMatch(text -> text.startsWith("Epoch 1 of 2 · batch "))
                .anyMatch(text -> text.startsWith("Finished"));
        assertThat(phases).noneMatch(text -> text.contains(" 0 images/s"));
        waitUntil("return document.querySelectorAll('#latest-run cifar-chart .apexcharts-legend-text').length >= 2");
        String legendSize = (String) script("return getComputedStyle(document.querySelector("
                + "'#latest-run cifar-chart .apexcharts-legend-text')).fontSize");
        assertThat(legendSize).isEqualTo(width >= 1800 ? "17px" : "14px");
        if (width >= 1800) {
            assertThat(((Number) script("return document.querySelector('.training-view').getBoundingClientRect().width"))
                    .doubleValue()).as("the page uses the projector's width").isGreaterThan(1500);
        }
        script("document.activeElement?.blur()");
        screenshot("walk-" + width + "-training-run.png");

        open("my-runs");
        waitUntil("return !!document.querySelector('#runs-grid')");
        assertThat((Boolean) script("const g = document.querySelector('#runs-grid').$.table;"
                + " return g.scrollWidth <= g.clientWidth + 1")).as("no column hidden or clipped").isTrue();
        screenshot("walk-" + width + "-my-runs-with-run.png");

        open("no-such-page");
        waitUntil("return !!document.querySelector('#not-found')");
        screenshot("walk-" + width + "-not-found.png");
    }

    private void setField(String selector, String value) {
        browser().findElement(By.cssSelector(selector + " input")).sendKeys(Keys.chord(Keys.CONTROL, "a"), value, Keys.TAB);
    }
}
