package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.cifarlab.model.Activation;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.GradientUpdater;

class LeanLayersTest {

    static final TrainingSpec MIXED_MLP = new TrainingSpec(ModelSpec.customMlp(List.of(
            new HiddenLayer(48, Activation.RELU, 0.3),
            new HiddenLayer(32, Activation.SIGMOID, 0.5),
            new HiddenLayer(16, Activation.TANH, 0))),
            Optimizer.ADAM, 0.001, LossFunction.CATEGORICAL_CROSSENTROPY, 1, 16, 7, 0, 0);
    static final int STEPS = 6;

    private static float[] trainedWeights(MultiLayerNetwork network, boolean convolutional) {
        return trainedWeights(network, convolutional, 16);
    }

    /** Trains {@code STEPS} seeded random batches, dropout masks drawn from the same seed every time. */
    private static float[] trainedWeights(MultiLayerNetwork network, boolean convolutional, int rows) {
        Random random = new Random(11);
        Nd4j.getRandom().setSeed(99);
        for (int step = 0; step < STEPS; step++) {
            float[] pixels = new float[rows * 3072];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextFloat();
            }
            INDArray features = convolutional
                    ? Nd4j.create(pixels, new long[] {rows, 3, 32, 32}, 'c')
                    : Nd4j.create(pixels, new long[] {rows, 3072}, 'c');
            INDArray labels = Nd4j.zeros(DataType.FLOAT, rows, 10);
            for (int row = 0; row < rows; row++) {
                labels.putScalar(row, random.nextInt(10), 1f);
            }
            network.fit(features, labels);
        }
        return network.params().toFloatVector();
    }

    private static float[] leanWeights(TrainingSpec spec) {
        return leanWeights(spec, 16);
    }

    private static float[] leanWeights(TrainingSpec spec, int rows) {
        MultiLayerNetwork network = Networks.build(spec);
        LeanLayers lean = LeanLayers.install(network);
        float[] weights = trainedWeights(network, spec.model().isConvolutional(), rows);
        lean.uninstall();
        return weights;
    }

    /** The layers alone: SGD keeps DL4J's own updater, so any difference would be the layers'. */
    @Test
    void anMlpTrainsToExactlyTheWeightsOfDl4jsOwnLayers() {
        TrainingSpec sgd = MIXED_MLP.withOptimizer(Optimizer.SGD, 0.1);
        float[] stock = trainedWeights(Networks.build(sgd), false);

        float[] lean = leanWeights(sgd);

        assertThat(lean).isEqualTo(stock);
    }

    @Test
    void theDenseLayerAfterTheConvolutionsTrainsToTheSameWeightsWithinFloatRounding() {
        TrainingSpec cnn = MIXED_MLP.withModel(ModelSpec.smallCnn()).withOptimizer(Optimizer.SGD, 0.1);
        float[] stock = trainedWeights(Networks.build(cnn), true);

        float[] lean = leanWeights(cnn);

        assertClose(Nd4j.create(lean), Nd4j.create(stock), "weights after " + STEPS + " steps");
    }

    /**
     * The one-pass Adam against ND4J's op: within float rounding on any build (the generic one
     * multiplies and adds where the compiler fused the AVX builds' multiply-adds) ...
     */
    @Test
    void theOnePassAdamTrainsToDl4jsAdamWeightsWithinFloatRounding() {
        float[] stock = trainedWeights(Networks.build(MIXED_MLP), false);

        float[] lean = leanWeights(MIXED_MLP);

        assertClose(Nd4j.create(lean), Nd4j.create(stock), "weights after " + STEPS + " Adam steps");
    }

    /**
     * ... and bit for bit on the AVX2 build, where every value was checked: the division by the
     * batch size (12 rows, whose reciprocal no float holds exactly), the moments and the step.
     */
    @Test
    void onTheAvx2BuildTheOnePassAdamTrainsToExactlyDl4jsAdamWeights() {
        assumeTrue(OneDnn.build().endsWith("-avx2"), "checked bit for bit on the AVX2 build only");
        float[] stock = trainedWeights(Networks.build(MIXED_MLP), false, 12);

        float[] lean = leanWeights(MIXED_MLP, 12);

        assertThat(lean).isEqualTo(stock);
    }

    @Test
    void onlyTheObjectsChangeAndDl4jsLayersAndUpdaterComeBackWithTheirGradients() {
        MultiLayerNetwork network = Networks.build(MIXED_MLP);
        String configuration = network.getLayerWiseConfigurations().toJson();
        List<Layer> before = List.of(network.getLayers());

        LeanLayers lean = LeanLayers.install(network);
        assertThat(network.getUpdater()).isInstanceOf(LeanAdam.class);
        assertThat(network.getLayers()).hasSize(4);
        assertThat(List.of(network.getLayers()).subList(0, 3)).allMatch(LeanDenseLayer.class::isInstance);
        assertThat(network.getLayerWiseConfigurations().toJson()).isEqualTo(configuration);
        trainedWeights(network, false);
        BaseMultiLayerUpdater<?> dl4jUpdater = (BaseMultiLayerUpdater<?>) ((LeanAdam) network.getUpdater()).original();
        assertThat(dl4jUpdater.isInitializedMinibatchDivision()).as("DL4J's updater never divided a gradient").isFalse();
        lean.uninstall();

        assertThat(List.of(network.getLayers())).containsExactlyElementsOf(before);
        assertThat(network.getUpdater()).isSameAs(dl4jUpdater);
        assertThat(adamOf(network)).isExactlyInstanceOf(AdamUpdater.class);
        assertThat(network.getLayers()[0]).isExactlyInstanceOf(DenseLayer.class);
        float[] afterLean = network.params().toFloatVector();
        trainedWeights(network, false);
        assertThat(network.params().toFloatVector()).isNotEqualTo(afterLean);
    }

    /** DL4J's "external" gradient, which training never makes: DL4J's own update, and the step its optimizer now leaves. */
    @Test
    void aGradientThatIsNotTheNetworksOwnGetsDl4jsUpdateAndOneStep() {
        MultiLayerNetwork stock = Networks.build(MIXED_MLP);
        MultiLayerNetwork lean = Networks.build(MIXED_MLP);
        LeanLayers installed = LeanLayers.install(lean);
        Nd4j.getRandom().setSeed(4);
        INDArray external = Nd4j.rand(DataType.FLOAT, stock.numParams()).subi(0.5);

        INDArray update = external.dup();
        stock.getUpdater().update(stock, new DefaultGradient(update), 0, 0, 16, LayerWorkspaceMgr.noWorkspaces());
        stock.params().subi(update);
        lean.getUpdater().update(lean, new DefaultGradient(external.dup()), 0, 0, 16, LayerWorkspaceMgr.noWorkspaces());
        installed.uninstall();

        assertThat(lean.params().toFloatVector()).isEqualTo(stock.params().toFloatVector());
    }

    @Test
    void everyLeanLayerOfTheSmallCnnGivesDl4jsActivationsAndGradients() {
        TrainingSpec cnn = MIXED_MLP.withModel(ModelSpec.smallCnn());
        MultiLayerNetwork stock = Networks.build(cnn);
        MultiLayerNetwork lean = Networks.build(cnn);
        LeanLayers installed = LeanLayers.install(lean);
        assertThat(lean.getLayers()).extracting(layer -> layer.getClass().getSimpleName()).containsExactly(
                "DnnlConvolutionLayer", "DnnlMaxPoolingLayer", "DnnlConvolutionLayer", "DnnlMaxPoolingLayer",
                "DnnlConvolutionLayer", "DnnlMaxPoolingLayer", "LeanDenseLayer", "OutputLayer");
        List<Boolean> blocked = Arrays.stream(lean.getLayers()).map(LeanLayersTest::blockedOutput).toList();
        assertThat(blocked).as("activations stay blocked from the first convolution to the last pooling")
                .containsExactly(true, true, true, true, true, false, false, false);
        Random random = new Random(5);
        float[] pixels = new float[16 * 3072];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        INDArray features = Nd4j.create(pixels, new long[] {16, 3, 32, 32}, 'c');
        INDArray labels = Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5).castTo(DataType.FLOAT);

        List<INDArray> stockActivations = activations(stock, features);
        List<INDArray> leanActivations = activations(lean, features);
        INDArray stockGradient = gradient(stock, features, labels);
        INDArray leanGradient = gradient(lean, features, labels);
        installed.uninstall();

        // feedForward's first array is the input; layer i's activations follow it.
        for (int i = 0; i < stockActivations.size(); i++) {
            INDArray expected = i > 0 && blocked.get(i - 1) ? blocked(stockActivations.get(i)) : stockActivations.get(i);
            assertClose(leanActivations.get(i), expected, "activations of layer " + (i - 1));
        }
        assertClose(leanGradient, stockGradient, "gradients of every parameter");
    }

    @Test
    void aConvolutionMeetsAnotherImageSizeWithPrimitivesOfItsOwn() {
        TrainingSpec cnn = MIXED_MLP.withModel(ModelSpec.smallCnn());
        Layer stock = Networks.build(cnn).getLayer(0);
        MultiLayerNetwork network = Networks.build(cnn);
        LeanLayers installed = LeanLayers.install(network);
        Layer lean = network.getLayer(0);
        Nd4j.getRandom().setSeed(9);

        for (int side : new int[] {32, 16}) {
            INDArray images = Nd4j.rand(DataType.FLOAT, 4, 3, side, side);
            stock.setInput(images, LayerWorkspaceMgr.noWorkspaces());
            lean.setInput(images, LayerWorkspaceMgr.noWorkspaces());
            INDArray expected = blocked(stock.activate(false, LayerWorkspaceMgr.noWorkspaces()));
            assertClose(lean.activate(false, LayerWorkspaceMgr.noWorkspaces()), expected, side + " × " + side + " images");
        }
        installed.uninstall();
    }

    private static List<INDArray> activations(MultiLayerNetwork network, INDArray features) {
        Nd4j.getRandom().setSeed(3);
        return network.feedForward(features, true).stream().map(INDArray::dup).toList();
    }

    private static INDArray gradient(MultiLayerNetwork network, INDArray features, INDArray labels) {
        Nd4j.getRandom().setSeed(3);
        network.setInput(features);
        network.setLabels(labels);
        network.computeGradientAndScore();
        return network.gradient().gradient().dup();
    }

    private static GradientUpdater<?> adamOf(MultiLayerNetwork network) {
        return ((BaseMultiLayerUpdater<?>) network.getUpdater()).getUpdaterBlocks().get(0).getGradientUpdater();
    }

    private static boolean blockedOutput(Layer layer) {
        return layer instanceof DnnlLayer dnnl && dnnl.core().layouts().blockedOutput();
    }

    /** NCHW values in oneDNN's blocked order: channels in blocks, a block's channels innermost. */
    private static INDArray blocked(INDArray nchw) {
        long[] s = nchw.shape();
        int block = Dnnl.channelBlock();
        return nchw.reshape('c', s[0], s[1] / block, block, s[2], s[3]).permute(0, 1, 3, 4, 2).dup('c');
    }

    /** Equal within 1e-4 of the larger magnitude (and 1e-7 near zero), element by element. */
    private static void assertClose(INDArray actual, INDArray expected, String what) {
        float[] a = actual.reshape(actual.length()).toFloatVector();
        float[] e = expected.reshape(expected.length()).toFloatVector();
        assertThat(a).as(what).hasSameSizeAs(e);
        for (int i = 0; i < e.length; i++) {
            double allowed = 1e-4 * Math.max(Math.abs(a[i]), Math.abs(e[i])) + 1e-7;
            assertThat((double) Math.abs(a[i] - e[i])).as(what + " at " + i).isLessThanOrEqualTo(allowed);
        }
    }
}
