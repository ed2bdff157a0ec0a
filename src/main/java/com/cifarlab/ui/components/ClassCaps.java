package com.cifarlab.ui.components;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.training.TrainingSpec;

/** How the forms say the instructor's caps and limits, the same way on every step. */
public final class ClassCaps {

    private ClassCaps() {
    }

    public static String epochsHelp(ClassSettings settings) {
        return settings.maxEpochs() < TrainingSpec.MAX_EPOCHS
                ? "1–" + settings.maxEpochs() + " in this class"
                : "1–" + TrainingSpec.MAX_EPOCHS;
    }

    public static String imagesHelp(ClassSettings settings) {
        String range = TrainingSpec.MIN_TRAIN_SIZE + "–" + RunText.whole(settings.maxTrainImages());
        return settings.maxTrainImages() < TrainingSpec.MAX_TRAIN_SIZE
                ? range + " in this class"
                : "0 for all " + RunText.whole(TrainingSpec.MAX_TRAIN_SIZE) + ", or " + range;
    }

    /** "the 4 places of your queue (1 training and 3 waiting)". */
    public static String queuePlaces(ClassSettings settings) {
        return "the " + (settings.maxRunning() + settings.maxWaiting()) + " places of your queue ("
                + settings.maxRunning() + " training and " + settings.maxWaiting() + " waiting)";
    }
}
