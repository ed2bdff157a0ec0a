package com.cifarlab.ui.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.Tag;
import com.vaadin.flow.component.dependency.JsModule;
import com.vaadin.flow.component.dependency.NpmPackage;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A chart drawn in the browser by ApexCharts (MIT), through our {@code <cifar-chart>} element.
 * Build the options with {@link BarChartOptions}, {@link LineChartOptions} or {@link HeatmapOptions},
 * or pass any ApexCharts options object as JSON. Live charts add points with
 * {@link #appendPoint(String, double, double)}: only the point travels to the browser.
 *
 * <p>Like every component, change it from a background thread only inside {@code ui.access(...)}.
 */
@Tag("cifar-chart")
@NpmPackage(value = "apexcharts", version = "5.0.0")
@JsModule("./components/cifar-chart.js")
public class ApexChart extends Component implements HasSize {

    private ObjectNode options;
    /** Points appended in this round trip, sent just before the response unless the whole options go instead. */
    private final List<Point> pendingPoints = new ArrayList<>();

    private record Point(String series, double x, double y) implements Serializable {
    }

    public ApexChart(ChartOptions<?> options) {
        this(options.toJson());
    }

    public ApexChart(ObjectNode options) {
        setOptions(options);
    }

    /** Redraws the chart from these options. */
    public void setOptions(ChartOptions<?> options) {
        setOptions(options.toJson());
    }

    /** Redraws the chart from this ApexCharts options object (copied: later changes to it have no effect). */
    public void setOptions(ObjectNode options) {
        this.options = options.deepCopy();
        sendOptions();
    }

    /** The options as drawn now, including the points appended so far; a copy. */
    public ObjectNode getOptions() {
        return options.deepCopy();
    }

    /**
     * Adds the point (x, y) to the end of the line series {@code seriesName}, creating the series
     * when it is new.
     */
    public void appendPoint(String seriesName, double x, double y) {
        seriesData(seriesName).addArray().add(x).add(y);
        if (isAttached()) {
            if (pendingPoints.isEmpty()) {
                getUI().ifPresent(ui -> ui.beforeClientResponse(this, context -> sendPendingPoints()));
            }
            pendingPoints.add(new Point(seriesName, x, y));
        }
    }

    private void sendPendingPoints() {
        pendingPoints.forEach(point -> getElement().callJsFunction("appendPoint", point.series(), point.x(), point.y()));
        pendingPoints.clear();
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        // A re-attached component gets a new element in the browser, which needs every point so far.
        sendOptions();
    }

    private void sendOptions() {
        // The browser applies a new property before any function call of the same response, so a
        // point appended earlier in this round trip would be drawn twice: the options carry it.
        pendingPoints.clear();
        getElement().setPropertyJson("options", options.deepCopy());
    }

    private ArrayNode seriesData(String seriesName) {
        ArrayNode series = options.withArrayProperty("series");
        for (JsonNode s : series) {
            if (seriesName.equals(s.path("name").asText())) {
                return (ArrayNode) s.get("data");
            }
        }
        return series.addObject().put("name", seriesName).putArray("data");
    }
}
