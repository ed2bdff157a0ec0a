package com.cifarlab.ui.chart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart: one bar per category for each series, grouped side by side.
 *
 * <pre>{@code
 * new BarChartOptions().categories(classNames)
 *         .series("Training", trainCounts).series("Test", testCounts)
 *         .xAxisTitle("Class").yAxisTitle("Images")
 * }</pre>
 */
public final class BarChartOptions extends ChartOptions<BarChartOptions> {

    private record Series(String name, List<? extends Number> values) {
    }

    private final List<Series> series = new ArrayList<>();
    private List<String> categories = List.of();
    private boolean horizontal;
    private boolean valueLabels;

    /** The category under each group of bars, in data order. */
    public BarChartOptions categories(List<String> categories) {
        this.categories = List.copyOf(categories);
        return this;
    }

    /** Adds a series: one value per category. */
    public BarChartOptions series(String name, List<? extends Number> values) {
        if (values.size() != categories.size()) {
            throw new IllegalArgumentException("Series '" + name + "' has " + values.size() + " values but there are "
                    + categories.size() + " categories; set the categories first, one per value.");
        }
        series.add(new Series(name, List.copyOf(values)));
        return this;
    }

    /** Bars grow to the right instead of upwards. */
    public BarChartOptions horizontal(boolean horizontal) {
        this.horizontal = horizontal;
        return this;
    }

    /** Writes each bar's value on it. */
    public BarChartOptions valueLabels(boolean shown) {
        this.valueLabels = shown;
        return this;
    }

    @Override
    String chartType() {
        return "bar";
    }

    @Override
    void writeData(ObjectNode root) {
        ArrayNode categoryArray = ((ObjectNode) root.get("xaxis")).putArray("categories");
        categories.forEach(categoryArray::add);
        ArrayNode seriesArray = (ArrayNode) root.get("series");
        for (Series s : series) {
            ObjectNode node = seriesArray.addObject().put("name", s.name());
            numbers(node.putArray("data"), s.values());
        }
        root.putObject("plotOptions").putObject("bar")
                .put("horizontal", horizontal)
                .put("columnWidth", "75%")
                .put("borderRadius", 2);
        ((ObjectNode) root.get("dataLabels")).put("enabled", valueLabels);
        // A thin gap between grouped bars keeps neighbouring series apart on a projector.
        root.putObject("stroke").put("show", true).put("width", 1).putArray("colors").add("transparent");
    }
}
