package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.TrainingSpec;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Small CNN really trains through oneDNN: DL4J gives every convolution and pooling layer its
 * oneDNN helper, and after training steps no helper has failed and fallen back to DL4J's own code
 * (which DL4J does silently, 7× slower).
 */
class OneDnnHelpersTest {

    @Test
    void theLoadedBuildHasOneDnnAndDl4jSeesIt() {
        assertThat(System.getProperty("org.bytedeco.javacpp.platform.extension")).startsWith("-onednn");
        assertThat(OneDnn.helpersEnabled()).isTrue();
        assertThat(OneDnn.describe()).contains("oneDNN on").contains("MKLDNNConvHelper, MKLDNNSubsamplingHelper");
    }

    @Test
    void everyConvolutionAndPoolingLayerTrainsThroughItsOneDnnHelperWithoutFallingBack() throws Exception {
        MultiLayerNetwork network = Networks.build(TrainingSpec.labDefaults().withModel(ModelSpec.smallCnn()));
        Nd4j.getRandom().setSeed(7);
        INDArray images = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 3, 32, 32);
        INDArray labels = Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7);

        for (int step = 0; step < 3; step++) {
            network.fit(images, labels);
        }
        network.output(images, false);

        List<Layer> convolutions = Arrays.stream(network.getLayers()).filter(l -> l instanceof ConvolutionLayer).toList();
        List<Layer> pooling = Arrays.stream(network.getLayers()).filter(l -> l instanceof SubsamplingLayer).toList();
        assertThat(convolutions).hasSize(3).allSatisfy(layer -> {
            assertThat(((ConvolutionLayer) layer).getHelper()).isInstanceOf(MKLDNNConvHelper.class);
            assertThat(failures(layer, ConvolutionLayer.class)).as("helper failures, each a silent fallback").isZero();
        });
        assertThat(pooling).hasSize(3).allSatisfy(layer -> {
            assertThat(((SubsamplingLayer) layer).getHelper()).isInstanceOf(MKLDNNSubsamplingHelper.class);
            assertThat(failures(layer, SubsamplingLayer.class)).as("helper failures, each a silent fallback").isZero();
        });
    }

    /** DL4J counts a helper's failures in a protected field and then quietly computes without it. */
    private static int failures(Layer layer, Class<?> type) {
        try {
            Field count = type.getDeclaredField("helperCountFail");
            count.setAccessible(true);
            return count.getInt(layer);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("DL4J no longer counts helper failures where this test looks", e);
        }
    }
}
