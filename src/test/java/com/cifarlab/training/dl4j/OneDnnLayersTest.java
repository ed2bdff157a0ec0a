package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.TrainingSpec;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * While a run trains, the Small CNN's convolutions and pooling are oneDNN's own primitives, and
 * vectorised ones: oneDNN quietly picks its reference loops (tens of times slower) for a layout or
 * shape its fast code does not take, which happened to the backward convolution before its
 * weights got a layout of their own.
 */
class OneDnnLayersTest {

    @Test
    void oneDnnLoadsAndTheLogSaysTrainingCallsItDirectly() {
        assertThat(Dnnl.available()).as(Dnnl.describe()).isTrue();
        assertThat(OneDnn.describe()).contains("training's convolution and pooling layers: oneDNN 2.5.2")
                .containsPattern("\\((blocked layout nChw(8|16)c|plain layout nchw)\\) called directly");
    }

    @Test
    void everyConvolutionAndPoolingPrimitiveOfATrainingRunIsVectorisedCode() {
        MultiLayerNetwork network = Networks.build(TrainingSpec.labDefaults().withModel(ModelSpec.smallCnn()));
        LeanLayers lean = LeanLayers.install(network);
        Nd4j.getRandom().setSeed(7);
        INDArray images = Nd4j.rand(DataType.FLOAT, 8, 3, 32, 32);
        INDArray labels = Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7).castTo(DataType.FLOAT);

        for (int step = 0; step < 2; step++) {
            network.fit(images, labels);
        }
        network.output(images, false);
        List<Layer> layers = List.of(network.getLayers()).subList(0, 6);
        List<String> implementations = layers.stream().flatMap(OneDnnLayersTest::implementations).toList();
        lean.uninstall();

        assertThat(layers).hasOnlyElementsOfTypes(DnnlConvolutionLayer.class, DnnlMaxPoolingLayer.class);
        // Three convolutions: forward for training and for inference, ReLU and weights backward,
        // data backward for the two that are not first; three poolings: two forwards, one backward.
        assertThat(implementations).hasSize(3 * 4 + 2 + 3 * 3)
                .allSatisfy(implementation -> assertThat(implementation).doesNotContain("ref:"));
        assertThat(implementations).filteredOn(i -> i.startsWith("convolution backward data")).hasSize(2);
    }

    private static Stream<String> implementations(Layer layer) {
        return ((DnnlLayer) layer).core().implementations().stream();
    }
}
