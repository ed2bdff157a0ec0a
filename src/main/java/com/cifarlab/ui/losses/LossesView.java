package com.cifarlab.ui.losses;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.ClassSettingsService;
import com.cifarlab.runs.RunService;
import com.cifarlab.training.LossFunction;
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
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Section;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import java.time.Clock;
import java.util.List;

/**
 * Step 4, Loss functions: the same fresh network trained twice from the same seed, once with
 * cross-entropy and once with mean squared error, their validation curves overlaid as they grow.
 */
@Route("losses")
@Menu(order = 4, title = "Loss functions", icon = "vaadin:trending-down")
@PageTitle("Step 4: Loss functions · CIFAR Lab")
@AnonymousAllowed
public class LossesView extends Div {

    private final RunComparison comparison;

    public LossesView(RunService runs, StudentSessions sessions, FormMemory memory, Clock clock,
                       ClassSettingsService classSettings) {
        ClassSettings settings = classSettings.current();
        StepLayout.page(this);
        addClassName("losses-view");
        comparison = new RunComparison(runs, sessions, clock, LossesView.class.getName(),
                StepLayout.emptyState(VaadinIcon.TRENDING_DOWN, "Nothing compared yet",
                        new Paragraph("Press Compare the two losses: two runs are queued, and their validation "
                                + "accuracy and loss appear here side by side, one point per epoch.")));
        add(explanation(), StepLayout.section("Run the comparison",
                new ComparisonForm(memory, "losses", settings.losses(), settings, "Compare the two losses", this::launch),
                new Paragraph("Both runs use the lab's MLP with Adam at 0.001, batch 64 and seed 42. They take 2 of "
                        + ClassCaps.queuePlaces(settings) + " and train one after the other."),
                comparison));
    }

    private static Component explanation() {
        Section section = new Section(
                StepLayout.lead("The loss is the number training makes smaller: it says how wrong the network's ten "
                        + "class scores are for an image. Here the same network learns twice, once with categorical "
                        + "cross-entropy and once with mean squared error (MSE), and everything else stays equal."),
                StepLayout.cards(
                        StepLayout.card("Why cross-entropy suits classification",
                                "The network ends in a softmax: ten scores that add up to 1, read as the "
                                        + "probability of each class. Cross-entropy is minus the log of the probability "
                                        + "given to the right class, so making it small is making the right answer "
                                        + "likely, which is exactly the goal.",
                                "Its gradient through the softmax is simply the predicted probabilities minus "
                                        + "the one-hot label. A confidently wrong network gets a strong push. With "
                                        + "MSE, that gradient is multiplied by softmax slopes that shrink towards 0 "
                                        + "as the softmax saturates, so the most wrong answers learn the slowest."),
                        StepLayout.card("A fair comparison",
                                "The lab compiled its one, already trained model again with MSE and went on "
                                        + "training it. The second loss then started from weights the first had "
                                        + "shaped, which muddles the comparison.",
                                "Here both runs start from the same fresh weights: the same seed gives the same "
                                        + "first weights, the same validation split and the same batch order. The "
                                        + "loss is the only difference, so the gap between the curves is its doing.")));
        section.addClassName("explanation");
        return section;
    }

    private void launch(TrainingSpec base) {
        comparison.launch(List.of(
                new Entry(RunText.loss(LossFunction.CATEGORICAL_CROSSENTROPY), base.withLoss(LossFunction.CATEGORICAL_CROSSENTROPY)),
                new Entry(RunText.loss(LossFunction.MEAN_SQUARED_ERROR), base.withLoss(LossFunction.MEAN_SQUARED_ERROR))),
                false);
    }
}
