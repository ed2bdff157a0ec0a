package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.model.Activation;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.model.ModelSummary;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInitXavierUniform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

class NetworksTest {

    static Stream<ModelSpec> models() {
        return Stream.of(ModelSpec.labMlp(), ModelSpec.smallCnn(), ModelSpec.customMlp(List.of(
                new HiddenLayer(4096, Activation.SIGMOID, 0.2),
                new HiddenLayer(16, Activation.TANH, 0),
                new HiddenLayer(300, Activation.RELU, 0.9),
                new HiddenLayer(64, Activation.RELU, 0.5))));
    }

    @ParameterizedTest
    @MethodSource("models")
    void theSummaryCountsExactlyTheParametersDl4jAllocates(ModelSpec model) {
        MultiLayerNetwork network = Networks.build(TrainingSpec.labDefaults().withModel(model));

        assertThat(ModelSummary.of(model).totalParams()).isEqualTo(network.numParams());
    }

    @Test
    void theLabMlpAndTheCnnHaveTheLabsParameterCounts() {
        assertThat(Networks.build(TrainingSpec.labDefaults()).numParams()).isEqualTo(1_707_274);
        assertThat(Networks.build(TrainingSpec.labDefaults().withModel(ModelSpec.smallCnn())).numParams())
                .isEqualTo(620_362);
    }

    @Test
    void aDropoutRateBecomesDl4jsRetainProbabilityOnTheNextLayersInput() {
        MultiLayerConfiguration lab = Networks.configuration(TrainingSpec.labDefaults());

        assertThat(lab.getConf(0).getLayer().getIDropout()).isNull();
        assertThat(((Dropout) lab.getConf(1).getLayer().getIDropout()).getP()).isEqualTo(0.5);
        assertThat(((Dropout) lab.getConf(2).getLayer().getIDropout()).getP()).isEqualTo(0.5);

        MultiLayerConfiguration custom = Networks.configuration(TrainingSpec.labDefaults().withModel(ModelSpec.customMlp(
                List.of(new HiddenLayer(32, Activation.RELU, 0.2), new HiddenLayer(32, Activation.RELU, 0)))));
        assertThat(((Dropout) custom.getConf(1).getLayer().getIDropout()).getP()).isCloseTo(0.8,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(custom.getConf(2).getLayer().getIDropout()).as("rate 0 means no dropout at all").isNull();
    }

    @Test
    void weightsAreGlorotUniformAndBiasesStartAtZero() {
        MultiLayerNetwork network = Networks.build(TrainingSpec.labDefaults());

        for (int i = 0; i < 3; i++) {
            BaseLayer layer = (BaseLayer) network.getLayerWiseConfigurations().getConf(i).getLayer();
            assertThat(layer.getWeightInitFn()).isInstanceOf(WeightInitXavierUniform.class);
            assertThat(network.getLayer(i).getParam("b").sumNumber().doubleValue()).isZero();
        }
        double limit = Math.sqrt(6.0 / (3072 + 512));
        assertThat(network.getLayer(0).getParam("W").amaxNumber().doubleValue()).isLessThanOrEqualTo(limit)
                .isGreaterThan(limit * 0.99);
    }

    @Test
    void optimizersUseKerasConstants() {
        Adam adam = (Adam) Networks.updater(Optimizer.ADAM, 0.001);
        assertThat(List.of(adam.getLearningRate(), adam.getBeta1(), adam.getBeta2(), adam.getEpsilon()))
                .containsExactly(0.001, 0.9, 0.999, 1e-7);
        Sgd sgd = (Sgd) Networks.updater(Optimizer.SGD, 0.01);
        assertThat(sgd.getLearningRate()).isEqualTo(0.01);
        RmsProp rmsProp = (RmsProp) Networks.updater(Optimizer.RMSPROP, 0.001);
        assertThat(List.of(rmsProp.getLearningRate(), rmsProp.getRmsDecay(), rmsProp.getEpsilon()))
                .containsExactly(0.001, 0.9, 1e-7);
    }

    @Test
    void bothLossesScoreTheSoftmaxOutput() {
        TrainingSpec spec = TrainingSpec.labDefaults();
        BaseOutputLayer crossEntropy = (BaseOutputLayer) Networks.configuration(spec).getConf(2).getLayer();
        BaseOutputLayer mse = (BaseOutputLayer) Networks.configuration(spec.withLoss(LossFunction.MEAN_SQUARED_ERROR))
                .getConf(2).getLayer();

        assertThat(crossEntropy.getLossFn()).isInstanceOf(LossMCXENT.class);
        assertThat(mse.getLossFn()).isInstanceOf(LossMSE.class);
        assertThat(mse.getActivationFn().toString()).isEqualTo("softmax");
    }
}
