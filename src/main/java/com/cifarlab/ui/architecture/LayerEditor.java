package com.cifarlab.ui.architecture;

import com.cifarlab.model.Activation;
import com.cifarlab.model.HiddenLayer;
import com.cifarlab.model.InvalidSpecException;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The fields of one hidden layer of a custom MLP. Each field is checked on its own by the model's
 * own rules ({@link HiddenLayer}), so every wrong field shows its message at once.
 */
class LayerEditor extends Div {

    /** The valid values the other fields are checked against, so each field's message is its own. */
    private static final HiddenLayer REFERENCE = new HiddenLayer(HiddenLayer.MIN_UNITS, Activation.RELU, 0);

    final IntegerField units = new IntegerField("Units");
    final Select<Activation> activation = new Select<>();
    final NumberField dropout = new NumberField("Dropout rate");
    final Button remove = new Button(VaadinIcon.TRASH.create());
    private final Span title = new Span();

    LayerEditor(HiddenLayer layer, Runnable onChange) {
        addClassNames("layer-editor", LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP,
                LumoUtility.AlignItems.BASELINE, LumoUtility.Gap.MEDIUM);
        title.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.Whitespace.NOWRAP);

        units.setValue(layer.units());
        units.setMin(HiddenLayer.MIN_UNITS);
        units.setMax(HiddenLayer.MAX_UNITS);
        units.setStepButtonsVisible(true);
        units.setHelperText(HiddenLayer.MIN_UNITS + "–" + HiddenLayer.MAX_UNITS);
        // The field's own filter dropped what it could not take: "12.5" became 125 and "1e3" 13. Let
        // everything a student may type through, so that a number that is not whole is refused, not rewritten.
        units.getElement().setProperty("allowedCharPattern", "[-+0-9.,eE]");

        activation.setLabel("Activation");
        activation.setItems(Activation.values());
        activation.setItemLabelGenerator(Activation::label);
        activation.setValue(layer.activation());

        dropout.setValue(layer.dropoutRate());
        dropout.setMin(0);
        dropout.setMax(HiddenLayer.MAX_DROPOUT);
        dropout.setStep(0.1);
        dropout.setStepButtonsVisible(true);
        dropout.setHelperText("0–" + HiddenLayer.MAX_DROPOUT + ", share of units dropped");

        // The model's rules decide what is valid, not the fields' own checks.
        units.setManualValidation(true);
        dropout.setManualValidation(true);
        units.setValueChangeMode(ValueChangeMode.LAZY);
        dropout.setValueChangeMode(ValueChangeMode.LAZY);
        units.addValueChangeListener(e -> onChange.run());
        activation.addValueChangeListener(e -> onChange.run());
        dropout.addValueChangeListener(e -> onChange.run());

        remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ERROR);
        remove.setAriaLabel("Remove this layer");
        remove.setTooltipText("Remove this layer");
        add(title, units, activation, dropout, remove);
    }

    void number(int position) {
        title.setText("Hidden layer " + position);
        remove.setAriaLabel("Remove hidden layer " + position);
    }

    /** The layer, or empty when a field is wrong; each wrong field then shows why beside it. */
    Optional<HiddenLayer> read() {
        boolean unitsValid = check(units, () -> units.getValue() == null
                ? fail("units", "Enter a whole number of units between " + HiddenLayer.MIN_UNITS + " and "
                        + HiddenLayer.MAX_UNITS + ".")
                : new HiddenLayer(units.getValue(), REFERENCE.activation(), REFERENCE.dropoutRate()));
        boolean activationValid = check(activation,
                () -> new HiddenLayer(REFERENCE.units(), activation.getValue(), REFERENCE.dropoutRate()));
        boolean dropoutValid = check(dropout, () -> dropout.getValue() == null
                ? fail("dropoutRate", "Enter a dropout rate between 0 and " + HiddenLayer.MAX_DROPOUT
                        + " (0 for no dropout).")
                : new HiddenLayer(REFERENCE.units(), REFERENCE.activation(), dropout.getValue()));
        if (!(unitsValid && activationValid && dropoutValid)) {
            return Optional.empty();
        }
        return Optional.of(new HiddenLayer(units.getValue(), activation.getValue(), dropout.getValue()));
    }

    private static boolean check(HasValidation field, Supplier<HiddenLayer> attempt) {
        try {
            attempt.get();
            field.setInvalid(false);
            field.setErrorMessage(null);
            return true;
        } catch (InvalidSpecException e) {
            field.setErrorMessage(e.getMessage());
            field.setInvalid(true);
            return false;
        }
    }

    private static HiddenLayer fail(String field, String message) {
        throw new InvalidSpecException(field, message);
    }

    static String describe(HiddenLayer layer) {
        String dense = "Dense " + layer.units() + " " + layer.activation().label();
        return layer.dropoutRate() > 0 ? dense + " → Dropout " + layer.dropoutRate() : dense;
    }
}
