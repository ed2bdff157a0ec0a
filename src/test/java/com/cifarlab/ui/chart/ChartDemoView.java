package com.cifarlab.ui.chart;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only page with a line chart that a background thread extends through server push, the
 * way training steps will, and a heatmap. Lives in the test sources, so the app never serves it.
 */
@Route("test/charts")
@AnonymousAllowed
public class ChartDemoView extends Div {

    static final int POINTS = 5;

    private final ApexChart line = new ApexChart(new LineChartOptions()
            .series("Training loss").series("Validation loss")
            .xRange(1, POINTS).yRange(0, 3)
            .xAxisTitle("Epoch").yAxisTitle("Loss"));
    private final ScheduledExecutorService trainer = Executors.newSingleThreadScheduledExecutor();

    public ChartDemoView() {
        line.setId("line");
        ApexChart heatmap = new ApexChart(new HeatmapOptions()
                .columns(List.of("cat", "dog", "frog"))
                .row("cat", List.of(80, 15, 5))
                .row("dog", List.of(20, 70, 10))
                .row("frog", List.of(2, 3, 95))
                .xAxisTitle("Predicted").yAxisTitle("Actual"));
        heatmap.setId("heatmap");
        setWidth("900px");
        add(line, heatmap);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        AtomicInteger epoch = new AtomicInteger();
        trainer.scheduleAtFixedRate(() -> {
            int e = epoch.incrementAndGet();
            if (e <= POINTS) {
                ui.access(() -> {
                    line.appendPoint("Training loss", e, 2.5 / e);
                    line.appendPoint("Validation loss", e, 2.7 / e + 0.2);
                });
            }
        }, 300, 200, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        trainer.shutdownNow();
    }
}
