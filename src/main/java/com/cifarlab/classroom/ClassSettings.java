package com.cifarlab.classroom;

import com.cifarlab.model.Architecture;
import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.training.TrainingSpec;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the instructor decides for the whole class: the size the forms of Steps 4, 5 and 7 start
 * at, the largest run a student may launch, which networks are open to students, and how many runs
 * each student may have training and waiting.
 *
 * @param losses         Step 4's default run size
 * @param training       Step 5's default run size
 * @param optimizers     Step 7's default run size
 * @param maxEpochs      the most epochs a student's run may have
 * @param maxTrainImages the most training images a student's run may learn from (40,000 = all)
 * @param models         the networks students may train; the Lab MLP is always among them, since
 *                       Steps 4, 5 and 7 are about it
 * @param maxRunning     runs one student may have training at once
 * @param maxWaiting     runs one student may have waiting at once
 */
public record ClassSettings(
        RunSize losses,
        RunSize training,
        RunSize optimizers,
        int maxEpochs,
        int maxTrainImages,
        Set<Architecture> models,
        int maxRunning,
        int maxWaiting) {

    public static final int MOST_RUNNING = 8;
    public static final int MOST_WAITING = 20;

    public ClassSettings {
        requireRange("maxEpochs", "The most epochs per run", maxEpochs, 1, TrainingSpec.MAX_EPOCHS);
        requireRange("maxTrainImages", "The most training images per run", maxTrainImages,
                TrainingSpec.MIN_TRAIN_SIZE, TrainingSpec.MAX_TRAIN_SIZE);
        requireRange("maxRunning", "Runs training at once per student", maxRunning, 1, MOST_RUNNING);
        requireRange("maxWaiting", "Runs waiting per student", maxWaiting, 0, MOST_WAITING);
        EnumSet<Architecture> open = EnumSet.of(Architecture.LAB_MLP);
        if (models != null) {
            open.addAll(models);
        }
        models = Set.copyOf(open);
        losses = checkedSize("losses", "Step 4", losses, maxEpochs, maxTrainImages);
        training = checkedSize("training", "Step 5", training, maxEpochs, maxTrainImages);
        optimizers = checkedSize("optimizers", "Step 7", optimizers, maxEpochs, maxTrainImages);
    }

    /**
     * A fresh class: runs of 10 epochs × 10,000 images by default, caps that still fit the lab's own
     * 50 epochs over all images, every network open, and the server's per-student limits.
     */
    public static ClassSettings initial(int maxRunning, int maxWaiting) {
        return new ClassSettings(RunSize.CLASS, RunSize.CLASS, RunSize.CLASS, RunSize.LAB_TRAINING.epochs(),
                TrainingSpec.MAX_TRAIN_SIZE, EnumSet.allOf(Architecture.class),
                maxRunning, maxWaiting);
    }

    /** The lab notebook's own sizes (50 epochs on Step 5, 10 on Steps 4 and 7, all images), the caps raised to fit. */
    public ClassSettings withLabFullSettings() {
        return new ClassSettings(RunSize.LAB_COMPARISON, RunSize.LAB_TRAINING, RunSize.LAB_COMPARISON,
                Math.max(maxEpochs, RunSize.LAB_TRAINING.epochs()), TrainingSpec.MAX_TRAIN_SIZE, models,
                maxRunning, maxWaiting);
    }

    public boolean allows(Architecture architecture) {
        return models.contains(architecture);
    }

    /**
     * Throws unless a student may launch {@code spec} in this class; the message names the cap, as
     * a sentence for the student, and the field it concerns.
     */
    public void check(TrainingSpec spec) {
        if (!allows(spec.model().architecture())) {
            throw new InvalidSpecException("model", "The instructor has not opened the "
                    + spec.model().architecture().label() + " to this class; choose the " + openModels() + ".");
        }
        if (spec.epochs() > maxEpochs) {
            throw new InvalidSpecException("epochs", "This class allows at most " + epochs(maxEpochs)
                    + " per run (the instructor's cap); you asked for " + spec.epochs() + ".");
        }
        if (RunSize.images(spec.trainSize()) > maxTrainImages) {
            throw new InvalidSpecException("trainSize", "This class allows at most "
                    + RunSize.whole(maxTrainImages) + " training images per run (the instructor's cap)"
                    + (spec.trainSize() == 0 ? "; 0 means all 40,000." : "; you asked for "
                    + RunSize.whole(spec.trainSize()) + "."));
        }
    }

    /** "Lab MLP or Small CNN". */
    public String openModels() {
        return models.stream().sorted().map(Architecture::label).collect(Collectors.joining(" or "));
    }

    private static RunSize checkedSize(String field, String step, RunSize size, int maxEpochs, int maxTrainImages) {
        if (size == null) {
            throw new InvalidSpecException(field + ".epochs", step + " needs a default run size.");
        }
        requireRange(field + ".epochs", step + "'s default epochs", size.epochs(), 1, TrainingSpec.MAX_EPOCHS);
        if (size.epochs() > maxEpochs) {
            throw new InvalidSpecException(field + ".epochs", step + "'s default of " + epochs(size.epochs())
                    + " is above the cap of " + epochs(maxEpochs) + " per run.");
        }
        if (size.trainSize() != 0) {
            requireRange(field + ".trainSize", step + "'s default training images (0 for all)", size.trainSize(),
                    TrainingSpec.MIN_TRAIN_SIZE, TrainingSpec.MAX_TRAIN_SIZE);
        }
        if (size.images() > maxTrainImages) {
            throw new InvalidSpecException(field + ".trainSize", step + "'s default of "
                    + RunSize.whole(size.images()) + " training images is above the cap of "
                    + RunSize.whole(maxTrainImages) + " per run.");
        }
        return size;
    }

    private static void requireRange(String field, String label, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InvalidSpecException(field, label + " must be between " + RunSize.whole(min) + " and "
                    + RunSize.whole(max) + " (got " + RunSize.whole(value) + ").");
        }
    }

    private static String epochs(int count) {
        return count == 1 ? "1 epoch" : count + " epochs";
    }
}
