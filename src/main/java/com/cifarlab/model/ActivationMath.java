package com.cifarlab.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The numbers behind Step 3: activation curves, and what an activation does to the pixel values
 * of one image when they are fed in raw (0–255) or normalised (0–1), as if each pixel were a
 * unit's weighted input. Plain Java, so the page can redraw on every change.
 */
public final class ActivationMath {

    /**
     * Below this derivative a unit is called saturated: a gradient under 0.01 scales every weight
     * update coming through the unit down by a factor of a hundred or more, so it all but stops learning.
     */
    public static final double SATURATED_GRADIENT = 0.01;
    /** Largest argument whose exp fits a 32-bit float (≈ 88.7); beyond it exp overflows to infinity. */
    public static final double FLOAT32_EXP_LIMIT = Math.log(Float.MAX_VALUE);
    /** Largest argument whose exp fits a 64-bit float (≈ 709.8). */
    public static final double FLOAT64_EXP_LIMIT = Math.log(Double.MAX_VALUE);
    /** The largest pixel value. */
    public static final int MAX_PIXEL = 255;

    private ActivationMath() {
    }

    /** How pixel values reach the network. */
    public enum PixelScale {
        RAW("Raw 0–255", 1),
        NORMALISED("Normalised 0–1", 1.0 / MAX_PIXEL);

        private final String label;
        private final double factor;

        PixelScale(String label, double factor) {
            this.label = label;
            this.factor = factor;
        }

        public String label() {
            return label;
        }

        public double input(int pixel) {
            return pixel * factor;
        }
    }

    /** One point of a curve. */
    public record Point(double x, double value, double derivative) {
    }

    /**
     * What an activation does to the pixels of one image.
     *
     * @param count          the number of values (3 × 32 × 32 for a CIFAR image)
     * @param meanOutput     the mean activation
     * @param saturatedShare the share of values whose derivative is below {@link #SATURATED_GRADIENT}
     * @param meanGradient   the mean derivative: how much of a weight update gets through on average
     */
    public record PixelStats(PixelScale scale, int count, double meanOutput, double saturatedShare, double meanGradient) {
    }

    /**
     * The share of values in each of equal-width bins from {@code from} to {@code to} (the last
     * bin includes {@code to}).
     */
    public record Histogram(double from, double to, List<Double> shares) {

        public Histogram {
            shares = List.copyOf(shares);
        }

        public int bins() {
            return shares.size();
        }

        public double binStart(int bin) {
            return from + (to - from) * bin / bins();
        }

        public double binEnd(int bin) {
            return from + (to - from) * (bin + 1) / bins();
        }
    }

    /** {@code intervals + 1} evenly spaced points of the function and its derivative from {@code from} to {@code to}. */
    public static List<Point> curve(ActivationFunction function, double from, double to, int intervals) {
        if (intervals < 1 || !(to > from)) {
            throw new IllegalArgumentException("A curve needs from < to and at least one interval.");
        }
        List<Point> points = new ArrayList<>(intervals + 1);
        for (int i = 0; i <= intervals; i++) {
            // Rounded so that the axis shows 0.1 rather than 0.09999999999999964.
            double x = Math.round((from + (to - from) * i / intervals) * 1e9) / 1e9;
            points.add(new Point(x, function.value(x), function.derivative(x)));
        }
        return points;
    }

    public static PixelStats stats(ActivationFunction function, int[] pixels, PixelScale scale) {
        requirePixels(pixels);
        double outputSum = 0;
        double gradientSum = 0;
        int saturated = 0;
        for (int pixel : pixels) {
            double x = scale.input(pixel);
            outputSum += function.value(x);
            double gradient = function.derivative(x);
            gradientSum += gradient;
            if (gradient < SATURATED_GRADIENT) {
                saturated++;
            }
        }
        int n = pixels.length;
        return new PixelStats(scale, n, outputSum / n, (double) saturated / n, gradientSum / n);
    }

    /**
     * The outputs an activation can give for pixel inputs on either scale: from f(0) to f(255),
     * since every function here is increasing. Histograms of both scales over this range share
     * their bins, so they can stand side by side.
     */
    public static double[] outputRange(ActivationFunction function) {
        return new double[] {function.value(0), function.value(MAX_PIXEL)};
    }

    public static Histogram histogram(ActivationFunction function, int[] pixels, PixelScale scale, int bins) {
        requirePixels(pixels);
        double[] range = outputRange(function);
        double from = range[0];
        double to = range[1];
        int[] counts = new int[bins];
        for (int pixel : pixels) {
            double output = function.value(scale.input(pixel));
            int bin = (int) ((output - from) / (to - from) * bins);
            counts[Math.min(Math.max(bin, 0), bins - 1)]++;
        }
        return new Histogram(from, to, Arrays.stream(counts).mapToObj(c -> (double) c / pixels.length).toList());
    }

    /** The sigmoid as numpy computes it on 32-bit floats: exp first, then 1 / (1 + exp(−x)). */
    public static float sigmoidFloat32(double x) {
        float e = (float) Math.exp(-x);
        return 1f / (1f + e);
    }

    /** The smallest whole number x for which the 32-bit sigmoid is exactly 1: every larger input looks the same. */
    public static int float32SigmoidSaturation() {
        int x = 0;
        while (sigmoidFloat32(x) < 1f) {
            x++;
        }
        return x;
    }

    private static void requirePixels(int[] pixels) {
        if (pixels.length == 0) {
            throw new IllegalArgumentException("There are no pixel values to apply the activation to.");
        }
    }
}
