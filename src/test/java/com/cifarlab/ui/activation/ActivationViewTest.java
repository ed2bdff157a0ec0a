package com.cifarlab.ui.activation;

import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.dataset.SampleImages;
import com.cifarlab.dataset.Subset;
import com.cifarlab.model.ActivationFunction;
import com.cifarlab.model.ActivationMath;
import com.cifarlab.model.ActivationMath.PixelScale;
import com.cifarlab.model.ActivationMath.PixelStats;
import com.cifarlab.ui.FixtureKaribuTest;
import com.cifarlab.ui.chart.ApexChart;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ActivationViewTest extends FixtureKaribuTest {

    @Autowired
    SampleImages samples;

    @BeforeEach
    void openActivationStep() {
        UI.getCurrent().navigate("activations");
        _get(ActivationView.class);
    }

    @Test
    void plotsEachFunctionWithItsDerivativeFromMinusSixToSix() {
        for (ActivationFunction f : ActivationFunction.values()) {
            ObjectNode options = chart("curve-" + f.name().toLowerCase(java.util.Locale.ROOT)).getOptions();

            assertThat(options.at("/chart/type").asText()).isEqualTo("line");
            assertThat(options.get("series").findValuesAsText("name"))
                    .containsExactly(f.label() + "(x)", "Derivative " + f.label() + "′(x)");
            assertThat(options.at("/xaxis/min").asDouble()).isEqualTo(-6);
            assertThat(options.at("/xaxis/max").asDouble()).isEqualTo(6);
            assertThat(options.at("/xaxis/tickAmount").asInt()).isEqualTo(6);
            assertThat(options.at("/xaxis/title/text").asText()).isEqualTo("Input x (the weighted sum)");
            assertThat(options.at("/yaxis/title/text").asText()).isEqualTo("Output");
            assertThat(options.at("/legend/show").asBoolean()).isTrue();
            assertThat(options.at("/series/0/data").size()).isEqualTo(121);
        }
        ObjectNode sigmoid = chart("curve-sigmoid").getOptions();
        assertThat(sigmoid.at("/series/1/data/60/1").asDouble()).as("σ'(0)").isEqualTo(0.25);
        assertThat(text()).contains("α = 0.01");
    }

    @Test
    void showsHowSigmoidSaturatesOnTheRawPixelsOfTheChosenImage() {
        int[] pixels = samples.pixels(Subset.TEST, 0);
        PixelStats raw = ActivationMath.stats(ActivationFunction.SIGMOID, pixels, PixelScale.RAW);
        assertThat(raw.saturatedShare()).as("the fixture's image 0").isGreaterThan(0.99);

        assertThat(verdict()).isEqualTo("Sigmoid on this image's raw pixels: "
                + String.format(java.util.Locale.ENGLISH, "%.1f%%", raw.saturatedShare() * 100)
                + " of the values are saturated, mean gradient "
                + String.format(java.util.Locale.ENGLISH, "%.4f", raw.meanGradient())
                + ". Normalised: 0.0% saturated, mean gradient "
                + String.format(java.util.Locale.ENGLISH, "%.4f",
                        ActivationMath.stats(ActivationFunction.SIGMOID, pixels, PixelScale.NORMALISED).meanGradient())
                + ".");
        Grid<?> stats = _get(Grid.class, spec -> spec.withId("pixel-stats"));
        assertThat(GridKt._size(stats)).isEqualTo(2);
        assertThat(GridKt._getFormattedRow(stats, 0).get(0)).isEqualTo("Raw 0–255");
        assertThat(GridKt._getFormattedRow(stats, 1).get(0)).isEqualTo("Normalised 0–1");
        ObjectNode histogram = chart("pixel-histogram").getOptions();
        assertThat(histogram.get("series").findValuesAsText("name")).containsExactly("Raw 0–255", "Normalised 0–1");
        assertThat(histogram.at("/xaxis/categories/0").asText()).isEqualTo("0.50–0.55");
        assertThat(histogram.at("/xaxis/title/text").asText()).isEqualTo("Sigmoid output");
        assertThat(histogram.at("/yaxis/title/text").asText()).isEqualTo("Share of the 3,072 values (%)");
        assertThat(_get(Image.class, spec -> spec.withClasses("sample-image")).getAlt()).hasValue("dog");
    }

    @Test
    void explainsTheFloatPrecisionTheOverflowWarningAndTheVanishingGradient() {
        assertThat(text()).contains("σ(255) is exactly 1 (computed here: 1.0)",
                "RuntimeWarning: overflow encountered in exp", "beyond 88.7", "at most 0.25", "below 0.0025 once |x| > 6",
                "a dead unit");
    }

    @Test
    void anotherFunctionAndAnotherImageUpdateTheStatistics() {
        _setValue(_get(Select.class, spec -> spec.withLabel("Activation")), ActivationFunction.RELU);
        _setValue(imageIndex(), 3);

        assertThat(verdict()).startsWith("ReLU on this image's raw pixels: ");
        assertThat(_get(Image.class, spec -> spec.withClasses("sample-image")).getAlt()).hasValue("ship");
        assertThat(chart("pixel-histogram").getOptions().at("/xaxis/categories/0").asText()).isEqualTo("0–26");
    }

    @Test
    void anImageThatDoesNotExistIsMarkedBesideTheField() {
        IntegerField index = imageIndex();

        _setValue(index, 10_000);

        assertThat(index.isInvalid()).isTrue();
        assertThat(index.getErrorMessage()).isEqualTo("Test image 10000 does not exist; there are 10000.");
        assertThat(GridKt._size(_get(Grid.class, spec -> spec.withId("pixel-stats")))).as("the last image's figures go").isZero();
        assertThat(verdict()).isEqualTo("No statistics: choose a test image by a number the field accepts.");

        _setValue(index, null);

        assertThat(index.getErrorMessage()).isEqualTo("Enter the number of a test image, 0 or more.");
    }

    private static IntegerField imageIndex() {
        return _get(IntegerField.class, spec -> spec.withLabel("Test image"));
    }

    private static ApexChart chart(String id) {
        return _get(ApexChart.class, spec -> spec.withId(id));
    }

    private static String verdict() {
        return _get(Paragraph.class, spec -> spec.withClasses("saturation-verdict")).getText();
    }

    private static String text() {
        List<Paragraph> paragraphs = _find(Paragraph.class);
        return String.join(" ", paragraphs.stream().map(Component::getElement).map(e -> e.getTextRecursively()).toList());
    }
}
