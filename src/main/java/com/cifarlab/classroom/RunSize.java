package com.cifarlab.classroom;

import com.cifarlab.training.TrainingSpec;
import java.util.Locale;

/**
 * How long a run is: its epochs and training images (0 for all 40,000).
 */
public record RunSize(int epochs, int trainSize) {

    /** The lab notebook's Step 5: 50 epochs over all images. */
    public static final RunSize LAB_TRAINING = new RunSize(50, 0);
    /** The lab notebook's comparisons (Steps 4 and 7): 10 epochs over all images. */
    public static final RunSize LAB_COMPARISON = new RunSize(10, 0);
    /** What a class of 30 on two cores gets through in a lab session. */
    public static final RunSize CLASS = new RunSize(10, 10_000);

    /** The number of images it learns from. */
    public int images() {
        return images(trainSize);
    }

    public static int images(int trainSize) {
        return trainSize == 0 ? TrainingSpec.MAX_TRAIN_SIZE : trainSize;
    }

    public TrainingSpec applyTo(TrainingSpec spec) {
        return spec.withEpochs(epochs).withTrainSize(trainSize);
    }

    /** "10 epochs × 10,000 images". */
    @Override
    public String toString() {
        return epochs + (epochs == 1 ? " epoch" : " epochs") + " × " + whole(images()) + " images";
    }

    static String whole(long value) {
        return String.format(Locale.ENGLISH, "%,d", value);
    }
}
