package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.dataset.CifarImages;
import com.cifarlab.model.Activation;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.testdata.SyntheticCifar;
import com.cifarlab.training.TrainingSpec;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

class AccuracyRecorderTest {

    @Test
    void eachStepCountsTheRightAnswersOfTheForwardPassItTrainsOn() {
        // Without dropout the training forward pass equals inference with the weights before the step.
        TrainingSpec spec = TrainingSpec.labDefaults().withModel(ModelSpec.customMlp(
                List.of(new HiddenLayer(32, Activation.RELU, 0))));
        MultiLayerNetwork network = Networks.build(spec);
        CifarImages images = SyntheticCifar.images(64, new Random(1));
        ImageBatch batch = ImageBatch.forNetwork(network, 64, 10);
        int[] all = IntStream.range(0, 64).toArray();
        AccuracyRecorder recorder = AccuracyRecorder.attach(network);

        for (int step = 0; step < 5; step++) {
            batch.load(images, all, 0);
            INDArray predicted = network.output(batch.features(), false).argMax(1);
            int expected = 0;
            for (int row = 0; row < 64; row++) {
                if (predicted.getInt(row) == batch.label(row)) {
                    expected++;
                }
            }
            network.fit(batch.features(), batch.labels());
            assertThat(recorder.takeCorrect()).as("step " + step).isEqualTo(expected);
        }
    }

    @Test
    void detachingGivesTheNetworkItsOwnLossFunctionBack() {
        MultiLayerNetwork network = Networks.build(TrainingSpec.labDefaults());
        BaseOutputLayer output = (BaseOutputLayer) network.getOutputLayer().conf().getLayer();

        AccuracyRecorder recorder = AccuracyRecorder.attach(network);
        assertThat(output.getLossFn()).isSameAs(recorder);
        recorder.detach(network);

        assertThat(output.getLossFn()).isInstanceOf(LossMCXENT.class);
        assertThat(network.getLayerWiseConfigurations().toJson()).doesNotContain("AccuracyRecorder");
    }
}
