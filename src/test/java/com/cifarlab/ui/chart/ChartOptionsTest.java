package com.cifarlab.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartOptionsTest {

    @Test
    void barChartGroupsOneBarPerCategoryForEachSeries() {
        ObjectNode json = new BarChartOptions()
                .categories(List.of("cat", "dog"))
                .series("Training", List.of(4_000, 3_990))
                .series("Test", List.of(1_000, 1_000))
                .xAxisTitle("Class").yAxisTitle("Images").title("Images per class")
                .toJson();

        assertThat(json.at("/chart/type").asText()).isEqualTo("bar");
        assertThat(json.at("/xaxis/categories").toString()).isEqualTo("[\"cat\",\"dog\"]");
        assertThat(json.at("/series").toString())
                .isEqualTo("[{\"name\":\"Training\",\"data\":[4000,3990]},{\"name\":\"Test\",\"data\":[1000,1000]}]");
        assertThat(json.at("/xaxis/title/text").asText()).isEqualTo("Class");
        assertThat(json.at("/yaxis/title/text").asText()).isEqualTo("Images");
        assertThat(json.at("/title/text").asText()).isEqualTo("Images per class");
        assertThat(json.at("/legend/show").asBoolean()).isTrue();
    }

    @Test
    void aSeriesWithTheWrongNumberOfValuesIsRefused() {
        BarChartOptions options = new BarChartOptions().categories(List.of("cat", "dog"));

        assertThatThrownBy(() -> options.series("Training", List.of(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Series 'Training' has 3 values but there are 2 categories; set the categories first, "
                        + "one per value.");
    }

    @Test
    void lineChartSeriesMayStartEmptyOnAFixedNumericAxis() {
        ObjectNode json = new LineChartOptions()
                .series("Training loss")
                .series("Validation loss", List.of(new LineChartOptions.Point(1, 2.5)))
                .xRange(1, 10).yRange(0, 3)
                .xAxisTitle("Epoch").yAxisTitle("Loss")
                .toJson();

        assertThat(json.at("/chart/type").asText()).isEqualTo("line");
        assertThat(json.at("/xaxis/type").asText()).isEqualTo("numeric");
        assertThat(json.at("/xaxis/max").asDouble()).isEqualTo(10);
        assertThat(json.at("/series").toString()).isEqualTo(
                "[{\"name\":\"Training loss\",\"data\":[]},{\"name\":\"Validation loss\",\"data\":[[1.0,2.5]]}]");
    }

    @Test
    void heatmapRowsReadTopToBottomInTheOrderAdded() {
        ObjectNode json = new HeatmapOptions()
                .columns(List.of("cat", "dog"))
                .row("cat", List.of(90, 10))
                .row("dog", List.of(20, 80))
                .toJson();

        JsonNode series = json.get("series");
        // ApexCharts draws the last series at the top.
        assertThat(series.get(1).get("name").asText()).isEqualTo("cat");
        assertThat(series.get(1).get("data").toString())
                .isEqualTo("[{\"x\":\"cat\",\"y\":90},{\"x\":\"dog\",\"y\":10}]");
        assertThat(json.at("/legend/show").asBoolean()).as("the colour scale").isTrue();
    }

    @Test
    void heatmapShadesDarkenTowardsTheLargestValueWithReadableText() {
        JsonNode ranges = new HeatmapOptions()
                .columns(List.of("cat", "dog"))
                .row("cat", List.of(100, 0))
                .color("#1676f3")
                .toJson().at("/plotOptions/heatmap/colorScale/ranges");

        assertThat(ranges).hasSize(5);
        assertThat(ranges.get(0).get("color").asText()).isEqualTo("#e8f1fe");
        assertThat(ranges.get(0).get("foreColor").asText()).isEqualTo("#1a2433");
        assertThat(ranges.get(4).get("color").asText()).isEqualTo("#1676f3");
        assertThat(ranges.get(4).get("foreColor").asText()).isEqualTo("#ffffff");
        assertThat(ranges.get(2).get("from").asDouble()).isEqualTo(40);
        assertThat(ranges.get(2).get("to").asDouble()).isEqualTo(60);
        assertThat(ranges).extracting(range -> range.get("name").asText())
                .containsExactly("under 20", "20–39", "40–59", "60–79", "80 and more");
    }

    @Test
    void aHeatmapColourMustBeAHexColour() {
        assertThatThrownBy(() -> new HeatmapOptions().color("blue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A heatmap colour is written #rrggbb, not 'blue'.");
    }

    @Test
    void appendedPointsJoinTheirSeriesAndNewNamesStartANewSeries() {
        ApexChart chart = new ApexChart(new LineChartOptions().series("Training loss"));

        chart.appendPoint("Training loss", 1, 2.0);
        chart.appendPoint("Training loss", 2, 1.5);
        chart.appendPoint("Validation loss", 1, 2.2);

        assertThat(chart.getOptions().get("series").toString()).isEqualTo(
                "[{\"name\":\"Training loss\",\"data\":[[1.0,2.0],[2.0,1.5]]},"
                        + "{\"name\":\"Validation loss\",\"data\":[[1.0,2.2]]}]");
    }

    @Test
    void theChartKeepsItsOwnCopyOfTheOptions() {
        ObjectNode options = new BarChartOptions().toJson();
        ApexChart chart = new ApexChart(options);

        options.put("extra", true);

        assertThat(chart.getOptions().has("extra")).isFalse();
    }
}
