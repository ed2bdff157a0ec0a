package com.cifarlab.cli;

import com.cifarlab.training.dl4j.EpochTiming;
import com.cifarlab.training.dl4j.StepPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.StringJoiner;

/** The figures and lines the {@code bench} command prints, computed from epoch timings alone. */
final class BenchReport {

    /** The early window is epochs 2–6: epoch 1 carries the JIT's and ND4J's warm-up. */
    static final int EARLY_FROM = 2;
    static final int WINDOW = 5;
    /** Fewer epochs would make the late window overlap the early one. */
    static final int MIN_EPOCHS_FOR_RATIO = EARLY_FROM + 2 * WINDOW - 1;

    private BenchReport() {
    }

    /** Several runs trained at the same time, and the wall-clock time from their start to their last epoch's end. */
    record Round(List<List<EpochTiming>> runs, Duration wall) {

        Round {
            runs = runs.stream().map(List::copyOf).toList();
        }

        /** Images trained per second by all the runs together. */
        double samplesPerSecond() {
            long images = runs.stream().flatMap(List::stream).mapToLong(EpochTiming::trainImages).sum();
            double seconds = wall.toNanos() / 1e9;
            return seconds > 0 ? images / seconds : 0;
        }
    }

    /** {@code epoch N: S.SS s, R samples/s}, the form the issue asks for. */
    static String epochLine(EpochTiming timing) {
        return String.format(Locale.ROOT, "epoch %d: %.2f s, %.0f samples/s", timing.epoch(), timing.seconds(),
                timing.samplesPerSecond());
    }

    static String validationLine(EpochTiming timing) {
        return String.format(Locale.ROOT, "  validation: %.2f s (%.1f%% of the epoch); run thread's CPU time: %.2f s;"
                        + " training: %.1f CPU ms/step",
                timing.validationSeconds(), timing.seconds() > 0 ? 100 * timing.validationSeconds() / timing.seconds() : 0,
                timing.cpuSeconds(), timing.cpuMillisPerStep());
    }

    /** The mean CPU milliseconds per training step spent in each phase, when the epoch was profiled. */
    static String profileLine(EpochTiming timing) {
        StringJoiner parts = new StringJoiner(", ", "  per step, CPU ms: ", "");
        double total = 0;
        for (StepPhase phase : StepPhase.values()) {
            double ms = 1000 * timing.phaseSeconds().getOrDefault(phase, 0.0) / Math.max(1, timing.steps());
            total += ms;
            parts.add(String.format(Locale.ROOT, "%s %.2f", phase.label(), ms));
        }
        parts.add(String.format(Locale.ROOT, "total %.2f", total));
        return parts.toString();
    }

    static List<Double> seconds(List<EpochTiming> timings) {
        return timings.stream().map(EpochTiming::seconds).toList();
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * The median of the last five epochs over the median of epochs 2–6: above 1 when epochs get
     * slower as training goes on (the subnormal cliff). Empty below {@value #MIN_EPOCHS_FOR_RATIO} epochs.
     */
    static OptionalDouble lateToEarlyRatio(List<Double> epochSeconds) {
        if (epochSeconds.size() < MIN_EPOCHS_FOR_RATIO) {
            return OptionalDouble.empty();
        }
        double early = median(epochSeconds.subList(EARLY_FROM - 1, EARLY_FROM - 1 + WINDOW));
        double late = median(epochSeconds.subList(epochSeconds.size() - WINDOW, epochSeconds.size()));
        return OptionalDouble.of(late / early);
    }

    static List<String> summary(List<EpochTiming> timings) {
        List<Double> seconds = seconds(timings);
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "median epoch: %.2f s", median(seconds)));
        lines.add(String.format(Locale.ROOT, "median validation: %.2f s",
                median(timings.stream().map(EpochTiming::validationSeconds).toList())));
        lines.add(String.format(Locale.ROOT, "median CPU time of an epoch: %.2f s",
                median(timings.stream().map(EpochTiming::cpuSeconds).toList())));
        lines.add(String.format(Locale.ROOT, "median training step: %.1f CPU ms",
                median(timings.stream().map(EpochTiming::cpuMillisPerStep).toList())));
        OptionalDouble ratio = lateToEarlyRatio(seconds);
        OptionalDouble cpuRatio = lateToEarlyRatio(timings.stream().map(EpochTiming::cpuSeconds).toList());
        lines.add(ratio.isPresent()
                ? String.format(Locale.ROOT, "last five epochs / epochs 2-6 (medians): %.2f (by CPU time: %.2f)",
                        ratio.getAsDouble(), cpuRatio.getAsDouble())
                : "last five epochs / epochs 2-6 (medians): needs at least " + MIN_EPOCHS_FOR_RATIO + " epochs");
        return lines;
    }

    /** The floor's CPU milliseconds per step, and the real step's median over it. */
    static String floorLine(double floorMillis, List<EpochTiming> timings) {
        double step = median(timings.stream().map(EpochTiming::cpuMillisPerStep).toList());
        return String.format(Locale.ROOT, "floor: %.2f ms/step, ratio %.2f", floorMillis, step / floorMillis);
    }

    static String throughputLine(Round together, Round alone) {
        int runs = together.runs().size();
        double ratio = alone.samplesPerSecond() > 0 ? together.samplesPerSecond() / alone.samplesPerSecond() : 0;
        return String.format(Locale.ROOT, "%d runs at once: %.0f samples/s in total; one run alone: %.0f samples/s; %.2fx",
                runs, together.samplesPerSecond(), alone.samplesPerSecond(), ratio);
    }

    static String megabytes(long kilobytes) {
        return String.format(Locale.ROOT, "%.0f MB", kilobytes / 1024.0);
    }
}
