package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.TrainingSpec;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Evaluation's Winograd convolution against oneDNN's direct one and DL4J's own layers. Winograd's
 * transforms round differently from a direct sum, by an error that scales with the activations
 * rather than with each output, so outputs are compared within 1e-4 of the largest one.
 */
class WinogradConvolutionTest {

    @Test
    void theTestsJvmHasTheVectorApiSoWinogradIsReallyWhatTheseTestsExercise() {
        assertThat(Winograd.available()).as("the test JVM resolves %s (the pom's argLine)", Winograd.MODULE).isTrue();
        assertThat(OneDnn.describe()).endsWith("evaluation's 3x3 convolutions: Winograd F(4x4,3x3) through the Java Vector API");
    }

    @ParameterizedTest(name = "{0} images of {1} channels, {3} × {3}, into {2} channels")
    @CsvSource({"37, 32, 64, 16", "40, 64, 128, 8", "3, 16, 16, 4", "1, 64, 32, 12"})
    void evaluationByWinogradGivesTheDirectConvolutionsOutputsWithinFloatRounding(int images, int in, int out, int side) {
        MultiLayerNetwork network = threeConvolutions(in, out, side);
        LeanLayers installed = LeanLayers.install(network);
        Layer middle = network.getLayer(1);
        Nd4j.getRandom().setSeed(11);
        middle.getParam("b").assign(Nd4j.rand(DataType.FLOAT, 1, out).subi(0.5));
        // Both passes read and write the blocked layout, so random values stand for blocked activations.
        INDArray activations = Nd4j.rand(DataType.FLOAT, images, in, side, side);
        middle.setInput(activations, LayerWorkspaceMgr.noWorkspaces());

        INDArray winograd = middle.activate(false, LayerWorkspaceMgr.noWorkspaces()).dup();
        INDArray direct = middle.activate(true, LayerWorkspaceMgr.noWorkspaces()).dup();
        List<String> implementations = ((DnnlLayer) middle).core().implementations();
        installed.uninstall();

        assertThat(implementations).anySatisfy(i -> assertThat(i).startsWith("convolution forward: winograd F(4x4,3x3)"));
        assertThat(direct.minNumber().doubleValue()).as("the ReLU ran").isZero();
        assertWithinRoundingOfTheLargest(winograd, direct);
    }

    @Test
    void theSmallCnnEvaluatesItsTwoInnerConvolutionsByWinogradToDl4jsOwnProbabilities() {
        TrainingSpec cnn = TrainingSpec.labDefaults().withModel(ModelSpec.smallCnn());
        MultiLayerNetwork stock = Networks.build(cnn);
        MultiLayerNetwork lean = Networks.build(cnn);
        Nd4j.getRandom().setSeed(12);
        INDArray images = Nd4j.rand(DataType.FLOAT, 24, 3, 32, 32);

        INDArray expected = stock.output(images, false);
        LeanLayers installed = LeanLayers.install(lean);
        INDArray actual = lean.output(images, false).dup();
        List<Boolean> winograd = List.of(lean.getLayers()).subList(0, 6).stream()
                .map(layer -> ((DnnlLayer) layer).core().implementations().stream().anyMatch(i -> i.contains("winograd")))
                .toList();
        installed.uninstall();

        assertThat(winograd).as("the first convolution reads plain NCHW images and stays direct")
                .containsExactly(false, false, true, false, true, false);
        assertWithinRoundingOfTheLargest(actual, expected);
    }

    @Test
    void shapesWinogradCannotTakeStayWithTheDirectConvolution() {
        Layouts blocked = new Layouts(true, true);
        int block = Dnnl.channelBlock();
        assertThat(Winograd.fits(convolution(3, 32, 64), new long[] {10, 32, 16, 16}, blocked)).isTrue();
        assertThat(Winograd.fits(convolution(5, 32, 64), new long[] {10, 32, 16, 16}, blocked)).as("5 × 5 kernel").isFalse();
        assertThat(Winograd.fits(convolution(3, 32, 64), new long[] {10, 32, 16, 16}, new Layouts(false, true)))
                .as("plain NCHW input").isFalse();
        assertThat(Winograd.fits(convolution(3, 32, 64), new long[] {10, 32, 14, 14}, blocked))
                .as("14 × 14 is no whole number of 4 × 4 tiles").isFalse();
        assertThat(Winograd.fits(convolution(3, block + 4, 64), new long[] {10, block + 4, 16, 16}, blocked))
                .as("channels that are no whole number of blocks").isFalse();
    }

    private static ConvolutionLayer convolution(int kernel, int in, int out) {
        return new ConvolutionLayer.Builder(kernel, kernel).nIn(in).nOut(out).convolutionMode(ConvolutionMode.Same)
                .activation(Activation.RELU).build();
    }

    /** Three convolutions, so the middle one reads and writes the blocked layout as the Small CNN's inner ones do. */
    private static MultiLayerNetwork threeConvolutions(int in, int out, int side) {
        MultiLayerConfiguration configuration = new NeuralNetConfiguration.Builder().seed(4).dataType(DataType.FLOAT)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(in).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(out).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(Dnnl.channelBlock()).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU).build())
                .layer(new GlobalPoolingLayer.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(side, side, 3))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        return network;
    }

    private static void assertWithinRoundingOfTheLargest(INDArray actual, INDArray expected) {
        float[] a = actual.reshape(actual.length()).toFloatVector();
        float[] e = expected.reshape(expected.length()).toFloatVector();
        assertThat(a).hasSameSizeAs(e);
        double largest = expected.amaxNumber().doubleValue();
        assertThat(largest).isPositive();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - e[i]));
        }
        assertThat(worst / largest).as("largest difference relative to the largest output").isLessThanOrEqualTo(1e-4);
    }
}
