package com.cifarlab.ui.optimizers;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.KaribuLiveRunsTest;
import com.cifarlab.ui.components.RunCurvesChart;
import com.cifarlab.ui.components.RunCurvesChart.ChartedRun;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizersViewTest extends KaribuLiveRunsTest {

    private static void openOptimizers() {
        UI.getCurrent().navigate("optimizers");
        _get(OptimizersView.class);
    }

    private static Button slowAdam() {
        return _get(Button.class, spec -> spec.withId("add-slow-adam"));
    }

    private static void compare() {
        _click(_get(Button.class, spec -> spec.withId("launch-comparison")));
    }

    @Test
    void explainsTheOptimizersAndTheLearningRateQuestion() {
        openOptimizers();

        String text = String.join(" ", _find(Paragraph.class).stream().map(Paragraph::getText).toList());
        assertThat(text).contains("SGD moves every weight by the learning rate", "most first-layer ReLUs die",
                "At 0.0001 the steps are ten times smaller");
    }

    @Test
    void oneActionLaunchesAdamSgdAndRmspropOnTwinsThenAdamAtATenthOfItsRateJoinsThem() {
        student("Ada");
        openOptimizers();
        assertThat(slowAdam().isEnabled()).isFalse();
        _setValue(_get(TextField.class, spec -> spec.withId("field-epochs")), "2");
        _setValue(_get(TextField.class, spec -> spec.withId("field-trainSize")), "500");

        compare();

        TrainingSpec twin = TrainingSpec.labDefaults().withEpochs(2).withTrainSize(500);
        assertThat(runService.list(caller())).extracting(RunSnapshot::spec).containsExactly(
                twin.withOptimizer(Optimizer.ADAM, 0.001), twin.withOptimizer(Optimizer.SGD, 0.01),
                twin.withOptimizer(Optimizer.RMSPROP, 0.001));
        RunCurvesChart chart = _get(RunCurvesChart.class);
        assertThat(chart.runs()).extracting(ChartedRun::label).containsExactly("Adam 0.001", "SGD 0.01", "RMSprop 0.001");
        assertThat(slowAdam().isEnabled()).isTrue();

        _click(slowAdam());

        List<RunSnapshot> runs = runService.list(caller());
        assertThat(runs).hasSize(4);
        assertThat(runs.get(3).spec()).isEqualTo(twin.withOptimizer(Optimizer.ADAM, 0.0001));
        assertThat(chart.runs()).extracting(ChartedRun::label)
                .containsExactly("Adam 0.001", "SGD 0.01", "RMSprop 0.001", "Adam 0.0001");
        assertThat(slowAdam().isEnabled()).isFalse();

        epochs.release(8);
        eventually(() -> assertThat(chart.accuracyChart().getOptions().get("series"))
                .allSatisfy(series -> assertThat(series.get("data").size()).isEqualTo(2)));
    }

    @Test
    void theTwinCanStillBeAddedAfterLookingAtAnotherStep() {
        student("Ada");
        openOptimizers();
        compare();

        UI.getCurrent().navigate("my-runs");
        openOptimizers();

        assertThat(_get(RunCurvesChart.class).runs()).hasSize(3);
        assertThat(slowAdam().isEnabled()).isTrue();
    }

    @Test
    void aQueueWithoutRoomForTheThreeRunsQueuesNoneAndSaysWhy() {
        student("Ada");
        for (int i = 0; i < 2; i++) {
            runService.submit(caller(), TrainingSpec.labDefaults());
        }
        openOptimizers();

        compare();

        assertThat(_get(Paragraph.class, spec -> spec.withClasses("launch-problem")).getText()).startsWith(
                "This needs 3 free places in your queue and you have 2: 1 run training and 1 waiting");
        assertThat(runService.list(caller())).hasSize(2);
    }
}
