package com.cifarlab.ui.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * Typed builder of ApexCharts options with what every chart of the lab sets: title, axis titles,
 * legend, height, colours. Subclasses add their chart type's data. {@link #toJson()} gives the
 * options object that {@link ApexChart} sends to the browser; anything not covered here can be set
 * on that object directly (see the ApexCharts options reference).
 *
 * @param <T> the concrete builder, so that chained calls keep its type
 */
public abstract class ChartOptions<T extends ChartOptions<T>> {

    /** Where the legend goes. */
    public enum LegendPosition {
        TOP, RIGHT, BOTTOM, LEFT
    }

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** The size of every chart text; the theme makes it larger on a projector's width. */
    public static final String TEXT_SIZE = "14px";

    private String title;
    private String xAxisTitle;
    private String yAxisTitle;
    private boolean legend = true;
    private LegendPosition legendPosition = LegendPosition.TOP;
    private int height = 320;
    private boolean animated = true;
    private List<String> colors = List.of();

    ChartOptions() {
    }

    public T title(String title) {
        this.title = title;
        return self();
    }

    public T xAxisTitle(String xAxisTitle) {
        this.xAxisTitle = xAxisTitle;
        return self();
    }

    public T yAxisTitle(String yAxisTitle) {
        this.yAxisTitle = yAxisTitle;
        return self();
    }

    public T legend(boolean shown) {
        this.legend = shown;
        return self();
    }

    public T legend(LegendPosition position) {
        this.legend = true;
        this.legendPosition = position;
        return self();
    }

    /** The chart's height in CSS pixels; it always takes the full width of its element. */
    public T height(int pixels) {
        this.height = pixels;
        return self();
    }

    /** Whether ApexCharts animates drawing and updates; off suits charts that never change. */
    public T animated(boolean animated) {
        this.animated = animated;
        return self();
    }

    /** Series colours as CSS colours, in series order. */
    public T colors(String... colors) {
        this.colors = List.of(colors);
        return self();
    }

    /** The ApexCharts options object; a new one on each call. */
    public final ObjectNode toJson() {
        ObjectNode root = JSON.objectNode();
        ObjectNode chart = root.putObject("chart");
        chart.put("type", chartType());
        chart.put("height", height);
        chart.putObject("toolbar").put("show", false);
        chart.putObject("zoom").put("enabled", false);
        chart.putObject("animations").put("enabled", animated);
        // Larger text than ApexCharts' 11-12px defaults, so charts read from the back of a room.
        if (title != null) {
            root.putObject("title").put("text", title).put("align", "left")
                    .putObject("style").put("fontSize", "18px").put("fontWeight", 600);
        }
        root.putObject("legend")
                .put("show", legend)
                .put("showForSingleSeries", true)
                .put("fontSize", TEXT_SIZE)
                .put("position", legendPosition.name().toLowerCase(Locale.ROOT));
        if (!colors.isEmpty()) {
            ArrayNode colorArray = root.putArray("colors");
            colors.forEach(colorArray::add);
        }
        root.putObject("dataLabels").put("enabled", false).putObject("style").put("fontSize", TEXT_SIZE);
        root.set("xaxis", axis(xAxisTitle));
        root.set("yaxis", axis(yAxisTitle));
        root.putArray("series");
        writeData(root);
        return root;
    }

    private static ObjectNode axis(String title) {
        ObjectNode axis = JSON.objectNode();
        axis.putObject("labels").putObject("style").put("fontSize", TEXT_SIZE);
        if (title != null) {
            axis.putObject("title").put("text", title)
                    .putObject("style").put("fontSize", TEXT_SIZE).put("fontWeight", 600);
        }
        return axis;
    }

    abstract String chartType();

    /** Adds the chart type's series and settings to {@code root}, which already holds the common ones. */
    abstract void writeData(ObjectNode root);

    /** Adds the values, whole numbers kept whole so that labels show no ".0"; null leaves a gap. */
    static void numbers(ArrayNode target, List<? extends Number> values) {
        values.forEach(value -> target.add(number(value)));
    }

    static JsonNode number(Number value) {
        if (value == null) {
            return JSON.nullNode();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return JSON.numberNode(value.longValue());
        }
        return JSON.numberNode(value.doubleValue());
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }
}
