package com.cifarlab.ui.chart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart over a numeric x axis (epochs, steps), whose series may start empty and gain
 * points live through {@link ApexChart#appendPoint(String, double, double)}.
 *
 * <pre>{@code
 * new LineChartOptions().series("Training loss").series("Validation loss")
 *         .xAxisTitle("Epoch").yAxisTitle("Loss").xRange(1, epochs)
 * }</pre>
 */
public final class LineChartOptions extends ChartOptions<LineChartOptions> {

    /** One point of a line. */
    public record Point(double x, double y) {
    }

    private record Series(String name, List<Point> points) {
    }

    private final List<Series> series = new ArrayList<>();
    private Double xMin;
    private Double xMax;
    private Double yMin;
    private Double yMax;
    private int xDecimals;
    private int yDecimals = 2;

    /** Adds a series with no points yet. */
    public LineChartOptions series(String name) {
        return series(name, List.of());
    }

    /** Adds a series with its points so far. */
    public LineChartOptions series(String name, List<Point> points) {
        series.add(new Series(name, List.copyOf(points)));
        return this;
    }

    /** Fixes the x axis, so that it does not rescale while points arrive. */
    public LineChartOptions xRange(double min, double max) {
        this.xMin = min;
        this.xMax = max;
        return this;
    }

    /** Fixes the y axis (accuracy from 0 to 1, say). */
    public LineChartOptions yRange(double min, double max) {
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    /** Decimals shown on the x axis labels; none by default, as for epochs. */
    public LineChartOptions xDecimals(int decimals) {
        this.xDecimals = decimals;
        return this;
    }

    /** Decimals shown on the y axis labels; two by default. */
    public LineChartOptions yDecimals(int decimals) {
        this.yDecimals = decimals;
        return this;
    }

    @Override
    String chartType() {
        return "line";
    }

    @Override
    void writeData(ObjectNode root) {
        ObjectNode xaxis = (ObjectNode) root.get("xaxis");
        xaxis.put("type", "numeric").put("decimalsInFloat", xDecimals);
        if (xMin != null) {
            xaxis.put("min", xMin).put("max", xMax);
        }
        ObjectNode yaxis = (ObjectNode) root.get("yaxis");
        yaxis.put("decimalsInFloat", yDecimals);
        if (yMin != null) {
            yaxis.put("min", yMin).put("max", yMax);
        }
        ArrayNode seriesArray = (ArrayNode) root.get("series");
        for (Series s : series) {
            ArrayNode data = seriesArray.addObject().put("name", s.name()).putArray("data");
            s.points().forEach(p -> data.addArray().add(p.x()).add(p.y()));
        }
        root.putObject("stroke").put("curve", "straight").put("width", 3);
        root.putObject("markers").put("size", 4);
    }
}
