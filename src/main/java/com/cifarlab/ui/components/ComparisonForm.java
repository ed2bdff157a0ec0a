package com.cifarlab.ui.components;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.RunSize;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.session.FormMemory;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import java.util.function.Consumer;

/**
 * The two settings a comparison lets the student choose, epochs and training images, and its
 * launch button. Everything else is the lab's: a comparison changes one thing at a time.
 */
public class ComparisonForm extends HorizontalLayout {

    private final SpecForm form = new SpecForm();
    private final TextField epochs;
    private final TextField trainSize;

    /**
     * @param memory    keeps the student's last epochs and images under {@code formName}, the form
     *                  opening with them next time
     * @param defaults  the size the form opens with before the student launched from it
     * @param settings  the class's caps, said under the fields and checked at launch
     * @param launch    told the lab's spec with the chosen epochs and training images
     */
    public ComparisonForm(FormMemory memory, String formName, RunSize defaults, ClassSettings settings,
                          String launchText, Consumer<TrainingSpec> launch) {
        epochs = form.integerField("epochs", "Epochs", defaults.epochs(), TrainingSpec::withEpochs);
        epochs.setHelperText(ClassCaps.epochsHelp(settings));
        trainSize = form.integerField("trainSize", "Training images", defaults.trainSize(), TrainingSpec::withTrainSize);
        trainSize.setHelperText(ClassCaps.imagesHelp(settings));
        form.limitBy(settings::check);
        memory.recall(formName).ifPresent(last -> {
            form.setValue(epochs, Integer.toString(last.epochs()));
            form.setValue(trainSize, Integer.toString(last.trainSize()));
        });
        Button button = new Button(launchText, VaadinIcon.PLAY.create(),
                event -> form.read(TrainingSpec.labDefaults()).ifPresent(spec -> {
                    memory.remember(formName, spec);
                    launch.accept(spec);
                }));
        button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        button.setId("launch-comparison");
        add(epochs, trainSize, button);
        setAlignItems(FlexComponent.Alignment.BASELINE);
        setWrap(true);
        addClassName("comparison-form");
    }
}
