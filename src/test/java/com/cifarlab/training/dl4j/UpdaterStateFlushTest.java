package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.training.TrainingSpec;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class UpdaterStateFlushTest {

    @Test
    void subnormalsInTheAdamStateBecomeZeroInPlaceAndNormalValuesStay() {
        MultiLayerNetwork network = Networks.build(TrainingSpec.labDefaults());
        INDArray state = network.getUpdater().getStateViewArray();
        float[] values = {Float.MIN_VALUE, 3 * Float.MIN_VALUE, -7 * Float.MIN_VALUE, Float.MIN_NORMAL / 2, 1e-31f,
            1e-29f, -0.25f, 0.9f, Float.MIN_NORMAL, 0f};
        for (int i = 0; i < values.length; i++) {
            state.putScalar(i, values[i]);
        }
        long last = state.length() - 1;
        state.putScalar(last, Float.MIN_VALUE * 5);

        UpdaterStateFlush.flush(state);

        INDArray view = network.getUpdater().getStateViewArray();
        float[] after = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            after[i] = view.getFloat(i);
        }
        assertThat(after).containsExactly(0f, 0f, 0f, 0f, 0f, 1e-29f, -0.25f, 0.9f, 0f, 0f);
        assertThat(view.getFloat(last)).isZero();
        float[] all = view.toFloatVector();
        for (float v : all) {
            assertThat(v == 0 || Math.abs(v) >= Float.MIN_NORMAL).as("no subnormal left").isTrue();
        }
    }

    @Test
    void aStateThatIsAViewOfALargerArrayIsFlushedInPlaceToo() {
        INDArray whole = Nd4j.create(new float[] {Float.MIN_VALUE, 0.5f, Float.MIN_VALUE, -0.5f, Float.MIN_VALUE});
        INDArray view = whole.get(NDArrayIndex.interval(1, 4));

        UpdaterStateFlush.flush(view);

        assertThat(whole.toFloatVector()).containsExactly(Float.MIN_VALUE, 0.5f, 0f, -0.5f, Float.MIN_VALUE);
    }

    @Test
    void flushingTheLabMlpsStateIsCheap() {
        MultiLayerNetwork network = Networks.build(TrainingSpec.labDefaults());
        INDArray state = network.getUpdater().getStateViewArray();
        state.assign(Nd4j.rand(state.dataType(), state.shape()).muli(1e-35));
        UpdaterStateFlush.flush(state);
        state.assign(Nd4j.rand(state.dataType(), state.shape()).muli(1e-35));

        long start = System.nanoTime();
        int calls = 20;
        for (int i = 0; i < calls; i++) {
            UpdaterStateFlush.flush(state);
        }
        double msPerCall = (System.nanoTime() - start) / 1e6 / calls;

        System.out.printf("flush of %d updater values: %.2f ms per call%n", state.length(), msPerCall);
        assertThat(state.length()).isEqualTo(2 * 1_707_274);
        assertThat(msPerCall).isLessThan(100);
    }
}
