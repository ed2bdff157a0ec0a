package com.cifarlab.training.dl4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Collects a run's {@link EpochTiming}s for the bench. When profiling, it also splits each step
 * into {@link StepPhase}s: the run marks the phases around {@code fit}, and a DL4J listener marks
 * the ones inside it (DL4J calls it after the forward pass, after the gradients and after the
 * update). Phases are measured in the run thread's CPU time, which a busy machine inflates far less
 * than wall-clock time; a run does all its work on its own thread (one BLAS thread, and with
 * {@code OMP_NUM_THREADS=1} one OpenMP thread). Without profiling there are no marks.
 */
final class RunTimer {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final boolean profiling;
    private final Consumer<EpochTiming> sink;
    private final long[] nanos = new long[StepPhase.values().length];
    private final Listener listener = new Listener();
    private long last;
    private long epochCpuStart;
    private long validationCpuStart;
    private int steps;

    RunTimer(boolean profiling, Consumer<EpochTiming> sink) {
        this.profiling = profiling;
        this.sink = sink;
    }

    /** For runs nobody times. One per run: a timer counts its run's steps. */
    static RunTimer none() {
        return new RunTimer(false, timing -> { });
    }

    void attach(MultiLayerNetwork network) {
        if (profiling) {
            network.addListeners(listener);
        }
    }

    void detach(MultiLayerNetwork network) {
        if (profiling) {
            network.getListeners().remove(listener);
        }
    }

    void epochStarted() {
        epochCpuStart = cpuNanos();
    }

    /** The epoch's training steps are done; what follows is validation. */
    void validationStarted() {
        validationCpuStart = cpuNanos();
    }

    /** A step begins: what follows until the next mark is its batch copy. */
    void stepStarted() {
        steps++;
        if (profiling) {
            last = cpuNanos();
        }
    }

    /** The time since the previous mark was spent on {@code phase}. */
    void mark(StepPhase phase) {
        if (profiling) {
            long now = cpuNanos();
            nanos[phase.ordinal()] += now - last;
            last = now;
        }
    }

    void epochEnded(int epoch, double seconds, int trainImages, double validationSeconds) {
        Map<StepPhase, Double> phases = new EnumMap<>(StepPhase.class);
        if (profiling) {
            for (StepPhase phase : StepPhase.values()) {
                phases.put(phase, nanos[phase.ordinal()] / 1e9);
            }
        }
        double cpuSeconds = (cpuNanos() - epochCpuStart) / 1e9;
        double trainingCpuSeconds = (validationCpuStart - epochCpuStart) / 1e9;
        sink.accept(new EpochTiming(epoch, seconds, trainImages, validationSeconds, cpuSeconds, trainingCpuSeconds,
                steps, phases));
        Arrays.fill(nanos, 0);
        steps = 0;
    }

    private static long cpuNanos() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private final class Listener extends BaseTrainingListener {
        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            mark(StepPhase.FORWARD);
        }

        @Override
        public void onGradientCalculation(Model model) {
            mark(StepPhase.BACKWARD);
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            mark(StepPhase.UPDATER);
        }
    }
}
