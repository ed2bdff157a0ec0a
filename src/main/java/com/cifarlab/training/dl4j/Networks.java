package com.cifarlab.training.dl4j;

import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.model.SmallCnn;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Builds the DL4J networks with Keras's semantics, so results compare with the lab's notebook:
 * Glorot-uniform weights and zero biases, Keras's optimizer constants, and dropout given as the
 * rate to DROP (DL4J's {@code dropOut(p)} takes the probability to RETAIN, and applies it to a
 * layer's input, so a Keras {@code Dropout} after layer i belongs on layer i+1).
 */
public final class Networks {

    /** Keras's epsilon for Adam and RMSprop (DL4J's defaults are 1e-8). */
    static final double KERAS_EPSILON = 1e-7;
    static final double ADAM_BETA1 = 0.9;
    static final double ADAM_BETA2 = 0.999;
    static final double RMSPROP_RHO = 0.9;

    private Networks() {
    }

    /** A freshly initialised network for {@code spec}, its weights drawn from {@code spec.seed()}. */
    public static MultiLayerNetwork build(TrainingSpec spec) {
        MultiLayerNetwork network = new MultiLayerNetwork(configuration(spec));
        network.init();
        return network;
    }

    static MultiLayerConfiguration configuration(TrainingSpec spec) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0)
                .updater(updater(spec.optimizer(), spec.learningRate()))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        ModelSpec model = spec.model();
        double dropoutBeforeOutput;
        if (model.isConvolutional()) {
            for (int filters : SmallCnn.FILTERS) {
                layers.layer(new ConvolutionLayer.Builder(SmallCnn.KERNEL, SmallCnn.KERNEL)
                        .nOut(filters)
                        .convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.RELU)
                        .build());
                layers.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(SmallCnn.POOL, SmallCnn.POOL)
                        .stride(SmallCnn.POOL, SmallCnn.POOL)
                        .build());
            }
            layers.layer(new DenseLayer.Builder().nOut(SmallCnn.DENSE_UNITS).activation(Activation.RELU).build());
            dropoutBeforeOutput = SmallCnn.DENSE_DROPOUT;
            layers.setInputType(InputType.convolutional(ModelSpec.INPUT_SIDE, ModelSpec.INPUT_SIDE, ModelSpec.INPUT_CHANNELS));
        } else {
            double dropoutBefore = 0;
            for (HiddenLayer hidden : model.hiddenLayers()) {
                layers.layer(new DenseLayer.Builder()
                        .nOut(hidden.units())
                        .activation(activation(hidden.activation()))
                        .dropOut(dropout(dropoutBefore))
                        .build());
                dropoutBefore = hidden.dropoutRate();
            }
            dropoutBeforeOutput = dropoutBefore;
            layers.setInputType(InputType.feedForward(ModelSpec.INPUT_SIZE));
        }
        layers.layer(new OutputLayer.Builder(loss(spec.loss()))
                .nOut(ModelSpec.CLASSES)
                .activation(Activation.SOFTMAX)
                .dropOut(dropout(dropoutBeforeOutput))
                .build());
        return layers.build();
    }

    /** DL4J's dropout for a Keras drop {@code rate}: retain probability 1 − rate, or none at all for 0. */
    static IDropout dropout(double rate) {
        return rate == 0 ? null : new Dropout(1 - rate);
    }

    static IUpdater updater(Optimizer optimizer, double learningRate) {
        return switch (optimizer) {
            case ADAM -> new Adam(learningRate, ADAM_BETA1, ADAM_BETA2, KERAS_EPSILON);
            case SGD -> new Sgd(learningRate);
            case RMSPROP -> new RmsProp(learningRate, RMSPROP_RHO, KERAS_EPSILON);
        };
    }

    static LossFunctions.LossFunction loss(LossFunction loss) {
        return switch (loss) {
            case CATEGORICAL_CROSSENTROPY -> LossFunctions.LossFunction.MCXENT;
            case MEAN_SQUARED_ERROR -> LossFunctions.LossFunction.MSE;
        };
    }

    /** How validation and test losses are measured for a run trained with {@code loss}. */
    static LossMeasure measure(LossFunction loss) {
        return switch (loss) {
            case CATEGORICAL_CROSSENTROPY -> LossMeasure.CROSS_ENTROPY;
            case MEAN_SQUARED_ERROR -> LossMeasure.MEAN_SQUARED_ERROR;
        };
    }

    static Activation activation(com.cifarlab.model.Activation activation) {
        return switch (activation) {
            case RELU -> Activation.RELU;
            case SIGMOID -> Activation.SIGMOID;
            case TANH -> Activation.TANH;
        };
    }
}
