package com.cifarlab.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cifarlab.model.Architecture;
import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.TrainingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassSettingsTest {

    private static final ClassSettings FRESH = ClassSettings.initial(1, 3);
    private static final TrainingSpec LAB = TrainingSpec.labDefaults();

    private static ClassSettings capped(int maxEpochs, int maxImages, Set<Architecture> models) {
        RunSize small = new RunSize(Math.min(10, maxEpochs), Math.min(10_000, maxImages));
        return new ClassSettings(small, small, small, maxEpochs, maxImages, models, 1, 3);
    }

    @Test
    void aFreshClassOpensItsFormsAtTenEpochsOfTenThousandImagesAndStillAllowsTheLabsOwnRun() {
        assertThat(FRESH.training()).isEqualTo(new RunSize(10, 10_000));
        assertThat(FRESH.losses()).isEqualTo(FRESH.optimizers()).isEqualTo(FRESH.training());
        assertThat(FRESH.models()).containsExactlyInAnyOrder(Architecture.values());

        FRESH.check(LAB);
        FRESH.check(LAB.withModel(ModelSpec.smallCnn()));
    }

    @Test
    void aRunPastACapIsRefusedWithASentenceNamingTheCapAndTheField() {
        ClassSettings settings = capped(20, 10_000, Set.of(Architecture.LAB_MLP));

        assertThatThrownBy(() -> settings.check(LAB.withEpochs(21).withTrainSize(1000)))
                .isInstanceOf(InvalidSpecException.class).hasFieldOrPropertyWithValue("field", "epochs")
                .hasMessage("This class allows at most 20 epochs per run (the instructor's cap); you asked for 21.");
        assertThatThrownBy(() -> settings.check(LAB.withEpochs(5).withTrainSize(10_001)))
                .hasFieldOrPropertyWithValue("field", "trainSize")
                .hasMessage("This class allows at most 10,000 training images per run (the instructor's cap); "
                        + "you asked for 10,001.");
        assertThatThrownBy(() -> settings.check(LAB.withEpochs(5).withTrainSize(0)))
                .hasFieldOrPropertyWithValue("field", "trainSize")
                .hasMessage("This class allows at most 10,000 training images per run (the instructor's cap); "
                        + "0 means all 40,000.");
        assertThatThrownBy(() -> settings.check(LAB.withEpochs(5).withTrainSize(500).withModel(ModelSpec.smallCnn())))
                .hasFieldOrPropertyWithValue("field", "model")
                .hasMessage("The instructor has not opened the Small CNN to this class; choose the Lab MLP.");

        settings.check(LAB.withEpochs(20).withTrainSize(10_000));
    }

    @Test
    void theLabMlpIsAlwaysOpenBecauseStepsFourFiveAndSevenTrainIt() {
        assertThat(capped(20, 10_000, Set.of()).models()).containsExactly(Architecture.LAB_MLP);
        assertThat(capped(20, 10_000, Set.of(Architecture.SMALL_CNN)).openModels()).isEqualTo("Lab MLP or Small CNN");
    }

    @Test
    void defaultsAboveTheCapsCannotBeSavedAndTheMessageSaysWhichStep() {
        assertThatThrownBy(() -> new ClassSettings(RunSize.CLASS, RunSize.LAB_TRAINING, RunSize.CLASS, 20, 40_000,
                Set.of(), 1, 3))
                .isInstanceOf(InvalidSpecException.class)
                .hasFieldOrPropertyWithValue("field", "training.epochs")
                .hasMessage("Step 5's default of 50 epochs is above the cap of 20 epochs per run.");
        assertThatThrownBy(() -> new ClassSettings(RunSize.LAB_COMPARISON, RunSize.CLASS, RunSize.CLASS, 50, 10_000,
                Set.of(), 1, 3))
                .hasFieldOrPropertyWithValue("field", "losses.trainSize")
                .hasMessage("Step 4's default of 40,000 training images is above the cap of 10,000 per run.");
        assertThatThrownBy(() -> new ClassSettings(RunSize.CLASS, RunSize.CLASS, RunSize.CLASS, 50, 40_000,
                Set.of(), 0, 3))
                .hasFieldOrPropertyWithValue("field", "maxRunning")
                .hasMessage("Runs training at once per student must be between 1 and 8 (got 0).");
        assertThatThrownBy(() -> new ClassSettings(RunSize.CLASS, new RunSize(10, 50), RunSize.CLASS, 50, 40_000,
                Set.of(), 1, 3))
                .hasFieldOrPropertyWithValue("field", "training.trainSize");
    }

    @Test
    void theLabsFullSettingsAreOneStepAwayAndRaiseTheCapsToFit() {
        ClassSettings full = capped(20, 10_000, Set.of()).withLabFullSettings();

        assertThat(full.training()).isEqualTo(new RunSize(50, 0));
        assertThat(full.losses()).isEqualTo(full.optimizers()).isEqualTo(new RunSize(10, 0));
        assertThat(full.maxEpochs()).isEqualTo(50);
        assertThat(full.maxTrainImages()).isEqualTo(40_000);
        full.check(LAB);
    }

    @Test
    void theSettingsTheInstructorSavesAreInForceAfterARestart(@TempDir Path runsDir) {
        ClassSettingsService before = new ClassSettingsService(runsDir, FRESH);
        ClassSettings saved = capped(20, 10_000, Set.of(Architecture.SMALL_CNN));

        before.change(saved);

        assertThat(new ClassSettingsService(runsDir, FRESH).current()).isEqualTo(saved);
    }

    @Test
    void aDamagedOrNewerSettingsFileLeavesTheDefaultsInForceAndIsNotOverwrittenUntilTheInstructorSaves(
            @TempDir Path runsDir) throws IOException {
        Path file = runsDir.resolve(ClassSettingsService.FILE);
        Files.writeString(file, "{\"format\": 1, \"maxEpochs\": ");
        assertThat(new ClassSettingsService(runsDir, FRESH).current()).isEqualTo(FRESH);

        Files.writeString(file, "{\"format\": 2, \"maxEpochs\": 20}");
        assertThat(new ClassSettingsService(runsDir, FRESH).current()).isEqualTo(FRESH);
        assertThat(Files.readString(file)).contains("\"format\": 2");

        Files.writeString(file, "{\"format\": 1, \"maxEpochs\": 5, \"maxTrainImages\": 40000, \"maxRunning\": 1, "
                + "\"maxWaiting\": 3, \"training\": {\"epochs\": 50, \"trainSize\": 0}}");
        assertThat(new ClassSettingsService(runsDir, FRESH).current())
                .as("a file that breaks its own caps is not put in force").isEqualTo(FRESH);
    }
}
