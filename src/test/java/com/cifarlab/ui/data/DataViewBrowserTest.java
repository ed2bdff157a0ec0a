package com.cifarlab.ui.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.ui.BrowserTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Step 1 in a real browser; leaves target/screenshots/step1-data.png. */
class DataViewBrowserTest extends BrowserTest {

    @Test
    void showsSharpSampleImagesAndTheClassChart() throws IOException {
        open("");

        waitUntil("return [...document.querySelectorAll('img.sample-image')]"
                + ".filter(img => img.complete && img.naturalWidth > 0).length >= 9");
        waitUntil("return document.querySelectorAll('cifar-chart svg.apexcharts-svg .apexcharts-bar-area').length === 30");

        assertThat(script("return document.querySelector('img.sample-image').naturalWidth")).isEqualTo(32L);
        assertThat(script("return getComputedStyle(document.querySelector('img.sample-image')).imageRendering"))
                .isEqualTo("pixelated");
        assertThat((String) script("return document.querySelector('cifar-chart').textContent"))
                .contains("Training", "Validation", "Test", "Class", "Images");
        assertThat(browser().getTitle()).isEqualTo("Step 1: Data · CIFAR Lab");
        screenshot("step1-data.png");
    }
}
