package com.cifarlab.ui.chart;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A heatmap: a grid of coloured cells, one row per {@link #row} and one column per
 * {@link #columns} entry, darker for larger values (a confusion matrix, say). Rows are drawn top to
 * bottom in the order they were added.
 */
public final class HeatmapOptions extends ChartOptions<HeatmapOptions> {

    private record Row(String name, List<? extends Number> values) {
    }

    private static final int SHADES = 5;

    private final List<Row> rows = new ArrayList<>();
    private List<String> columns = List.of();
    private String color = "#1676f3";
    private boolean valueLabels = true;

    /** The colour scale is the legend, under the grid: which shade means how many. */
    public HeatmapOptions() {
        legend(LegendPosition.BOTTOM);
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

    /** The colour of the largest values, as {@code #rrggbb}; smaller ones get lighter shades of it. */
    public HeatmapOptions color(String hexColor) {
        if (!hexColor.matches("#[0-9a-fA-F]{6}")) {
            throw new IllegalArgumentException("A heatmap colour is written #rrggbb, not '" + hexColor + "'.");
        }
        this.color = hexColor;
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
        ((ObjectNode) root.get("dataLabels")).put("enabled", valueLabels);
        // Our own shades only: ApexCharts would otherwise lighten each range further by value.
        ObjectNode heatmap = root.putObject("plotOptions").putObject("heatmap")
                .put("radius", 0)
                .put("enableShades", false);
        heatmap.putObject("colorScale").set("ranges", shades());
    }

    /**
     * Five shades from nearly white to the full colour, each with a text colour that stays readable
     * on it (ApexCharts' own shading writes white text on every cell, invisible on the light ones).
     */
    private ArrayNode shades() {
        double max = rows.stream().flatMap(row -> row.values().stream())
                .filter(Objects::nonNull).mapToDouble(Number::doubleValue).max().orElse(0);
        ArrayNode ranges = JSON.arrayNode();
        for (int i = 0; i < SHADES; i++) {
            double strength = i / (double) (SHADES - 1);
            ranges.addObject()
                    .put("name", shadeName(i, max))
                    .put("from", i == 0 ? -Double.MAX_VALUE : max * i / SHADES)
                    .put("to", i == SHADES - 1 ? Double.MAX_VALUE : max * (i + 1) / SHADES)
                    .put("color", mixWithWhite(strength))
                    .put("foreColor", strength > 0.5 ? "#ffffff" : "#1a2433");
        }
        return ranges;
    }

    /** "under 20", "20–39", …, "80 and more": the legend entry of shade {@code i}. */
    private static String shadeName(int i, double max) {
        long from = Math.round(max * i / SHADES);
        long to = Math.round(max * (i + 1) / SHADES);
        if (i == 0) {
            return "under " + String.format(Locale.ENGLISH, "%,d", to);
        }
        return i == SHADES - 1 ? String.format(Locale.ENGLISH, "%,d and more", from)
                : String.format(Locale.ENGLISH, "%,d–%,d", from, to - 1);
    }

    private String mixWithWhite(double strength) {
        int rgb = Integer.parseInt(color.substring(1), 16);
        int r = blend(rgb >> 16 & 0xFF, strength);
        int g = blend(rgb >> 8 & 0xFF, strength);
        int b = blend(rgb & 0xFF, strength);
        return String.format("#%02x%02x%02x", r, g, b);
    }

    private static int blend(int channel, double strength) {
        // The lightest shade keeps a tenth of the colour, so that empty cells still show as cells.
        double amount = 0.1 + 0.9 * strength;
        return (int) Math.round(255 - (255 - channel) * amount);
    }
}
