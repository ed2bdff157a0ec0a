package com.cifarlab.ui.optimizers;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.ClassSettingsService;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.StandardRuns;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.components.ClassCaps;
import com.cifarlab.ui.components.ComparisonForm;
import com.cifarlab.ui.components.RunComparison.Entry;
import com.cifarlab.ui.components.RunComparison;
import com.cifarlab.ui.components.RunText;
import com.cifarlab.ui.components.StepLayout;
import com.cifarlab.ui.session.FormMemory;
import com.cifarlab.ui.session.StudentSessions;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Section;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Step 7, Optimizers: Adam, SGD and RMSprop, each at its usual learning rate, train fresh twin
 * networks from the same seed; a fourth run adds Adam at 0.0001 beside Adam at 0.001, the lab's
 * learning-rate question.
 */
@Route("optimizers")
@Menu(order = 7, title = "Optimizers", icon = "vaadin:sliders")
@PageTitle("Step 7: Optimizers · CIFAR Lab")
@AnonymousAllowed
public class OptimizersView extends Div {
    static final double SLOW_ADAM = StandardRuns.SLOW_ADAM;

    private final RunComparison comparison;
    private final Button slowAdam = new Button("Add Adam at lr 0.0001", VaadinIcon.PLUS.create());

    public OptimizersView(RunService runs, StudentSessions sessions, FormMemory memory, Clock clock,
                           ClassSettingsService classSettings) {
        ClassSettings settings = classSettings.current();
        StepLayout.page(this);
        addClassName("optimizers-view");
        comparison = new RunComparison(runs, sessions, clock, OptimizersView.class.getName(),
                StepLayout.emptyState(VaadinIcon.SLIDERS, "Nothing compared yet",
                        new Paragraph("Press Compare the three optimizers: three runs are queued, and their "
                                + "validation curves appear here, one point per epoch.")));
        slowAdam.setId("add-slow-adam");
        slowAdam.addClickListener(event -> addSlowAdam());
        slowAdam.setEnabled(false);
        comparison.addChangeListener(() -> slowAdam.setEnabled(twinOfLabAdam().isPresent()));
        add(explanation(), StepLayout.section("Run the comparison",
                new ComparisonForm(memory, "optimizers", settings.optimizers(), settings,
                        "Compare the three optimizers", this::launch),
                new Paragraph("All runs train the lab's MLP with cross-entropy, batch 64 and seed 42: the same first "
                        + "weights and the same batches, so the optimizer is the only difference. The three take 3 "
                        + "of " + ClassCaps.queuePlaces(settings) + ", and Adam at 0.0001 the fourth; "
                        + "when your queue has other runs, the page says so and queues nothing."),
                slowAdam, comparison));
    }

    private static Component explanation() {
        Section section = new Section(
                StepLayout.lead("An optimizer decides how each weight moves once the gradient says which way is "
                        + "downhill. The three of the lab differ in how they choose the size of each step."),
                StepLayout.cards(
                        StepLayout.card("SGD, RMSprop, Adam",
                                "SGD moves every weight by the learning rate (0.01 by default) times its gradient. "
                                        + "RMSprop divides each weight's step by the recent size of its gradients, "
                                        + "so rarely-moved weights get larger steps. Adam does that too and adds "
                                        + "momentum: it follows the running average of the gradients, which "
                                        + "smooths out noisy batches."),
                        StepLayout.card("The learning-rate question",
                                "At the lab's 0.001, Adam's first steps are so large on this MLP that most "
                                        + "first-layer ReLUs die: their input turns negative for every image and "
                                        + "their gradient becomes 0 for good. Accuracy stalls near 0.28.",
                                "At 0.0001 the steps are ten times smaller, the units stay alive, and accuracy "
                                        + "climbs steadily: on this server, 0.43 test accuracy after 8 epochs. Add "
                                        + "Adam at 0.0001 to see the two side by side.")));
        section.addClassName("explanation");
        return section;
    }

    private void launch(TrainingSpec base) {
        List<Entry> entries = Arrays.stream(Optimizer.values())
                .map(optimizer -> base.withOptimizer(optimizer, optimizer.defaultLearningRate()))
                .map(spec -> new Entry(RunText.optimizerAndRate(spec), spec))
                .toList();
        comparison.launch(entries, false);
    }

    private void addSlowAdam() {
        twinOfLabAdam().ifPresent(twin -> comparison.launch(List.of(new Entry(RunText.optimizerAndRate(twin), twin)), true));
    }

    /**
     * The compared Adam run at its usual rate, with 0.0001 instead: the same epochs, images and
     * seed. Empty when there is no such run, or the twin is there already.
     */
    private Optional<TrainingSpec> twinOfLabAdam() {
        List<TrainingSpec> specs = comparison.snapshots().stream().map(RunSnapshot::spec).toList();
        if (specs.stream().anyMatch(spec -> spec.optimizer() == Optimizer.ADAM && spec.learningRate() == SLOW_ADAM)) {
            return Optional.empty();
        }
        return specs.stream()
                .filter(spec -> spec.optimizer() == Optimizer.ADAM
                        && spec.learningRate() == Optimizer.ADAM.defaultLearningRate())
                .findFirst()
                .map(spec -> spec.withOptimizer(Optimizer.ADAM, SLOW_ADAM));
    }
}
