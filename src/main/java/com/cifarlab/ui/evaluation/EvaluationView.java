package com.cifarlab.ui.evaluation;

import static com.cifarlab.ui.components.StepLayout.card;
import static com.cifarlab.ui.components.StepLayout.cards;
import static com.cifarlab.ui.components.StepLayout.count;
import static com.cifarlab.ui.components.StepLayout.emptyState;
import static com.cifarlab.ui.components.StepLayout.lead;

import com.cifarlab.dataset.SampleImages;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.RunEvent;
import com.cifarlab.runs.RunNotFoundException;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.components.FinishedRunSelect;
import com.cifarlab.ui.components.LiveUpdates;
import com.cifarlab.ui.components.Routes;
import com.cifarlab.ui.components.RunText;
import com.cifarlab.ui.components.StepLayout;
import com.cifarlab.ui.components.TestReportPanel;
import com.cifarlab.ui.session.StudentSessions;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.List;
import java.util.Optional;

/**
 * Step 6, Evaluation: a finished run's result on the 10,000 test images, which it never saw while
 * training. A student sees their own runs; the instructor may open any run, also by its address
 * {@code evaluation/<run id>}.
 */
@Route(Routes.EVALUATION + "/:" + EvaluationView.RUN_ID + "?")
@Menu(order = 6, title = "Evaluation", icon = "vaadin:check-square-o")
@PageTitle("Step 6: Evaluation · CIFAR Lab")
@AnonymousAllowed
public class EvaluationView extends Div implements BeforeEnterObserver {

    static final String RUN_ID = "runId";

    private final RunService runs;
    private final SampleImages samples;
    private final Optional<Caller> caller;
    private final FinishedRunSelect runSelect;
    private final Div empty;
    private final Paragraph runDescription = new Paragraph();
    private final Div result = new Div();

    public EvaluationView(RunService runs, StudentSessions students, SampleImages samples) {
        StepLayout.page(this, "evaluation-view");
        this.runs = runs;
        this.samples = samples;
        this.caller = students.caller();
        runSelect = new FinishedRunSelect("Run", students.isInstructor());
        // A run that succeeds while the page is open appears in the picker and is shown.
        caller.ifPresent(c -> LiveUpdates.follow(this, listener -> runs.addListener(c, listener::accept),
                (RunEvent event) -> event instanceof RunEvent.StateChanged changed
                        && changed.run().state() == RunState.SUCCEEDED, event -> {
                    refreshRuns();
                    chooseNewest();
                }));
        add(lead("Validation accuracy guided the choices during training. The real test is the 10,000 test images "
                + "the network never saw: how many it gets right (accuracy), and which classes it mixes up."));
        add(cards(
                card("Reading the confusion matrix",
                        "Rows are the true classes, columns the predicted ones. The diagonal counts the images "
                                + "classified right; every other cell counts one kind of mistake, e.g. row cat, "
                                + "column dog: cats taken for dogs. Bright cells off the diagonal show which "
                                + "classes the network confuses."),
                card("Precision and recall",
                        "Precision of a class: of the images predicted as that class, the share that really are. "
                                + "Recall: of the images that really are that class, the share the network found. "
                                + "A network that calls everything \"cat\" has a cat recall of 1 but a poor cat "
                                + "precision."),
                card("F1-score and the averages",
                        "F1 is the harmonic mean of precision and recall, high only when both are. Support is "
                                + "the number of test images of the class. The macro average weighs every class "
                                + "the same; the weighted average weighs them by support (equal here: CIFAR-10 has "
                                + "1,000 test images per class).")));
        empty = emptyState("no-finished-run", VaadinIcon.CHART_GRID, "No finished run yet",
                new Paragraph("Train a network on Step 5; when its run has succeeded, its test results appear "
                        + "here."),
                new Anchor(Routes.TRAINING, "Go to Step 5 · Training"));
        runDescription.addClassNames("run-description", LumoUtility.TextColor.SECONDARY);
        runSelect.addValueChangeListener(e -> {
            if (e.getValue() != null) {
                show(e.getValue());
                if (e.isFromClient()) {
                    UI.getCurrent().getPage().getHistory().replaceState(null, Routes.evaluationOf(e.getValue().id()));
                }
            }
        });
        add(empty, runSelect, runDescription, result);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        refreshRuns();
        event.getRouteParameters().get(RUN_ID).ifPresentOrElse(this::open, this::chooseNewest);
    }

    private void open(String runId) {
        if (caller.isEmpty()) {
            warn("Run " + runId + " is not yours to see; open your own runs from this page.");
            return;
        }
        try {
            RunSnapshot run = runs.get(caller.get(), runId);
            if (run.state() != RunState.SUCCEEDED || run.test() == null) {
                warn(noTestResults(runId, run.state()));
                return;
            }
            runSelect.find(runId).ifPresent(runSelect::setValue);
        } catch (RunNotFoundException e) {
            warn(e.getMessage());
        }
    }

    /** Why a run opened by its address has no test results to show, in words. */
    static String noTestResults(String runId, RunState state) {
        String where = switch (state) {
            case QUEUED -> "is still waiting for a worker";
            case RUNNING -> "is still training";
            case SUCCEEDED -> "succeeded, but its test results were not recorded";
            case FAILED -> "failed";
            case CANCELLED -> "was cancelled";
            case INTERRUPTED -> "was interrupted by a server restart";
        };
        return "Run " + runId + " " + where + "; test results appear here once a run has been trained and tested.";
    }

    private void refreshRuns() {
        List<RunSnapshot> visible = caller.map(runs::list).orElse(List.of());
        runSelect.setRuns(visible);
        boolean any = runSelect.hasRuns();
        empty.setVisible(!any);
        runSelect.setVisible(any);
    }

    /** Without a run named in the address, the newest finished run is the one most likely wanted. */
    private void chooseNewest() {
        if (runSelect.hasRuns() && runSelect.getValue() == null) {
            runSelect.setValue(runSelect.getListDataView().getItem(0));
        }
    }

    private void show(RunSnapshot run) {
        TrainingSpec spec = run.spec();
        runDescription.setText(RunText.summary(spec) + ". It trained " + count(run.epochs().size(), "epoch", "epochs")
                + "; the weights of epoch " + run.bestEpoch() + " (lowest validation loss) were tested.");
        result.removeAll();
        result.add(new TestReportPanel(run.test(), samples));
    }

    private static void warn(String message) {
        Notification.show(message, 6000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_WARNING);
    }
}
