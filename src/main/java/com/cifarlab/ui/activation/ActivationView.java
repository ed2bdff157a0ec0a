package com.cifarlab.ui.activation;

import static com.cifarlab.ui.components.StepLayout.card;
import static com.cifarlab.ui.components.StepLayout.cards;
import static com.cifarlab.ui.components.StepLayout.emptyState;
import static com.cifarlab.ui.components.StepLayout.lead;
import static com.cifarlab.ui.components.StepLayout.section;

import com.cifarlab.dataset.DatasetException;
import com.cifarlab.dataset.DatasetService;
import com.cifarlab.dataset.Sample;
import com.cifarlab.dataset.SampleImages;
import com.cifarlab.dataset.Subset;
import com.cifarlab.model.ActivationFunction;
import com.cifarlab.model.ActivationMath.Histogram;
import com.cifarlab.model.ActivationMath.PixelScale;
import com.cifarlab.model.ActivationMath.PixelStats;
import com.cifarlab.model.ActivationMath;
import com.cifarlab.ui.chart.ApexChart;
import com.cifarlab.ui.chart.BarChartOptions;
import com.cifarlab.ui.chart.LineChartOptions;
import com.cifarlab.ui.components.StepLayout;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Step 3, Activation functions: ReLU, sigmoid, tanh and leaky ReLU with their derivatives, and
 * what each does to the pixels of a real image fed in raw (0–255) or normalised (0–1), which is
 * where sigmoid's saturation and the vanishing gradient show.
 */
@Route("activations")
@Menu(order = 3, title = "Activation functions", icon = "vaadin:curly-brackets")
@PageTitle("Step 3: Activation functions · CIFAR Lab")
@AnonymousAllowed
public class ActivationView extends Div {

    static final double CURVE_LIMIT = 6;
    private static final int CURVE_INTERVALS = 120;
    private static final int HISTOGRAM_BINS = 10;

    private final SampleImages samples;
    private final IntegerField imageIndex = new IntegerField("Test image");
    private final Select<ActivationFunction> function = new Select<>();
    private final Image image = new Image();
    private final Span imageClass = new Span();
    private final ApexChart histogram = new ApexChart(new BarChartOptions());
    private final Grid<PixelStats> stats = new Grid<>();
    private final Paragraph verdict = new Paragraph();

    public ActivationView(DatasetService datasets, SampleImages samples) {
        StepLayout.page(this, "activation-view");
        this.samples = samples;
        add(lead("After summing its weighted inputs, every unit passes the sum through an activation function. "
                + "Without one, any stack of layers would collapse into a single linear map; with one, the network "
                + "can bend its decision boundaries. But the function's shape also decides how well the unit "
                + "learns: backpropagation multiplies the error by the function's derivative, so where the "
                + "derivative is near zero, learning stops."));
        add(section("activation-curves", "The functions and their derivatives", curves()));
        add(section("activation-pixels", "Applied to the pixels of an image", pixelSection(datasets)));
        add(section("activation-lessons", "What to take away", lessons()));
    }

    private static Component curves() {
        Div grid = cards(Arrays.stream(ActivationFunction.values()).map(ActivationView::curveCard).toArray(Component[]::new));
        // Two charts a row on a laptop, so the four make a square instead of three and a straggler.
        grid.getStyle().set("grid-template-columns", "repeat(auto-fit, minmax(min(100%, 26rem), 1fr))");
        return grid;
    }

    private static Component curveCard(ActivationFunction f) {
        List<LineChartOptions.Point> values = new ArrayList<>();
        List<LineChartOptions.Point> derivatives = new ArrayList<>();
        for (ActivationMath.Point p : ActivationMath.curve(f, -CURVE_LIMIT, CURVE_LIMIT, CURVE_INTERVALS)) {
            values.add(new LineChartOptions.Point(p.x(), p.value()));
            derivatives.add(new LineChartOptions.Point(p.x(), p.derivative()));
        }
        ObjectNode options = new LineChartOptions()
                .series(f.label() + "(x)", values)
                .series("Derivative " + f.label() + "′(x)", derivatives)
                .xAxisTitle("Input x (the weighted sum)")
                .yAxisTitle("Output")
                .xRange(-CURVE_LIMIT, CURVE_LIMIT)
                .height(260)
                .animated(false)
                .colors("#1676f3", "#e8590c")
                .toJson();
        // 121 points make a smooth line; a marker on each would hide it.
        options.putObject("markers").put("size", 0);
        // A tick every 2 units, so that 0, where ReLU bends and sigmoid's slope peaks, is labelled.
        ((ObjectNode) options.get("xaxis")).put("tickAmount", 6);
        ApexChart chart = new ApexChart(options);
        chart.setWidthFull();
        chart.setId("curve-" + f.name().toLowerCase(Locale.ROOT));
        return card(f.label() + ": " + f.formula(), chart, new Paragraph(curveNote(f)));
    }

    private static String curveNote(ActivationFunction f) {
        return switch (f) {
            case RELU -> "The derivative is 1 for every positive input and 0 for every negative one: it never "
                    + "shrinks a gradient that gets through, but lets none through below zero.";
            case SIGMOID -> "Squeezes any input into 0 to 1. Its derivative peaks at 0.25 at x = 0 and is almost "
                    + "0 beyond ±6: there the unit is saturated.";
            case TANH -> "Like sigmoid, but from −1 to 1 and centred on 0, with a derivative of 1 at x = 0. It "
                    + "saturates just as well, from about ±3 on.";
            case LEAKY_RELU -> "ReLU with a small slope α = " + ActivationFunction.LEAKY_SLOPE
                    + " for negative inputs, so a unit whose input is negative still passes a little gradient.";
        };
    }

    private Component pixelSection(DatasetService datasets) {
        try {
            if (datasets.current().isEmpty()) {
                return emptyState("not-imported", VaadinIcon.DATABASE, "CIFAR-10 is not imported yet",
                        new Paragraph("This part applies the functions to a real image. Step 1 (Data) says how to "
                                + "import the images; then reload this page."));
            }
        } catch (DatasetException e) {
            return emptyState("dataset-error", VaadinIcon.WARNING, "The imported data cannot be used",
                    new Paragraph(e.getMessage()));
        }
        Paragraph intro = new Paragraph("Each of an image's 3,072 values (32 × 32 pixels × red, green, blue) is "
                + "fed to the activation as if it were a unit's input, once as stored (0 to 255) and once divided "
                + "by 255, as Step 1 prepares them. A first layer with weights around 1 sees inputs of exactly "
                + "this size.");

        imageIndex.setValue(0);
        imageIndex.setMin(0);
        imageIndex.setStepButtonsVisible(true);
        imageIndex.setManualValidation(true);
        imageIndex.setHelperText("Number of a test image, from 0");
        imageIndex.addValueChangeListener(e -> update());

        function.setLabel("Activation");
        function.setItems(ActivationFunction.values());
        function.setItemLabelGenerator(ActivationFunction::label);
        function.setValue(ActivationFunction.SIGMOID);
        function.addValueChangeListener(e -> update());

        image.addClassName("sample-image");
        imageClass.addClassName("sample-name");
        Div tile = new Div(image, imageClass);
        tile.addClassName("sample-tile");
        Div controls = new Div(imageIndex, function, tile);
        controls.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.AlignItems.START,
                LumoUtility.Gap.LARGE);

        histogram.setWidthFull();
        histogram.setId("pixel-histogram");

        stats.addColumn(s -> s.scale().label()).setHeader("Pixels fed in").setFlexGrow(2);
        stats.addColumn(s -> decimal(s.meanOutput())).setHeader("Mean output").setTextAlign(ColumnTextAlign.END);
        stats.addColumn(s -> percent(s.saturatedShare()))
                .setHeader("Saturated (gradient < " + ActivationMath.SATURATED_GRADIENT + ")")
                .setTextAlign(ColumnTextAlign.END).setFlexGrow(2);
        stats.addColumn(s -> decimal(s.meanGradient())).setHeader("Mean gradient").setTextAlign(ColumnTextAlign.END);
        stats.addThemeVariants(GridVariant.LUMO_COMPACT);
        stats.setAllRowsVisible(true);
        stats.setId("pixel-stats");

        verdict.addClassNames("saturation-verdict", LumoUtility.FontWeight.MEDIUM);
        Div content = new Div(intro, controls, histogram, stats, verdict);
        update();
        return content;
    }

    private void update() {
        Integer index = imageIndex.getValue();
        if (index == null) {
            reject("Enter the number of a test image, 0 or more.");
            return;
        }
        int[] pixels;
        Sample sample;
        try {
            pixels = samples.pixels(Subset.TEST, index);
            sample = samples.sample(Subset.TEST, index);
        } catch (IllegalArgumentException e) {
            reject(e.getMessage());
            return;
        }
        imageIndex.setInvalid(false);
        imageIndex.setErrorMessage(null);
        showImage(sample);

        ActivationFunction f = function.getValue();
        PixelStats raw = ActivationMath.stats(f, pixels, PixelScale.RAW);
        PixelStats normalised = ActivationMath.stats(f, pixels, PixelScale.NORMALISED);
        stats.setItems(raw, normalised);
        histogram.setOptions(histogramOptions(f, ActivationMath.histogram(f, pixels, PixelScale.RAW, HISTOGRAM_BINS),
                ActivationMath.histogram(f, pixels, PixelScale.NORMALISED, HISTOGRAM_BINS)));
        verdict.setText(f.label() + " on this image's raw pixels: " + percent(raw.saturatedShare())
                + " of the values are saturated, mean gradient " + decimal(raw.meanGradient())
                + ". Normalised: " + percent(normalised.saturatedShare()) + " saturated, mean gradient "
                + decimal(normalised.meanGradient()) + ".");
    }

    /** A number that names no image: the last image's figures go, so they are not read as this one's. */
    private void reject(String message) {
        imageIndex.setErrorMessage(message);
        imageIndex.setInvalid(true);
        stats.setItems(List.of());
        verdict.setText("No statistics: choose a test image by a number the field accepts.");
    }

    private void showImage(Sample sample) {
        String fileName = "test-" + sample.index() + ".png";
        image.setSrc(DownloadHandler.fromInputStream(event -> {
            byte[] png = samples.png(sample.subset(), sample.index());
            return new DownloadResponse(new ByteArrayInputStream(png), fileName, "image/png", png.length);
        }).inline());
        image.setAlt(sample.className());
        imageClass.setText(sample.className());
    }

    private static BarChartOptions histogramOptions(ActivationFunction f, Histogram raw, Histogram normalised) {
        List<String> bins = new ArrayList<>();
        for (int b = 0; b < raw.bins(); b++) {
            bins.add(bound(raw.binStart(b), raw) + "–" + bound(raw.binEnd(b), raw));
        }
        return new BarChartOptions()
                .categories(bins)
                .series(PixelScale.RAW.label(), percentages(raw))
                .series(PixelScale.NORMALISED.label(), percentages(normalised))
                .xAxisTitle(f.label() + " output")
                .yAxisTitle("Share of the 3,072 values (%)")
                .height(320)
                .animated(false)
                .colors("#e8590c", "#1676f3");
    }

    private static List<Double> percentages(Histogram histogram) {
        return histogram.shares().stream().map(share -> Math.round(share * 1000) / 10.0).toList();
    }

    /** Bin edges with as many decimals as their width needs. */
    private static String bound(double value, Histogram histogram) {
        double width = (histogram.to() - histogram.from()) / histogram.bins();
        int decimals = width >= 10 ? 0 : width >= 1 ? 1 : 2;
        return String.format(Locale.ENGLISH, "%." + decimals + "f", value);
    }

    private static Component lessons() {
        int saturation = ActivationMath.float32SigmoidSaturation();
        Paragraph overflow = new Paragraph("numpy computes σ(x) = 1 / (1 + exp(−x)). For a large negative x, "
                + "exp(−x) is exp of a large positive number: beyond " + decimal1(ActivationMath.FLOAT32_EXP_LIMIT)
                + " it does not fit in a 32-bit float, beyond " + decimal1(ActivationMath.FLOAT64_EXP_LIMIT)
                + " not even in a 64-bit one. A weighted sum of raw pixels easily gets there (a hundred pixels "
                + "of 200 with weights of −0.05 sum to −1,000), so numpy returns inf and prints the lab's ");
        overflow.add(new Code("RuntimeWarning: overflow encountered in exp"));
        overflow.add(". The result, 1 / (1 + inf) = 0, is even right, but it is a saturated 0 with no gradient. "
                + "Normalised inputs keep the sums small and the warning away.");
        return cards(
                card("Why sigmoid on raw pixels saturates",
                        "σ(5) is already 0.993. A raw pixel is anything from 0 to 255, so nearly every value lands "
                                + "on the flat top of the curve: output 1, gradient 0. In 32-bit floats, which "
                                + "networks compute in, σ(255) is exactly 1 (computed here: "
                                + ActivationMath.sigmoidFloat32(ActivationMath.MAX_PIXEL) + "), as is σ(x) for "
                                + "every x from " + saturation + " on: a pixel of " + saturation
                                + " and one of 255 look the same to the unit, and no weight change can move it."),
                card("The overflow warning", overflow),
                card("Where the gradient vanishes",
                        "σ′(x) = σ(x)·(1 − σ(x)) is at most 0.25, at x = 0, and below 0.0025 once |x| > 6. "
                                + "Backpropagation multiplies one such factor per layer, so through a few saturated "
                                + "sigmoid layers the updates of the first layers shrink towards zero: the "
                                + "vanishing gradient. tanh's derivative is 1 at 0 but vanishes the same way from "
                                + "about |x| > 3."),
                card("ReLU's dead units",
                        "ReLU's gradient is 1 for x > 0, so it never saturates on that side: that is why the "
                                + "lab's hidden layers use it. For x < 0 its gradient is 0. A unit whose input is "
                                + "negative for every image passes no gradient, so its weights never change again: "
                                + "a dead unit. Leaky ReLU keeps a slope of α = " + ActivationFunction.LEAKY_SLOPE
                                + " below zero so that such a unit can recover."));
    }

    private static String percent(double share) {
        return String.format(Locale.ENGLISH, "%.1f%%", share * 100);
    }

    private static String decimal(double value) {
        return String.format(Locale.ENGLISH, "%.4f", value);
    }

    private static String decimal1(double value) {
        return String.format(Locale.ENGLISH, "%.1f", value);
    }
}
