package com.cifarlab.ui.components;

import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.training.TrainingSpec;
import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.textfield.TextField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The number fields of a training form. What a student types is read as text, so that "abc" gets
 * a sentence beside the field rather than silently turning into nothing; every value is then
 * checked by the engine's own rules ({@link TrainingSpec}'s {@code with...} methods), one field at
 * a time, so that all the wrong fields show their message at once and each message comes from the
 * place that enforces it. An {@link InvalidSpecException} goes beside the field its
 * {@link InvalidSpecException#field()} names.
 */
public final class SpecForm {

    private static final String NOT_WHOLE = "Enter a whole number, like %s.";
    private static final String NOT_A_NUMBER = "Enter a number, like %s.";
    private static final String TOO_LARGE = "That number is far too large.";

    private record Input<N>(String specField, TextField field, Function<String, N> parser,
                            BiFunction<TrainingSpec, N, TrainingSpec> apply) {
    }

    /** Why a text is not a number of the right kind. */
    private static final class NotANumber extends RuntimeException {
        NotANumber(String message) {
            super(message, null, false, false);
        }
    }

    private final List<Input<?>> inputs = new ArrayList<>();
    private final Map<String, HasValidation> bySpecField = new HashMap<>();
    private Consumer<TrainingSpec> limits = spec -> {
    };

    /**
     * Checks a spec the fields made against rules beyond the engine's (the class's caps); its
     * {@link InvalidSpecException} goes beside the field it names.
     */
    public void limitBy(Consumer<TrainingSpec> rule) {
        this.limits = rule;
    }

    /**
     * A field for a whole number.
     *
     * @param specField the {@link TrainingSpec} component it sets, as {@link InvalidSpecException#field()} names it
     * @param apply     sets the value on a spec, throwing {@link InvalidSpecException} when it is out of range
     */
    public TextField integerField(String specField, String label, int initial,
                                  BiFunction<TrainingSpec, Integer, TrainingSpec> apply) {
        return add(new Input<>(specField, field(specField, label, Integer.toString(initial)),
                text -> (int) parseWhole(text, Integer.MIN_VALUE, Integer.MAX_VALUE, initial), apply));
    }

    /** A field for a whole number that may be large (a seed). */
    public TextField longField(String specField, String label, long initial,
                               BiFunction<TrainingSpec, Long, TrainingSpec> apply) {
        return add(new Input<>(specField, field(specField, label, Long.toString(initial)),
                text -> parseWhole(text, Long.MIN_VALUE, Long.MAX_VALUE, initial), apply));
    }

    /** A field for a decimal number (a learning rate). */
    public TextField decimalField(String specField, String label, double initial,
                                  BiFunction<TrainingSpec, Double, TrainingSpec> apply) {
        String example = RunText.decimal(initial);
        return add(new Input<>(specField, field(specField, label, example),
                text -> parseDecimal(text, example), apply));
    }

    /** Lets messages about {@code specField} show beside a field that is not a number field (a select). */
    public void bind(String specField, HasValidation component) {
        bySpecField.put(specField, component);
    }

    /**
     * Applies every field to {@code start} (the spec made of the form's other choices).
     *
     * @return the spec, or empty when a field is wrong; each wrong field then shows why
     */
    public Optional<TrainingSpec> read(TrainingSpec start) {
        clearProblems();
        TrainingSpec spec = start;
        boolean valid = true;
        for (Input<?> input : inputs) {
            try {
                spec = apply(input, spec);
            } catch (NotANumber e) {
                showBeside(input.field(), e.getMessage());
                valid = false;
            } catch (InvalidSpecException e) {
                showBeside(bySpecField.getOrDefault(e.field(), input.field()), e.getMessage());
                valid = false;
            }
        }
        if (!valid) {
            return Optional.empty();
        }
        try {
            limits.accept(spec);
        } catch (InvalidSpecException e) {
            HasValidation field = bySpecField.get(e.field());
            if (field == null) {
                throw e;
            }
            showBeside(field, e.getMessage());
            return Optional.empty();
        }
        return Optional.of(spec);
    }

    /** The spec the fields make now, or empty while one is wrong; unlike {@link #read} it marks nothing. */
    public Optional<TrainingSpec> peek(TrainingSpec start) {
        TrainingSpec spec = start;
        try {
            for (Input<?> input : inputs) {
                spec = apply(input, spec);
            }
        } catch (NotANumber | InvalidSpecException e) {
            return Optional.empty();
        }
        return Optional.of(spec);
    }

    /** Shows a problem the engine found later (on submission) beside its field; false when no field matches. */
    public boolean show(InvalidSpecException problem) {
        HasValidation field = bySpecField.get(problem.field());
        if (field == null) {
            return false;
        }
        showBeside(field, problem.getMessage());
        return true;
    }

    /** Puts a value into a field, as if typed (the learning rate following the optimizer, say). */
    public void setValue(TextField field, String value) {
        field.setValue(value);
        field.setInvalid(false);
    }

    private static <N> TrainingSpec apply(Input<N> input, TrainingSpec spec) {
        return input.apply().apply(spec, input.parser().apply(input.field().getValue()));
    }

    private TextField add(Input<?> input) {
        inputs.add(input);
        bySpecField.put(input.specField(), input.field());
        return input.field();
    }

    private static TextField field(String specField, String label, String initial) {
        TextField field = new TextField(label, initial, "");
        field.setId("field-" + specField);
        field.setManualValidation(true);
        // A corrected field loses its old message at once; the others keep theirs until the next launch.
        field.addValueChangeListener(event -> field.setInvalid(false));
        return field;
    }

    private void clearProblems() {
        bySpecField.values().forEach(field -> field.setInvalid(false));
    }

    private static void showBeside(HasValidation field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    private static long parseWhole(String text, long min, long max, long example) {
        String digits = withoutGrouping(text);
        if (!digits.matches("-?\\d+")) {
            throw new NotANumber(NOT_WHOLE.formatted(RunText.whole(example)));
        }
        try {
            long value = Long.parseLong(digits);
            if (value < min || value > max) {
                throw new NotANumber(TOO_LARGE);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new NotANumber(TOO_LARGE);
        }
    }

    private static double parseDecimal(String text, String example) {
        String number = text == null ? "" : text.strip();
        // "0,001" is how half of Europe writes 0.001; with no point in it, a comma is the decimal mark.
        if (!number.contains(".")) {
            number = number.replace(',', '.');
        }
        // Java would also read "NaN", "Infinity" and "1d"; a learning rate is written with digits.
        if (!number.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            throw new NotANumber(NOT_A_NUMBER.formatted(example));
        }
        return Double.parseDouble(number);
    }

    /** "40,000" and "40 000" are 40000: students copy whole numbers from the page's own text. */
    private static String withoutGrouping(String text) {
        return text == null ? "" : text.strip().replace(",", "").replace(" ", "").replace("_", "");
    }
}
