package com.cifarlab.ui.instructor;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.ClassSettingsService;
import com.cifarlab.classroom.RunSize;
import com.cifarlab.model.Architecture;
import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.DiskFullException;
import com.cifarlab.runs.LabPreparation;
import com.cifarlab.runs.LowMemoryException;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.ShuttingDownException;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.ui.components.Notifications;
import com.cifarlab.ui.components.RunText;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The class settings: the size Steps 4, 5 and 7 open with, the caps on a student's run, the
 * networks open to students and the per-student limits; and "Prepare the lab", which queues the
 * standard runs at those settings before the students arrive.
 */
final class ClassSettingsPanel extends Div {

    private static final String WHOLE = "[0-9]";

    private final ClassSettingsService settings;
    private final LabPreparation preparation;
    private final Map<String, TextField> fields = new LinkedHashMap<>();
    private final CheckboxGroup<Architecture> models = new CheckboxGroup<>("Networks students may train");
    private final Paragraph prepared = new Paragraph();

    ClassSettingsPanel(ClassSettingsService settings, LabPreparation preparation) {
        this.settings = settings;
        this.preparation = preparation;
        setId("class-run-settings");

        Div sizes = row(
                group("Step 4 · Loss functions", field("losses.epochs", "Epochs"), field("losses.trainSize", "Images")),
                group("Step 5 · Training", field("training.epochs", "Epochs"), field("training.trainSize", "Images")),
                group("Step 7 · Optimizers", field("optimizers.epochs", "Epochs"),
                        field("optimizers.trainSize", "Images")));
        Paragraph sizesHelp = help("The forms of these steps open with these sizes (students who launched before "
                + "keep their own last settings). Images: 0 for all 40,000.");

        models.setId("class-models");
        models.setItems(Architecture.values());
        models.setItemLabelGenerator(Architecture::label);
        // Steps 4, 5 and 7 train the lab's own MLP: closing it would close those steps.
        models.setItemEnabledProvider(architecture -> architecture != Architecture.LAB_MLP);
        Div caps = row(group("Largest run a student may launch", field("maxEpochs", "Epochs"),
                field("maxTrainImages", "Images")), models);
        Div limits = row(group("Per student", field("maxRunning", "Training at once"),
                field("maxWaiting", "Waiting")));

        Button save = new Button("Save the class settings", VaadinIcon.CHECK.create(), event -> save(read()));
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.setId("save-class-settings");
        Button full = new Button("Use the lab's full settings", VaadinIcon.EXPAND_SQUARE.create(),
                event -> save(settings.current().withLabFullSettings()));
        full.setId("lab-full-settings");
        full.getElement().setAttribute("title", "50 epochs on Step 5 and 10 on Steps 4 and 7, all 40,000 images");
        Button prepare = new Button("Prepare the lab", VaadinIcon.ROCKET.create(), event -> prepare());
        prepare.setId("prepare-lab");
        prepare.addThemeVariants(ButtonVariant.LUMO_SUCCESS);
        Div actions = row(save, full, prepare);
        actions.addClassName(LumoUtility.AlignItems.CENTER);
        prepared.setId("prepare-result");
        prepared.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.Vertical.XSMALL);
        prepared.setText("Prepare the lab queues the standard runs of Steps 4, 5 and 7 at these settings, under "
                + "\"" + LabSessionService.PREPARATION_NAME + "\", so that every student's "
                + "identical run joins them or is ready at once.");

        add(sizes, sizesHelp, caps, limits, actions, prepared);
        show(settings.current());
    }

    private void show(ClassSettings shown) {
        set("losses", shown.losses());
        set("training", shown.training());
        set("optimizers", shown.optimizers());
        setNumber("maxEpochs", shown.maxEpochs());
        setNumber("maxTrainImages", shown.maxTrainImages());
        setNumber("maxRunning", shown.maxRunning());
        setNumber("maxWaiting", shown.maxWaiting());
        models.setValue(shown.models());
        fields.values().forEach(field -> field.setInvalid(false));
    }

    /** The settings the fields make, or null when one is not a whole number (it then says so). */
    private ClassSettings read() {
        fields.values().forEach(field -> field.setInvalid(false));
        Map<String, Integer> values = new LinkedHashMap<>();
        fields.forEach((name, field) -> {
            String text = field.getValue().strip().replace(",", "").replace(" ", "");
            if (text.matches("\\d{1,6}")) {
                values.put(name, Integer.parseInt(text));
            } else {
                invalid(field, "Enter a whole number, like 10.");
            }
        });
        if (values.size() < fields.size()) {
            return null;
        }
        Set<Architecture> open = EnumSet.of(Architecture.LAB_MLP);
        open.addAll(models.getValue());
        try {
            return new ClassSettings(size(values, "losses"), size(values, "training"), size(values, "optimizers"),
                    values.get("maxEpochs"), values.get("maxTrainImages"), open, values.get("maxRunning"),
                    values.get("maxWaiting"));
        } catch (InvalidSpecException e) {
            invalid(fields.get(e.field()), e.getMessage());
            return null;
        }
    }

    private void save(ClassSettings changed) {
        if (changed == null) {
            return;
        }
        try {
            show(settings.change(changed));
            Notifications.info("The class settings are saved: Step 5 opens at " + changed.training()
                    + ", runs up to " + changed.maxEpochs() + " epochs × "
                    + RunText.whole(changed.maxTrainImages()) + " images.");
        } catch (UncheckedIOException e) {
            Notifications.error("The class settings could not be kept: the runs folder cannot be written.");
        }
    }

    private void prepare() {
        try {
            RunService.Prepared result = preparation.prepare(Caller.instructor());
            int already = result.distinct() - result.started();
            prepared.setText("Prepared: " + trainings(result.started()) + " queued for the " + result.distinct()
                    + " distinct standard runs of Steps 4, 5 and 7" + (already == 0 ? "." : "; " + already
                    + (already == 1 ? " was" : " were") + " already waiting, training or done."));
        } catch (ShuttingDownException | LowMemoryException | DiskFullException e) {
            Notifications.error("The lab could not be prepared: " + e.getMessage());
        }
    }

    private static String trainings(int count) {
        return count == 1 ? "1 training" : count + " trainings";
    }

    private TextField field(String name, String label) {
        TextField field = new TextField(label);
        field.setId("class-" + name);
        field.setAllowedCharPattern(WHOLE);
        field.setMaxLength(6);
        field.setWidth("7em");
        field.setManualValidation(true);
        field.addValueChangeListener(event -> field.setInvalid(false));
        fields.put(name, field);
        return field;
    }

    private void set(String step, RunSize size) {
        setNumber(step + ".epochs", size.epochs());
        setNumber(step + ".trainSize", size.trainSize());
    }

    private void setNumber(String name, int value) {
        fields.get(name).setValue(Integer.toString(value));
    }

    private static RunSize size(Map<String, Integer> values, String step) {
        return new RunSize(values.get(step + ".epochs"), values.get(step + ".trainSize"));
    }

    private static void invalid(TextField field, String message) {
        field.setErrorMessage(message);
        field.setInvalid(true);
    }

    private static Div group(String title, Component... content) {
        Span label = new Span(title);
        label.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.FontSize.SMALL);
        Div fieldsRow = row(content);
        Div group = new Div(label, fieldsRow);
        group.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexDirection.COLUMN);
        return group;
    }

    private static Div row(Component... content) {
        Div row = new Div(content);
        row.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.Gap.LARGE,
                LumoUtility.AlignItems.BASELINE);
        return row;
    }

    private static Paragraph help(String text) {
        Paragraph help = new Paragraph(text);
        help.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.Top.XSMALL);
        return help;
    }
}
