package com.cifarlab.ui.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.ui.BrowserTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * Step 5 in a real browser with the real engine: a tiny run on the fixture images, launched from
 * the form, whose curves grow by server push until its best epoch is marked; then My runs lists it
 * and serves its curves as CSV.
 */
class TrainingBrowserTest extends BrowserTest {

    private static final String ACCURACY_MARKERS =
            "document.querySelectorAll('.accuracy-chart .apexcharts-series[seriesName] .apexcharts-marker').length";

    private void type(String fieldId, String text) {
        WebElement input = browser().findElement(By.cssSelector("#" + fieldId + " input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), text, Keys.TAB);
    }

    @Test
    void aLaunchedRunsCurvesGrowEpochByEpochUntilItsBestEpochIsMarkedThenMyRunsOffersItsCsv() throws IOException {
        open("training");
        waitUntil("return !!document.querySelector('#field-epochs input')");
        type("field-epochs", "3");
        type("field-trainSize", "100");

        browser().findElement(By.id("launch")).click();
        waitUntil("return !!document.querySelector('#student-name input')");
        // A name of its own: browser tests share one server, and others look their student up by name.
        type("student-name", "Grace (training browser test)");
        browser().findElement(By.id("save-student-name")).click();

        // Three epochs, a training and a validation point each.
        waitUntil("return " + ACCURACY_MARKERS + " === 6");
        waitUntil("return document.querySelector('.run-progress-detail').textContent.startsWith('Finished')");
        waitUntil("return document.querySelector('.accuracy-chart .apexcharts-point-annotations') !== null"
                + " && document.querySelector('.accuracy-chart .apexcharts-point-annotations').textContent.includes('best: epoch')");
        assertThat((String) script("return document.querySelector('.accuracy-chart').textContent"))
                .contains("Adam 0.001 · train", "Adam 0.001 · val", "Epoch", "Accuracy");
        assertThat((String) script("return document.querySelector('.loss-chart').textContent")).contains("Loss");
        screenshot("training-run.png");

        open("my-runs");
        waitUntil("return !!document.querySelector('#runs-grid') && document.querySelector('#runs-grid').textContent.includes('Succeeded')");
        String csv = (String) ((JavascriptExecutor) browser()).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(document.querySelector('.action-csv').href).then(r => r.text()).then(done);");
        assertThat(csv.lines().toList()).hasSize(4).first().isEqualTo("epoch,loss,accuracy,val_loss,val_accuracy,seconds");
        screenshot("my-runs.png");
    }
}
