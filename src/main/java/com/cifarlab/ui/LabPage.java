package com.cifarlab.ui;

import com.cifarlab.ui.activation.ActivationView;
import com.cifarlab.ui.architecture.ArchitectureView;
import com.cifarlab.ui.data.DataView;
import com.cifarlab.ui.evaluation.EvaluationView;
import com.cifarlab.ui.instructor.InstructorView;
import com.cifarlab.ui.losses.LossesView;
import com.cifarlab.ui.myruns.MyRunsView;
import com.cifarlab.ui.optimizers.OptimizersView;
import com.cifarlab.ui.saveload.SaveLoadView;
import com.cifarlab.ui.training.TrainingView;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.icon.VaadinIcon;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every page of the side navigation, in order: the lab's eight steps, then the student's runs and
 * the instructor's page. A page whose view exists names it; the others show as "coming soon". A new
 * step appears by putting its view class here.
 */
public enum LabPage {
    DATA(1, "Data", VaadinIcon.PICTURE, DataView.class),
    ARCHITECTURE(2, "Architecture", VaadinIcon.SITEMAP, ArchitectureView.class),
    ACTIVATION_FUNCTIONS(3, "Activation functions", VaadinIcon.CURLY_BRACKETS, ActivationView.class),
    LOSS_FUNCTIONS(4, "Loss functions", VaadinIcon.TRENDING_DOWN, LossesView.class),
    TRAINING(5, "Training", VaadinIcon.PLAY_CIRCLE_O, TrainingView.class),
    EVALUATION(6, "Evaluation", VaadinIcon.CHECK_SQUARE_O, EvaluationView.class),
    OPTIMIZERS(7, "Optimizers", VaadinIcon.SLIDERS, OptimizersView.class),
    SAVE_AND_LOAD(8, "Save and load", VaadinIcon.DOWNLOAD, SaveLoadView.class),
    MY_RUNS(0, "My runs", VaadinIcon.RECORDS, MyRunsView.class),
    INSTRUCTOR(0, "Instructor", VaadinIcon.ACADEMY_CAP, InstructorView.class);

    private final int step;
    private final String title;
    private final VaadinIcon icon;
    private final Class<? extends Component> view;

    LabPage(int step, String title, VaadinIcon icon, Class<? extends Component> view) {
        this.step = step;
        this.title = title;
        this.icon = icon;
        this.view = view;
    }

    public static List<LabPage> steps() {
        return Arrays.stream(values()).filter(LabPage::isStep).toList();
    }

    public static List<LabPage> others() {
        return Arrays.stream(values()).filter(page -> !page.isStep()).toList();
    }

    public boolean isStep() {
        return step > 0;
    }

    /** The step's number in the lab (1 to 8); 0 for pages that are not steps. */
    public int step() {
        return step;
    }

    public String title() {
        return title;
    }

    /** What the navigation shows: "1  Data" for steps, the title for the others. */
    public String navigationLabel() {
        return isStep() ? step + "  " + title : title;
    }

    /** The heading over the page: "Step 1 · Data" for steps, the title for the others. */
    public String heading() {
        return isStep() ? "Step " + step + " · " + title : title;
    }

    /** The page shown by {@code view}, if any. */
    public static Optional<LabPage> shownBy(Class<?> view) {
        return Arrays.stream(values()).filter(page -> page.view == view).findFirst();
    }

    public VaadinIcon icon() {
        return icon;
    }

    /** The view that shows this page, or empty while it is still to come. */
    public Optional<Class<? extends Component>> view() {
        return Optional.ofNullable(view);
    }
}
