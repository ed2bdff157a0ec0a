package com.cifarlab.ui.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.cifarlab.events.ListenerRegistration;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.RunEvent;
import com.cifarlab.runs.RunService;
import com.cifarlab.ui.BrowserTest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Step 5 in a real browser with the real engine: a tiny run on the fixture images, launched from
 * the form, whose curves grow by server push until its best epoch is marked; then My runs lists it
 * and serves its curves as CSV. Each epoch's points reach the page within a second of the server
 * publishing the epoch (both clocks are this machine's).
 */
class TrainingBrowserTest extends BrowserTest {

    private static final String ACCURACY_MARKERS =
            "document.querySelectorAll('.accuracy-chart .apexcharts-series[seriesName] .apexcharts-marker').length";

    /** Notes when each epoch's training-accuracy point arrives in the chart, timed by the page. */
    private static final String RECORD_POINT_TIMES = "window.pointTimes = [];"
            + "setInterval(() => { const chart = document.querySelector('.accuracy-chart');"
            + " const points = chart?.options?.series?.[0]?.data?.length || 0;"
            + " while (window.pointTimes.length < points) window.pointTimes.push(Date.now()); }, 10);";

    @Autowired
    private RunService runs;

    private void type(String fieldId, String text) {
        WebElement input = browser().findElement(By.cssSelector("#" + fieldId + " input"));
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), text, Keys.TAB);
    }

    @Test
    void aLaunchedRunsCurvesGrowEpochByEpochUntilItsBestEpochIsMarkedThenMyRunsOffersItsCsv() throws IOException {
        List<Long> epochsPublished = new CopyOnWriteArrayList<>();
        ListenerRegistration published = runs.addListener(Caller.instructor(), event -> {
            if (event instanceof RunEvent.EpochCompleted) {
                epochsPublished.add(System.currentTimeMillis());
            }
        });
        open("training");
        waitUntil("return !!document.querySelector('#field-epochs input')");
        script(RECORD_POINT_TIMES);
        type("field-epochs", "3");
        type("field-trainSize", "100");

        browser().findElement(By.id("launch")).click();
        // A name of its own: browser tests share one server, and others look their student up by name.
        joinClass("Grace (training browser test)");

        // Three epochs, a training and a validation point each.
        waitUntil("return " + ACCURACY_MARKERS + " === 6");
        List<Long> drawn = ((List<?>) script("return window.pointTimes")).stream().map(t -> ((Number) t).longValue()).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> epochsPublished.size() == 3);
        published.remove();
        for (int epoch = 0; epoch < 3; epoch++) {
            assertThat(drawn.get(epoch) - epochsPublished.get(epoch)).as("ms from epoch %d's end to its points", epoch + 1)
                    .isLessThan(1000);
        }
        waitUntil("return document.querySelector('.run-progress-detail').textContent.startsWith('Finished')");
        waitUntil("return document.querySelector('.accuracy-chart .apexcharts-point-annotations') !== null"
                + " && document.querySelector('.accuracy-chart .apexcharts-point-annotations').textContent.includes('best: epoch')");
        // One point per epoch and line, also when a new best epoch redraws the chart in the same push.
        assertThat(script("return document.querySelector('.accuracy-chart').options.series.map(s => s.data.length)"))
                .isEqualTo(List.of(3L, 3L));
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
