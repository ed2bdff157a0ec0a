package com.cifarlab.training;

import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.model.ModelSpec;

/**
 * Everything that decides a training run: the same spec and seed give the same curve.
 *
 * @param model                  the network to build
 * @param optimizer              Adam, SGD or RMSprop
 * @param learningRate           greater than 0 and at most 1
 * @param loss                   categorical cross-entropy or MSE
 * @param epochs                 1–200
 * @param batchSize              8–1024
 * @param seed                   seeds the weights, the split, the subset and the batch order
 * @param trainSize              images to learn from, drawn class-balanced from the 40,000 of the
 *                               split; 0 means all of them
 * @param earlyStoppingPatience  epochs without a better validation loss before stopping (keeping
 *                               the best epoch's weights); 0 means never stop early
 */
public record TrainingSpec(
        ModelSpec model,
        Optimizer optimizer,
        double learningRate,
        LossFunction loss,
        int epochs,
        int batchSize,
        long seed,
        int trainSize,
        int earlyStoppingPatience) {

    public static final int MAX_EPOCHS = 200;
    public static final int MIN_BATCH = 8;
    public static final int MAX_BATCH = 1024;
    public static final int MAX_TRAIN_SIZE = 40_000;
    public static final int MIN_TRAIN_SIZE = 100;
    public static final long LAB_SEED = 42;

    public TrainingSpec {
        if (model == null) {
            throw new InvalidSpecException("model", "Choose a model.");
        }
        if (optimizer == null) {
            throw new InvalidSpecException("optimizer", "Choose an optimizer: ADAM, SGD or RMSPROP.");
        }
        if (loss == null) {
            throw new InvalidSpecException("loss", "Choose a loss: CATEGORICAL_CROSSENTROPY or MEAN_SQUARED_ERROR.");
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new InvalidSpecException("learningRate",
                    "Learning rate must be greater than 0 and at most 1 (got " + learningRate + ").");
        }
        InvalidSpecException.requireRange("epochs", "Epochs", epochs, 1, MAX_EPOCHS);
        InvalidSpecException.requireRange("batchSize", "Batch size", batchSize, MIN_BATCH, MAX_BATCH);
        if (trainSize != 0) {
            InvalidSpecException.requireRange("trainSize", "Training images (0 for all)", trainSize, MIN_TRAIN_SIZE, MAX_TRAIN_SIZE);
        }
        InvalidSpecException.requireRange("earlyStoppingPatience", "Early-stopping patience (0 for off)",
                earlyStoppingPatience, 0, MAX_EPOCHS);
    }

    /** The lab's own settings: the Lab MLP, Adam at 0.001, cross-entropy, 50 epochs of batch 64, seed 42. */
    public static TrainingSpec labDefaults() {
        return new TrainingSpec(ModelSpec.labMlp(), Optimizer.ADAM, Optimizer.ADAM.defaultLearningRate(),
                LossFunction.CATEGORICAL_CROSSENTROPY, 50, 64, LAB_SEED, 0, 0);
    }

    public TrainingSpec withModel(ModelSpec newModel) {
        return new TrainingSpec(newModel, optimizer, learningRate, loss, epochs, batchSize, seed, trainSize, earlyStoppingPatience);
    }

    public TrainingSpec withOptimizer(Optimizer newOptimizer, double newLearningRate) {
        return new TrainingSpec(model, newOptimizer, newLearningRate, loss, epochs, batchSize, seed, trainSize, earlyStoppingPatience);
    }

    public TrainingSpec withLoss(LossFunction newLoss) {
        return new TrainingSpec(model, optimizer, learningRate, newLoss, epochs, batchSize, seed, trainSize, earlyStoppingPatience);
    }

    public TrainingSpec withEpochs(int newEpochs) {
        return new TrainingSpec(model, optimizer, learningRate, loss, newEpochs, batchSize, seed, trainSize, earlyStoppingPatience);
    }

    public TrainingSpec withTrainSize(int newTrainSize) {
        return new TrainingSpec(model, optimizer, learningRate, loss, epochs, batchSize, seed, newTrainSize, earlyStoppingPatience);
    }

    public TrainingSpec withBatchSize(int newBatchSize) {
        return new TrainingSpec(model, optimizer, learningRate, loss, epochs, newBatchSize, seed, trainSize, earlyStoppingPatience);
    }

    public TrainingSpec withSeed(long newSeed) {
        return new TrainingSpec(model, optimizer, learningRate, loss, epochs, batchSize, newSeed, trainSize, earlyStoppingPatience);
    }

    public TrainingSpec withEarlyStoppingPatience(int newPatience) {
        return new TrainingSpec(model, optimizer, learningRate, loss, epochs, batchSize, seed, trainSize, newPatience);
    }
}
