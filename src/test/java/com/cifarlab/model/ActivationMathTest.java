package com.cifarlab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.cifarlab.model.ActivationMath.Histogram;
import com.cifarlab.model.ActivationMath.PixelScale;
import com.cifarlab.model.ActivationMath.PixelStats;
import com.cifarlab.model.ActivationMath.Point;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ActivationMathTest {

    private static final double EPS = 1e-12;

    @Test
    void functionValuesAreTheTextbookOnes() {
        assertThat(ActivationFunction.RELU.value(-3)).isZero();
        assertThat(ActivationFunction.RELU.value(2.5)).isEqualTo(2.5);
        assertThat(ActivationFunction.SIGMOID.value(0)).isEqualTo(0.5);
        assertThat(ActivationFunction.SIGMOID.value(2)).isCloseTo(1 / (1 + Math.exp(-2)), within(EPS));
        assertThat(ActivationFunction.SIGMOID.value(-2)).isCloseTo(1 / (1 + Math.exp(2)), within(EPS));
        assertThat(ActivationFunction.TANH.value(1)).isCloseTo(0.7615941559557649, within(EPS));
        assertThat(ActivationFunction.LEAKY_RELU.value(-2)).isEqualTo(-0.02);
        assertThat(ActivationFunction.LEAKY_RELU.value(3)).isEqualTo(3);
    }

    @Test
    void theSigmoidStaysFiniteForHugeNegativeInputsWhereExpWouldOverflow() {
        assertThat(Math.exp(1000)).as("the naive formula's exp(-x)").isInfinite();

        assertThat(ActivationFunction.SIGMOID.value(-1000)).isZero();
        assertThat(ActivationFunction.SIGMOID.derivative(-1000)).isZero();
    }

    @ParameterizedTest
    @EnumSource(ActivationFunction.class)
    void derivativesMatchTheSlopeOfTheFunction(ActivationFunction function) {
        double h = 1e-6;
        for (double x : new double[] {-4.5, -1.2, -0.3, 0.4, 1.7, 5}) {
            double slope = (function.value(x + h) - function.value(x - h)) / (2 * h);
            assertThat(function.derivative(x)).as("%s'(%s)", function, x).isCloseTo(slope, within(1e-6));
        }
    }

    @Test
    void theSigmoidGradientIsAtMostAQuarterAndVanishesBeyondSix() {
        List<Point> curve = ActivationMath.curve(ActivationFunction.SIGMOID, -6, 6, 120);

        assertThat(curve).allSatisfy(p -> assertThat(p.derivative()).isLessThanOrEqualTo(0.25));
        assertThat(ActivationFunction.SIGMOID.derivative(0)).isEqualTo(0.25);
        assertThat(ActivationFunction.SIGMOID.derivative(6)).isLessThan(0.0025);
        assertThat(ActivationFunction.TANH.derivative(0)).isEqualTo(1);
    }

    @Test
    void reluPassesNoGradientForNegativeInputsButLeakyReluKeepsAlpha() {
        assertThat(ActivationFunction.RELU.derivative(-0.5)).isZero();
        assertThat(ActivationFunction.RELU.derivative(0.5)).isEqualTo(1);
        assertThat(ActivationFunction.LEAKY_RELU.derivative(-0.5)).isEqualTo(ActivationFunction.LEAKY_SLOPE).isEqualTo(0.01);
    }

    @Test
    void aCurveHasEvenlySpacedRoundPointsFromStartToEnd() {
        List<Point> curve = ActivationMath.curve(ActivationFunction.RELU, -6, 6, 120);

        assertThat(curve).hasSize(121);
        assertThat(curve.get(0).x()).isEqualTo(-6);
        assertThat(curve.get(61).x()).isEqualTo(0.1);
        assertThat(curve.get(120).x()).isEqualTo(6);
        assertThat(curve.get(120).value()).isEqualTo(6);
        assertThatThrownBy(() -> ActivationMath.curve(ActivationFunction.RELU, 1, 1, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sigmoidOnRawPixelsSaturatesAlmostEverythingWhileNormalisedPixelsKeepTheGradient() {
        int[] pixels = {0, 3, 10, 50, 128, 200, 255, 255};

        PixelStats raw = ActivationMath.stats(ActivationFunction.SIGMOID, pixels, PixelScale.RAW);
        PixelStats normalised = ActivationMath.stats(ActivationFunction.SIGMOID, pixels, PixelScale.NORMALISED);

        // Only 0 (σ' = 0.25) and 3 (σ' ≈ 0.045) escape; from 5 on σ' < 0.01.
        assertThat(raw.count()).isEqualTo(8);
        assertThat(raw.saturatedShare()).isEqualTo(6 / 8.0);
        assertThat(raw.meanOutput()).isGreaterThan(0.9);
        assertThat(normalised.saturatedShare()).isZero();
        assertThat(normalised.meanGradient()).isGreaterThan(0.19).isLessThanOrEqualTo(0.25);
        assertThat(raw.meanGradient()).isLessThan(normalised.meanGradient() / 2);
    }

    @Test
    void reluOnPixelsNeverSaturatesExceptAtZero() {
        int[] pixels = {0, 1, 255};

        PixelStats raw = ActivationMath.stats(ActivationFunction.RELU, pixels, PixelScale.RAW);

        assertThat(raw.saturatedShare()).isEqualTo(1 / 3.0);
        assertThat(raw.meanOutput()).isEqualTo(256 / 3.0);
        assertThat(raw.meanGradient()).isEqualTo(2 / 3.0);
    }

    @Test
    void histogramsOfBothScalesShareBinsFromFOfZeroToFOf255() {
        int[] pixels = {0, 64, 128, 255};

        Histogram raw = ActivationMath.histogram(ActivationFunction.SIGMOID, pixels, PixelScale.RAW, 10);
        Histogram normalised = ActivationMath.histogram(ActivationFunction.SIGMOID, pixels, PixelScale.NORMALISED, 10);

        assertThat(raw.from()).isEqualTo(0.5);
        assertThat(raw.to()).isEqualTo(1.0);
        assertThat(raw.binStart(1)).isCloseTo(0.55, within(EPS));
        assertThat(raw.binEnd(9)).isEqualTo(1.0);
        assertThat(raw.shares()).containsExactly(0.25, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.75);
        // σ(0) = 0.5, σ(0.25) ≈ 0.562, σ(0.5) ≈ 0.623, σ(1) ≈ 0.731
        assertThat(normalised.shares()).containsExactly(0.25, 0.25, 0.25, 0.0, 0.25, 0.0, 0.0, 0.0, 0.0, 0.0);
        assertThat(normalised.shares().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(1.0);
    }

    @Test
    void in32BitFloatsSigmoidOf255IsExactlyOneAndAlreadyFrom17On() {
        assertThat(ActivationMath.sigmoidFloat32(255)).isEqualTo(1f);
        assertThat(ActivationMath.float32SigmoidSaturation()).isEqualTo(17);
        assertThat(ActivationMath.sigmoidFloat32(16)).isLessThan(1f);
    }

    @Test
    void expOverflowsBeyondTheFloatLimits() {
        assertThat(ActivationMath.FLOAT32_EXP_LIMIT).isCloseTo(88.72, within(0.01));
        assertThat(ActivationMath.FLOAT64_EXP_LIMIT).isCloseTo(709.78, within(0.01));
        assertThat((float) Math.exp(ActivationMath.FLOAT32_EXP_LIMIT + 0.01)).isInfinite();
        assertThat(Math.exp(ActivationMath.FLOAT64_EXP_LIMIT + 0.01)).isInfinite();
    }

    @Test
    void statsNeedAtLeastOnePixel() {
        assertThatThrownBy(() -> ActivationMath.stats(ActivationFunction.TANH, new int[0], PixelScale.RAW))
                .hasMessage("There are no pixel values to apply the activation to.");
    }
}
