package com.cifarlab.training.dl4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cifarlab.model.ModelSpec;
import com.cifarlab.training.TrainingSpec;
import org.junit.jupiter.api.Test;

class MlpFloorTest {

    @Test
    void theFloorOfASmallMlpIsAPositiveNumberOfMilliseconds() {
        TrainingSpec small = LeanLayersTest.MIXED_MLP;

        assertThat(MlpFloor.millisPerStep(small, 5)).isPositive().isLessThan(10_000);
    }

    @Test
    void theCnnHasNoMlpFloor() {
        TrainingSpec cnn = TrainingSpec.labDefaults().withModel(ModelSpec.smallCnn());

        assertThatThrownBy(() -> MlpFloor.millisPerStep(cnn, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
