package com.cifarlab.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.ui.BrowserTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Live line charts and heatmaps in a real browser, points arriving by server push. */
class ApexChartBrowserTest extends BrowserTest {

    @Test
    void pointsPushedFromABackgroundThreadExtendTheLines() throws IOException {
        open("test/charts");

        waitUntil("return document.querySelectorAll('#line .apexcharts-series[seriesName] .apexcharts-marker').length"
                + " === " + (2 * ChartDemoView.POINTS));
        waitUntil("return document.querySelectorAll('#heatmap .apexcharts-heatmap-rect').length === 9");

        assertThat((String) script("return document.querySelector('#line').textContent"))
                .contains("Training loss", "Validation loss", "Epoch", "Loss");
        screenshot("charts.png");
        // Rows top to bottom in the order added (ApexCharts itself would draw them bottom-up).
        assertThat(script("return [...document.querySelectorAll('#heatmap text.apexcharts-yaxis-label')]"
                + ".sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)"
                + ".map(label => label.querySelector('tspan')?.textContent ?? '').filter(text => text).join(',')")).isEqualTo("cat,dog,frog");
    }
}
