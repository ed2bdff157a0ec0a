package com.cifarlab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.cifarlab.training.dl4j.EpochTiming;
import com.cifarlab.training.dl4j.StepPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    private static EpochTiming epoch(int epoch, double seconds) {
        return new EpochTiming(epoch, seconds, 40_000, 0.5, seconds * 0.9, seconds * 0.85, 625, Map.of());
    }

    private static List<EpochTiming> epochs(double... seconds) {
        return IntStream.range(0, seconds.length).mapToObj(i -> epoch(i + 1, seconds[i])).toList();
    }

    @Test
    void anEpochLineHasExactlyTheAskedForForm() {
        assertThat(BenchReport.epochLine(epoch(3, 12.345))).isEqualTo("epoch 3: 12.35 s, 3240 samples/s");
        assertThat(BenchReport.epochLine(epoch(12, 4.4))).matches("epoch \\d+: \\d+\\.\\d\\d s, \\d+ samples/s");
    }

    @Test
    void theValidationLineGivesSecondsAndTheShareOfTheEpoch() {
        assertThat(BenchReport.validationLine(new EpochTiming(1, 8.0, 40_000, 0.6, 7.5, 6.875, 625, Map.of())))
                .isEqualTo("  validation: 0.60 s (7.5% of the epoch); run thread's CPU time: 7.50 s; training: 11.0 CPU ms/step");
    }

    @Test
    void theProfileLineGivesCpuMillisecondsPerStepForEveryPhaseAndTheirTotal() {
        EpochTiming profiled = new EpochTiming(1, 10, 40_000, 0.5, 9, 8.5, 500, Map.of(StepPhase.COPY, 0.1, StepPhase.FORWARD, 1.0,
                StepPhase.BACKWARD, 2.0, StepPhase.UPDATER, 1.5, StepPhase.FLUSH, 0.05, StepPhase.OTHER, 0.25));

        assertThat(BenchReport.profileLine(profiled)).isEqualTo("  per step, CPU ms: batch copy 0.20, forward 2.00, "
                + "backward 4.00, updater 3.00, state flush 0.10, other 0.50, total 9.80");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(BenchReport.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
        assertThat(BenchReport.median(List.of(4.0, 1.0, 3.0, 10.0))).isEqualTo(3.5);
    }

    @Test
    void aCliffShowsAsTheLastFiveEpochsOverEpochsTwoToSix() {
        List<Double> seconds = new ArrayList<>();
        seconds.add(30.0);
        for (int epoch = 2; epoch <= 30; epoch++) {
            seconds.add(epoch <= 6 ? 10.0 + epoch % 2 : 25.0);
        }
        seconds.set(27, 100.0);

        assertThat(BenchReport.lateToEarlyRatio(seconds)).hasValueCloseTo(2.5, within(1e-12));
    }

    @Test
    void theRatioNeedsTwoWindowsThatDoNotOverlap() {
        assertThat(BenchReport.lateToEarlyRatio(List.of(9.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0))).isEmpty();
        assertThat(BenchReport.lateToEarlyRatio(List.of(9.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 12.0)))
                .hasValueCloseTo(1.0, within(1e-12));
    }

    @Test
    void theSummaryGivesTheMedianEpochTheMedianValidationAndTheRatio() {
        List<EpochTiming> timings = epochs(15, 10, 10, 11, 10, 10, 10, 10, 10, 12, 12, 12);

        assertThat(BenchReport.summary(timings)).containsExactly(
                "median epoch: 10.00 s",
                "median validation: 0.50 s",
                "median CPU time of an epoch: 9.00 s",
                "median training step: 13.6 CPU ms",
                "last five epochs / epochs 2-6 (medians): 1.20 (by CPU time: 1.20)");
        assertThat(BenchReport.summary(epochs(15, 10)).get(4))
                .isEqualTo("last five epochs / epochs 2-6 (medians): needs at least 11 epochs");
    }

    @Test
    void runsAtOnceCountEveryRunsImagesOverTheSharedWallClock() {
        BenchReport.Round together = new BenchReport.Round(List.of(epochs(20, 20, 20), epochs(21, 19, 20)),
                Duration.ofSeconds(200));
        BenchReport.Round alone = new BenchReport.Round(List.of(epochs(12, 12, 12)), Duration.ofSeconds(150));

        assertThat(together.samplesPerSecond()).isEqualTo(6 * 40_000 / 200.0);
        assertThat(alone.samplesPerSecond()).isEqualTo(3 * 40_000 / 150.0);
        assertThat(BenchReport.throughputLine(together, alone))
                .isEqualTo("2 runs at once: 1200 samples/s in total; one run alone: 800 samples/s; 1.50x");
    }

    @Test
    void procStatusFieldsAndLoadAveragesAreRead() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  1234567 kB\nVmRSS:\t   654321 kB\n";

        assertThat(ProcReadings.kilobytes(status, "VmHWM")).hasValue(1_234_567);
        assertThat(ProcReadings.kilobytes(status, "VmRSS")).hasValue(654_321);
        assertThat(ProcReadings.kilobytes(status, "VmSwap")).isEmpty();
        assertThat(ProcReadings.loadAverages("3.31 5.17 6.44 4/811 2839\n")).isEqualTo("3.31 5.17 6.44");
        assertThat(BenchReport.megabytes(1_258_291)).isEqualTo("1229 MB");
    }

    @Test
    void theFloorLineHoldsTheMedianStepAgainstTheFloor() {
        assertThat(BenchReport.floorLine(6.8, epochs(10, 10, 10))).isEqualTo("floor: 6.80 ms/step, ratio 2.00");
    }
}
