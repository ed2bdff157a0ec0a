package com.cifarlab.ui.components;

import com.cifarlab.events.ListenerRegistration;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.RunEvent;
import com.cifarlab.runs.RunNotFoundException;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.LossFunction;
import com.cifarlab.ui.chart.ApexChart;
import com.cifarlab.ui.chart.ChartOptions.LegendPosition;
import com.cifarlab.ui.chart.ChartOptions;
import com.cifarlab.ui.chart.LineChartOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Accuracy and loss curves of one run or of several runs overlaid, side by side: filled from the
 * runs' epochs so far when the chart opens, then gaining a point at every epoch end, pushed by the
 * run service while the chart is on the page. Each run's best epoch (lowest validation loss, the
 * one whose weights the model keeps) is marked on both charts.
 *
 * <p>Series are named by run label and line, e.g. "Adam 0.001 · val" and "Adam 0.001 · train".
 * Listeners are registered on attach and removed on detach; a chart that is not on a page costs
 * the run service nothing.
 */
public class RunCurvesChart extends Div {

    /** Which lines each run gets. */
    public enum Lines {
        /** Training and validation: shows over- and underfitting of one run. */
        TRAIN_AND_VALIDATION,
        /** Validation only: keeps several overlaid runs readable. */
        VALIDATION
    }

    /**
     * A run on the chart.
     *
     * @param runId the run
     * @param label names its series in the legend ("Adam 0.001", "MSE")
     */
    public record ChartedRun(String runId, String label) implements Serializable {

        public ChartedRun {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(label, "label");
        }
    }

    static final String TRAIN = "train";
    static final String VALIDATION = "val";

    private static final List<String> PALETTE = List.of(
            "#1676f3", "#e8590c", "#2b8a3e", "#c2255c", "#7048e8", "#0c8599", "#5c940d", "#862e9c");
    private static final int TRAIN_DASH = 6;
    /** Pixels between stacked best-epoch labels. */
    private static final int BEST_LABEL_STEP = 24;
    private static final int MAX_TICKS = 10;
    private static final int[] TICK_STEPS = {1, 2, 5, 10, 20, 25, 50, 100};

    private final RunService runs;
    private final Lines lines;
    private final ApexChart accuracy = new ApexChart(new LineChartOptions());
    private final ApexChart loss = new ApexChart(new LineChartOptions());
    private final List<Curve> curves = new ArrayList<>();
    private Caller caller;

    /** What the chart knows about one of its runs. */
    private static final class Curve {
        final ChartedRun run;
        final String color;
        int plannedEpochs = 1;
        LossFunction lossFunction;
        List<EpochMetrics> epochs = List.of();
        EpochMetrics best;
        ListenerRegistration registration;

        Curve(ChartedRun run, String color) {
            this.run = run;
            this.color = color;
        }
    }

    public RunCurvesChart(RunService runs, Lines lines) {
        this.runs = runs;
        this.lines = lines;
        addClassName("run-curves");
        addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.Gap.MEDIUM);
        for (ApexChart chart : List.of(accuracy, loss)) {
            chart.getStyle().set("flex", "1 1 26rem").set("min-width", "0");
        }
        accuracy.addClassName("accuracy-chart");
        loss.addClassName("loss-chart");
        add(accuracy, loss);
        redraw();
    }

    /** Shows these runs, in this order, replacing the ones shown before. */
    public void show(Caller caller, List<ChartedRun> runsToShow) {
        unsubscribe();
        curves.clear();
        this.caller = caller;
        runsToShow.forEach(this::addCurve);
        reload();
    }

    /** Adds one run to those shown (the twin of a comparison, say). */
    public void add(Caller caller, ChartedRun run) {
        if (this.caller != null && !this.caller.equals(caller)) {
            throw new IllegalArgumentException("A chart shows the runs of one caller.");
        }
        this.caller = caller;
        Curve curve = addCurve(run);
        if (isAttached()) {
            subscribe(curve);
            read(curve);
            redraw();
        }
    }

    /** Shows no run. */
    public void clear() {
        unsubscribe();
        curves.clear();
        caller = null;
        redraw();
    }

    /** The runs shown, with the labels their series carry (made unique). */
    public List<ChartedRun> runs() {
        return curves.stream().map(curve -> curve.run).toList();
    }

    public ApexChart accuracyChart() {
        return accuracy;
    }

    public ApexChart lossChart() {
        return loss;
    }

    /** The series name of one line of a run: "Adam 0.001 · val". */
    public static String seriesName(String label, String line) {
        return label + " · " + line;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        reload();
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        unsubscribe();
    }

    private Curve addCurve(ChartedRun run) {
        Set<String> labels = new HashSet<>();
        curves.forEach(curve -> labels.add(curve.run.label()));
        String label = run.label();
        for (int n = 2; labels.contains(label); n++) {
            label = run.label() + " (" + n + ")";
        }
        Curve curve = new Curve(new ChartedRun(run.runId(), label), PALETTE.get(curves.size() % PALETTE.size()));
        curves.add(curve);
        return curve;
    }

    /** Listens first, then reads: an epoch ending in between arrives as an event and is not lost. */
    private void reload() {
        if (!isAttached() || caller == null) {
            redraw();
            return;
        }
        List.copyOf(curves).forEach(curve -> {
            subscribe(curve);
            read(curve);
        });
        redraw();
    }

    private void subscribe(Curve curve) {
        if (curve.registration != null || !isAttached()) {
            return;
        }
        try {
            curve.registration = runs.addRunListener(caller, curve.run.runId(), LiveUpdates.onUi(this,
                    getUI().orElseThrow(), RunCurvesChart::changesCurves, (RunEvent event) -> onEvent(curve, event))::accept);
        } catch (RunNotFoundException e) {
            // The run is gone (a session that ended, say): it stays in the legend without points.
        }
    }

    private static boolean changesCurves(RunEvent event) {
        return event instanceof RunEvent.EpochCompleted || event instanceof RunEvent.StateChanged;
    }

    private void unsubscribe() {
        for (Curve curve : curves) {
            if (curve.registration != null) {
                curve.registration.remove();
                curve.registration = null;
            }
        }
    }

    /** Reads the run's epochs so far into the curve, without drawing; false when the run is gone. */
    private boolean read(Curve curve) {
        try {
            apply(curve, runs.get(caller, curve.run.runId()));
            return true;
        } catch (RunNotFoundException e) {
            return false;
        }
    }

    /**
     * Applies the event's own data, without asking the run service again: an epoch event adds its
     * point (and moves the best-epoch mark when it is the new best), a state change brings the
     * run's epochs and the best epoch it recorded. The marks move only when the best epoch changed.
     */
    private void onEvent(Curve curve, RunEvent event) {
        if (!curves.contains(curve)) {
            return;
        }
        EpochMetrics bestBefore = curve.best;
        if (event instanceof RunEvent.EpochCompleted completed) {
            EpochMetrics epoch = completed.metrics();
            if (epoch.epoch() <= curve.epochs.size()) {
                return;
            }
            List<EpochMetrics> longer = new ArrayList<>(curve.epochs);
            longer.add(epoch);
            curve.epochs = List.copyOf(longer);
            appendPoints(curve, epoch);
            if (epoch.betterThan(curve.best)) {
                curve.best = epoch;
            }
        } else if (event instanceof RunEvent.StateChanged changed) {
            int shownBefore = curve.epochs.size();
            apply(curve, changed.run());
            curve.epochs.stream().skip(shownBefore).forEach(epoch -> appendPoints(curve, epoch));
        }
        if (!Objects.equals(bestBefore, curve.best)) {
            accuracy.setOptions(decorate(accuracy.getOptions(), EpochMetrics::validationAccuracy));
            loss.setOptions(lossAxes(decorate(loss.getOptions(), EpochMetrics::validationLoss)));
        }
    }

    private void appendPoints(Curve curve, EpochMetrics epoch) {
        if (lines == Lines.TRAIN_AND_VALIDATION) {
            accuracy.appendPoint(seriesName(curve.run.label(), TRAIN), epoch.epoch(), epoch.trainAccuracy());
            loss.appendPoint(seriesName(curve.run.label(), TRAIN), epoch.epoch(), epoch.trainLoss());
        }
        accuracy.appendPoint(seriesName(curve.run.label(), VALIDATION), epoch.epoch(), epoch.validationAccuracy());
        loss.appendPoint(seriesName(curve.run.label(), VALIDATION), epoch.epoch(), epoch.validationLoss());
    }

    /** Draws both charts from the epochs read so far. */
    private void redraw() {
        accuracy.setOptions(decorate(options("Accuracy", EpochMetrics::trainAccuracy, EpochMetrics::validationAccuracy)
                .yRange(0, 1).toJson(), EpochMetrics::validationAccuracy));
        loss.setOptions(lossAxes(decorate(options("Loss", EpochMetrics::trainLoss, EpochMetrics::validationLoss).toJson(),
                EpochMetrics::validationLoss)));
    }

    private LineChartOptions options(String quantity, ToDoubleFunction<EpochMetrics> train,
                                     ToDoubleFunction<EpochMetrics> validation) {
        int maxEpochs = curves.stream().mapToInt(curve -> curve.plannedEpochs).max().orElse(MAX_TICKS);
        int step = tickStep(maxEpochs);
        int xMax = (maxEpochs + step - 1) / step * step;
        LineChartOptions options = new LineChartOptions()
                .xAxisTitle("Epoch")
                .yAxisTitle(quantity)
                .title(quantity)
                .legend(LegendPosition.TOP)
                .height(340)
                .animated(false)
                .xRange(0, xMax)
                .yDecimals(2);
        List<String> colors = new ArrayList<>();
        for (Curve curve : curves) {
            if (lines == Lines.TRAIN_AND_VALIDATION) {
                options.series(seriesName(curve.run.label(), TRAIN), points(curve.epochs, train));
                colors.add(curve.color);
            }
            options.series(seriesName(curve.run.label(), VALIDATION), points(curve.epochs, validation));
            colors.add(curve.color);
        }
        options.colors(colors.toArray(String[]::new));
        return options;
    }

    /** Whole-epoch ticks, at most ten of them, on steps of 1, 2, 5, 10... epochs. */
    static int tickStep(int epochs) {
        for (int step : TICK_STEPS) {
            if ((epochs + step - 1) / step <= MAX_TICKS) {
                return step;
            }
        }
        return TICK_STEPS[TICK_STEPS.length - 1];
    }

    private static List<LineChartOptions.Point> points(List<EpochMetrics> epochs, ToDoubleFunction<EpochMetrics> value) {
        return epochs.stream().map(epoch -> new LineChartOptions.Point(epoch.epoch(), value.applyAsDouble(epoch))).toList();
    }

    /**
     * Sets the chart's dashes (training lines dashed, validation solid), tick count and best-epoch
     * marks; ApexCharts takes these as plain options the typed builder does not cover.
     */
    private ObjectNode decorate(ObjectNode options, ToDoubleFunction<EpochMetrics> validation) {
        int xMax = options.at("/xaxis/max").asInt(MAX_TICKS);
        ((ObjectNode) options.get("xaxis")).put("tickAmount", xMax / tickStep(xMax));
        ArrayNode dashes = ((ObjectNode) options.get("stroke")).putArray("dashArray");
        // Training points are squares and validation points circles, in the legend too: the dashes alone
        // told the two lines apart on the chart but not in the legend.
        ArrayNode shapes = ((ObjectNode) options.get("markers")).putArray("shape");
        for (Curve curve : curves) {
            if (lines == Lines.TRAIN_AND_VALIDATION) {
                dashes.add(TRAIN_DASH);
                shapes.add("square");
            }
            dashes.add(0);
            shapes.add("circle");
        }
        ArrayNode marks = options.putObject("annotations").putArray("points");
        int marked = 0;
        for (Curve curve : curves) {
            if (curve.best == null) {
                continue;
            }
            ObjectNode mark = marks.addObject()
                    .put("x", curve.best.epoch())
                    .put("y", validation.applyAsDouble(curve.best));
            mark.putObject("marker").put("size", 7).put("fillColor", curve.color)
                    .put("strokeColor", "#ffffff").put("strokeWidth", 2);
            // Short, in the run's colour, and stacked one above the other, so that runs whose best epochs
            // are close never write over each other; anchored away from the nearer edge, so that a best
            // last epoch keeps its label inside the chart.
            mark.putObject("label").put("text", "best: epoch " + curve.best.epoch()).put("borderColor", curve.color)
                    .put("offsetY", -BEST_LABEL_STEP * marked++)
                    .put("textAnchor", curve.best.epoch() * 2 > xMax ? "end" : "start")
                    .putObject("style").put("color", "#ffffff").put("background", curve.color)
                    .put("fontSize", ChartOptions.TEXT_SIZE);
        }
        return options;
    }

    /**
     * Losses of different kinds get an axis each (cross-entropy on the left, MSE on the right): on one
     * axis, MSE's values (about 0.09) lay flat along the bottom under cross-entropy's (about 2).
     */
    private ObjectNode lossAxes(ObjectNode options) {
        Map<LossFunction, List<String>> seriesByLoss = new EnumMap<>(LossFunction.class);
        for (Curve curve : curves) {
            if (curve.lossFunction == null) {
                continue;
            }
            List<String> names = seriesByLoss.computeIfAbsent(curve.lossFunction, loss -> new ArrayList<>());
            if (lines == Lines.TRAIN_AND_VALIDATION) {
                names.add(seriesName(curve.run.label(), TRAIN));
            }
            names.add(seriesName(curve.run.label(), VALIDATION));
        }
        if (seriesByLoss.size() < 2) {
            return options;
        }
        JsonNode current = options.get("yaxis");
        ObjectNode template = (ObjectNode) (current.isArray() ? current.get(0) : current);
        ArrayNode axes = JsonNodeFactory.instance.arrayNode();
        seriesByLoss.forEach((lossFunction, names) -> {
            ObjectNode axis = template.deepCopy();
            names.forEach(axis.putArray("seriesName")::add);
            axis.put("opposite", !axes.isEmpty());
            ((ObjectNode) axis.get("title")).put("text", RunText.loss(lossFunction) + " loss");
            axes.add(axis);
        });
        options.set("yaxis", axes);
        return options;
    }

    private static void apply(Curve curve, RunSnapshot run) {
        curve.plannedEpochs = run.spec().epochs();
        curve.lossFunction = run.spec().loss();
        curve.epochs = run.epochs();
        curve.best = best(run);
    }

    /** The epoch the run service calls best, with its metrics. */
    private static EpochMetrics best(RunSnapshot run) {
        if (run.bestEpoch() == null) {
            return null;
        }
        return run.epochs().stream().filter(epoch -> epoch.epoch() == run.bestEpoch()).findFirst().orElse(null);
    }
}
