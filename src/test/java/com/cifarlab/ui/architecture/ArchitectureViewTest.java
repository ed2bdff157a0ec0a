package com.cifarlab.ui.architecture;

import com.cifarlab.ui.components.Routes;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.model.Activation;
import com.cifarlab.model.Architecture;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.ui.FixtureKaribuTest;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.router.RouteConfiguration;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArchitectureViewTest extends FixtureKaribuTest {

    /** Registered without @Route, so that it never clashes with the real Training step. */
    @AnonymousAllowed
    public static class TrainingStandIn extends Div {
    }

    @BeforeEach
    void openArchitectureStep() {
        UI.getCurrent().navigate("architecture");
        _get(ArchitectureView.class);
    }

    @Test
    void theLabMlpIsChosenFirstWithItsKerasSummary() {
        assertThat(architecture().getValue()).isEqualTo(Architecture.LAB_MLP);
        assertThat(total()).isEqualTo("Total params: 1,707,274");
        assertThat(text("model-size")).isEqualTo("Size as 32-bit floats: 6.51 MB");
        Grid<?> grid = _get(Grid.class);
        assertThat(GridKt._size(grid)).isEqualTo(6);
        assertThat(GridKt._getFormattedRow(grid, 1)).containsExactly("dense (Dense)", "(None, 512)", "1,573,376");
        assertThat(_find(IntegerField.class)).noneMatch(IntegerField::isVisible);
    }

    @Test
    void theSmallCnnHas620362Parameters() {
        _setValue(architecture(), Architecture.SMALL_CNN);

        assertThat(total()).isEqualTo("Total params: 620,362");
        assertThat(GridKt._getFormattedRow(_get(Grid.class), 0)).containsExactly("conv2d (Conv2D)", "(None, 32, 32, 32)", "896");
    }

    @Test
    void theSummaryFollowsEveryLayerChange() {
        _setValue(architecture(), Architecture.CUSTOM_MLP);
        assertThat(total()).as("starts from the lab's layers").isEqualTo("Total params: 1,707,274");

        _setValue(unitsFields().get(0), 128);

        // 3072·128 + 128, then 128·256 + 256, then 256·10 + 10
        assertThat(total()).isEqualTo("Total params: 428,938");

        _click(_get(Button.class, spec -> spec.withText("Add layer")));

        assertThat(unitsFields()).hasSize(3);
        assertThat(total()).isEqualTo("Total params: " + String.format(java.util.Locale.ENGLISH, "%,d",
                3072L * 128 + 128 + 128L * 256 + 256 + 256L * 256 + 256 + 2570));

        _click(_find(Button.class, spec -> spec.withAttribute("aria-label", "Remove hidden layer 3")).get(0));

        assertThat(total()).isEqualTo("Total params: 428,938");
    }

    @Test
    void theStudentsCustomNetworkIsThereAgainWhenTheyComeBackToTheStep() {
        join("Ada");
        _setValue(architecture(), Architecture.CUSTOM_MLP);
        _setValue(unitsFields().get(0), 128);
        _click(_get(Button.class, spec -> spec.withText("Add layer")));

        UI.getCurrent().navigate("data");
        UI.getCurrent().navigate("architecture");

        assertThat(architecture().getValue()).isEqualTo(Architecture.CUSTOM_MLP);
        assertThat(unitsFields()).extracting(IntegerField::getValue).containsExactly(128, 256, 256);
    }

    @Test
    void aBadUnitCountShowsItsErrorBesideTheFieldAndKeepsTheLastValidSummary() {
        _setValue(architecture(), Architecture.CUSTOM_MLP);
        IntegerField units = unitsFields().get(0);

        _setValue(units, 5);

        assertThat(units.isInvalid()).isTrue();
        assertThat(units.getErrorMessage()).isEqualTo("Units of a hidden layer must be between 16 and 4096 (got 5).");
        assertThat(total()).isEqualTo("Total params: 1,707,274");
        assertThat(trainThis().isEnabled()).isFalse();
        assertThat(_get(Paragraph.class, spec -> spec.withClasses("summary-problem")).isVisible()).isTrue();

        _setValue(units, 64);

        assertThat(units.isInvalid()).isFalse();
        assertThat(trainThis().isEnabled()).isTrue();
    }

    @Test
    void anEmptyUnitFieldAndATooHighDropoutAreBothMarked() {
        _setValue(architecture(), Architecture.CUSTOM_MLP);
        IntegerField units = unitsFields().get(1);
        NumberField dropout = _find(NumberField.class, spec -> spec.withLabel("Dropout rate")).get(1);

        _setValue(units, null);
        _setValue(dropout, 0.95);

        assertThat(units.getErrorMessage()).isEqualTo("Enter a whole number of units between 16 and 4096.");
        assertThat(dropout.isInvalid()).isTrue();
        assertThat(dropout.getErrorMessage()).isEqualTo("Dropout rate must be between 0 and 0.9 (got 0.95).");
    }

    @Test
    void layersCanBeAddedUpToFourAndRemovedDownToOne() {
        _setValue(architecture(), Architecture.CUSTOM_MLP);
        Button add = _get(Button.class, spec -> spec.withText("Add layer"));

        _click(add);
        _click(add);

        assertThat(unitsFields()).hasSize(4);
        assertThat(add.isEnabled()).isFalse();

        for (int layer = 4; layer > 1; layer--) {
            int position = layer;
            _click(_get(Button.class, spec -> spec.withAttribute("aria-label", "Remove hidden layer " + position)));
        }

        assertThat(unitsFields()).hasSize(1);
        assertThat(_get(Button.class, spec -> spec.withAttribute("aria-label", "Remove hidden layer 1")).isEnabled()).isFalse();
    }

    @Test
    void trainThisHandsTheSpecToTheTrainingStep() {
        if (!RouteConfiguration.forApplicationScope().isPathAvailable(Routes.TRAINING)) {
            // Until the Training step exists, a stand-in receives the navigation.
            RouteConfiguration.forSessionScope().setRoute(Routes.TRAINING, TrainingStandIn.class);
        }
        // Read when the navigation starts: the Training step takes the spec out of the session when it opens.
        AtomicReference<ModelSpec> handedOver = new AtomicReference<>();
        UI.getCurrent().addBeforeLeaveListener(event ->
                handedOver.set(VaadinSession.getCurrent().getAttribute(ModelSpec.class)));
        _setValue(architecture(), Architecture.CUSTOM_MLP);
        _setValue(unitsFields().get(0), 1024);
        _setValue(_find(Select.class, spec -> spec.withLabel("Activation")).get(1), Activation.TANH);

        _click(trainThis());

        assertThat(handedOver.get()).isEqualTo(ModelSpec.customMlp(List.of(
                new HiddenLayer(1024, Activation.RELU, 0.5), new HiddenLayer(256, Activation.TANH, 0.5))));
        assertThat(UI.getCurrent().getInternals().getActiveViewLocation().getPath()).isEqualTo("training");
    }

    @Test
    void explainsWhyTheCnnSuitsImagesBetter() {
        assertThat(_find(H4.class)).extracting(H4::getText)
                .contains("Spatial structure", "Weight sharing", "Far fewer parameters");
        String text = String.join(" ", _find(Paragraph.class).stream().map(Paragraph::getText).toList());
        assertThat(text).contains("1,573,376", "896", "1,707,274", "620,362");
    }

    @SuppressWarnings("unchecked")
    private static RadioButtonGroup<Architecture> architecture() {
        return _get(RadioButtonGroup.class, spec -> spec.withLabel("Network"));
    }

    private static List<IntegerField> unitsFields() {
        return _find(IntegerField.class, spec -> spec.withLabel("Units"));
    }

    private static Button trainThis() {
        return _get(Button.class, spec -> spec.withText("Train this"));
    }

    private static String total() {
        return text("total-params");
    }

    private static String text(String className) {
        return _get(Div.class, spec -> spec.withClasses(className)).getText();
    }
}
