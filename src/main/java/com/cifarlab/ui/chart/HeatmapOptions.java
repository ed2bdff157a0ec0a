package com.cifarlab.ui.chart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A heatmap: a grid of coloured cells, one row per {@link #row} and one column per
 * {@link #columns} entry, darker for larger values (a confusion matrix, say). Rows are drawn top to
 * bottom in the order they were added.
 */
public final class HeatmapOptions extends ChartOptions<HeatmapOptions> {

    private record Row(String name, List<? extends Number> values) {
    }

    private final List<Row> rows = new ArrayList<>();
    private List<String> columns = List.of();
    private String color = "#1676f3";
    private boolean valueLabels = true;

    public HeatmapOptions() {
        legend(false);
    }

    /** The column names, left to right. */
    public HeatmapOptions columns(List<String> columns) {
        this.columns = List.copyOf(columns);
        return this;
    }

    /** Adds a row below the previous ones: one value per column. */
    public HeatmapOptions row(String name, List<? extends Number> values) {
        if (values.size() != columns.size()) {
            throw new IllegalArgumentException("Row '" + name + "' has " + values.size() + " values but there are "
                    + columns.size() + " columns; set the columns first, one per value.");
        }
        rows.add(new Row(name, List.copyOf(values)));
        return this;
    }

    /** The colour of the largest values; smaller ones get lighter shades of it. */
    public HeatmapOptions color(String cssColor) {
        this.color = cssColor;
        return this;
    }

    /** Writes each cell's value in it. */
    public HeatmapOptions valueLabels(boolean shown) {
        this.valueLabels = shown;
        return this;
    }

    @Override
    String chartType() {
        return "heatmap";
    }

    @Override
    void writeData(ObjectNode root) {
        ArrayNode seriesArray = (ArrayNode) root.get("series");
        // ApexCharts draws the first series at the bottom; reversed, rows read top to bottom.
        for (int r = rows.size() - 1; r >= 0; r--) {
            Row row = rows.get(r);
            ArrayNode data = seriesArray.addObject().put("name", row.name()).putArray("data");
            for (int c = 0; c < columns.size(); c++) {
                data.addObject().put("x", columns.get(c)).set("y", number(row.values().get(c)));
            }
        }
        root.putArray("colors").removeAll().add(color);
        ((ObjectNode) root.get("dataLabels")).put("enabled", valueLabels);
        root.putObject("plotOptions").putObject("heatmap").put("shadeIntensity", 0.6).put("radius", 0);
    }
}
