package com.cifarlab.ui.myruns;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.QueueFullException;
import com.cifarlab.runs.RunEvent;
import com.cifarlab.runs.RunNotFoundException;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.runs.RunStateException;
import com.cifarlab.runs.ServerUnavailableException;
import com.cifarlab.runs.SessionRequiredException;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.SessionEndedException;
import com.cifarlab.training.EpochMetrics;
import com.cifarlab.training.EpochMetricsCsv;
import com.cifarlab.ui.components.LiveUpdates;
import com.cifarlab.ui.components.ModelDownloadHandler;
import com.cifarlab.ui.components.Notifications;
import com.cifarlab.ui.components.Routes;
import com.cifarlab.ui.components.RunCurvesChart.ChartedRun;
import com.cifarlab.ui.components.RunCurvesChart;
import com.cifarlab.ui.components.RunText;
import com.cifarlab.ui.components.StateBadge;
import com.cifarlab.ui.components.StepLayout;
import com.cifarlab.ui.components.UpdateThrottle;
import com.cifarlab.ui.session.NameDialog;
import com.cifarlab.ui.session.StudentSessions;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.grid.dataview.GridListDataView;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Section;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * My runs: the browser's lab session, with its queue and history in one table (cancel, run again,
 * download the model or the curves, open in Evaluation), and the curves of 2–4 chosen runs
 * overlaid. The table follows the queue live.
 */
@Route("my-runs")
@Menu(order = 100, title = "My runs", icon = "vaadin:records")
@PageTitle("My runs · CIFAR Lab")
@AnonymousAllowed
public class MyRunsView extends Div {

    static final int MIN_COMPARED = 2;
    static final int MAX_COMPARED = 4;

    private final RunService runs;
    private final StudentSessions sessions;
    private final Clock clock;
    private final UpdateThrottle throttle;
    private final List<RunSnapshot> items = new ArrayList<>();
    private final Grid<RunSnapshot> grid = new Grid<>();
    private final GridListDataView<RunSnapshot> rows;
    private final Button compare = new Button("Compare selected", VaadinIcon.CHART_LINE.create());
    private final RunCurvesChart comparison;
    private final Section comparisonSection;
    private final Span name = new Span();
    private final TextField token = new TextField("API token");
    private final Button showToken = new Button("Create an API token", VaadinIcon.KEY.create());
    private final Div identity = new Div();
    private final Button requeue = new Button("Queue my interrupted runs", VaadinIcon.PLAY.create());
    private final Div runsPanel = new Div();
    private final Div empty = StepLayout.emptyState(VaadinIcon.RECORDS, "No runs yet",
            new Paragraph(new Span("Launch a run on "), Routes.link("Step 5 · Training", Routes.TRAINING),
                    new Span(": it appears here with its place in the queue, its progress and, once done, its "
                            + "accuracy on the test images.")));

    public MyRunsView(RunService runs, StudentSessions sessions, Clock clock) {
        this.runs = runs;
        this.sessions = sessions;
        this.clock = clock;
        this.throttle = UpdateThrottle.forProgress(clock);
        followTheStudentsRuns();
        this.comparison = new RunCurvesChart(runs, RunCurvesChart.Lines.VALIDATION);
        this.rows = grid.setItems(items);
        rows.setIdentifierProvider(RunSnapshot::id);
        StepLayout.page(this);
        addClassName("my-runs-view");
        comparisonSection = StepLayout.section("Compared runs", comparison);
        comparisonSection.setVisible(false);
        add(StepLayout.lead("Every run of your lab session: those waiting in the queue, the one training and "
                        + "those that ended. Runs stay on the server while your session lasts; download a model "
                        + "or its curves to keep them."),
                identitySection(), runsSection(), comparisonSection);
    }

    // ---------------------------------------------------------------- who

    private Component identitySection() {
        name.addClassNames("student-name", LumoUtility.FontWeight.SEMIBOLD);
        Button rename = new Button("Change name", VaadinIcon.EDIT.create(), event -> rename());
        rename.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        rename.setId("change-name");
        HorizontalLayout who = new HorizontalLayout(new Span("You appear to the class as"), name, rename);
        who.setAlignItems(FlexComponent.Alignment.BASELINE);
        token.setReadOnly(true);
        token.setId("api-token");
        token.setWidth("32em");
        // Hidden until asked for: a projector or a neighbour should not see it by accident.
        token.setVisible(false);
        showToken.setId("show-token");
        showToken.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        showToken.addClickListener(event -> sessions.newApiToken().ifPresent(created -> {
            token.setValue(created);
            token.setVisible(true);
            showToken.setText("Create another API token");
        }));
        Paragraph note = new Paragraph("For scripts: the API token lets a program submit and follow runs in this "
                + "session through the JSON API (docs/json-api.md), sent as \"Authorization: Bearer <token>\". Keep "
                + "it secret: anyone who has it can launch and cancel runs as you. It is shown once, and stops working when "
                + "you leave, when the program revokes it (DELETE /api/sessions/current) or after a long time unused.");
        note.addClassNames("token-note", LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL, LumoUtility.Margin.Vertical.XSMALL);
        identity.add(who, note, showToken, token);
        identity.addClassName("identity");
        identity.setVisible(false);
        return identity;
    }

    private void rename() {
        String current = sessions.current().map(LabSession::name).orElse("");
        new NameDialog("What should the class and the instructor see as your name?", current, newName -> {
            LabSession session = sessions.rename(newName);
            showIdentity(session);
            return session;
        }).open();
    }

    private void showIdentity(LabSession session) {
        name.setText(session.name());
        identity.setVisible(true);
    }

    // ---------------------------------------------------------------- runs

    /** The highest validation accuracy of any epoch so far, with its epoch; diverged epochs never win. */
    static String highestValidationAccuracy(RunSnapshot run) {
        return run.epochs().stream()
                .filter(epoch -> !Double.isNaN(epoch.validationAccuracy()))
                .max(Comparator.comparingDouble(EpochMetrics::validationAccuracy)
                        .thenComparing(epoch -> -epoch.epoch()))
                .map(epoch -> RunText.metric(epoch.validationAccuracy()) + " (epoch " + epoch.epoch() + ")")
                .orElse("");
    }

    private Component runsSection() {
        grid.addColumn(run -> RunText.summary(run.spec()) + RunText.sharingNote(run)).setHeader("Run").setKey("run").setWidth("14rem").setFlexGrow(3);
        grid.addComponentColumn(run -> StateBadge.of(run.state())).setHeader("State").setKey("state").setWidth("7rem").setFlexGrow(0);
        grid.addColumn(this::whereItIs).setHeader("Queue / progress").setKey("progress").setWidth("7rem").setFlexGrow(1);
        // The highest accuracy of any epoch: what "best" means to a reader. The saved model keeps the
        // epoch with the lowest validation loss instead, which the tooltip names.
        grid.addColumn(MyRunsView::highestValidationAccuracy)
                .setTooltipGenerator(run -> run.bestEpoch() == null ? ""
                        : "The saved model keeps epoch " + run.bestEpoch() + ", the one with the lowest validation loss.")
                .setHeader("Best val. acc.").setKey("best").setWidth("7.5rem").setFlexGrow(0);
        grid.addColumn(run -> run.epochs().isEmpty() ? ""
                        : RunText.metric(run.epochs().get(run.epochs().size() - 1).validationAccuracy()))
                .setHeader("Final val. acc.").setKey("final").setWidth("5.5rem").setFlexGrow(0);
        grid.addColumn(run -> run.test() == null ? "" : RunText.metric(run.test().accuracy()))
                .setHeader("Test acc.").setKey("test").setWidth("5rem").setFlexGrow(0);
        // Not frozen: at 1366 px a frozen actions column covered "Test acc."; its buttons wrap instead.
        grid.addComponentColumn(this::actions).setHeader("Actions").setKey("actions").setWidth("11rem").setFlexGrow(0);
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addSelectionListener(event -> updateCompareButton(event.getAllSelectedItems()));
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setAllRowsVisible(true);
        grid.setId("runs-grid");

        compare.setId("compare-selected");
        compare.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        compare.addClickListener(event -> compareSelected());
        updateCompareButton(Set.of());
        Span hint = new Span("Tick " + MIN_COMPARED + " to " + MAX_COMPARED + " runs to overlay their validation curves.");
        hint.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        requeue.setId("requeue-interrupted");
        requeue.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_SUCCESS);
        requeue.addClickListener(event -> requeueInterrupted());
        requeue.setVisible(false);
        HorizontalLayout toolbar = new HorizontalLayout(requeue, compare, hint);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        runsPanel.add(toolbar, grid);
        runsPanel.setVisible(false);
        return StepLayout.section("Your runs", empty, runsPanel);
    }

    private String whereItIs(RunSnapshot run) {
        if (run.state() == RunState.QUEUED) {
            String place = run.queuePosition() == null ? "waiting" : "#" + (run.queuePosition() + 1) + " in line";
            return run.estimatedStart() == null ? place
                    : place + " · starts in " + RunText.about(Duration.between(clock.instant(), run.estimatedStart()));
        }
        if (run.state() == RunState.RUNNING) {
            return run.progress() == null ? "starting" : RunText.phase(run.progress());
        }
        return run.reason() == null ? "" : run.reason();
    }

    private Component actions(RunSnapshot run) {
        HorizontalLayout actions = new HorizontalLayout();
        actions.setSpacing(false);
        actions.setWrap(true);
        actions.addClassName(LumoUtility.Gap.XSMALL);
        if (!run.state().isFinal()) {
            Button cancel = action("Cancel", VaadinIcon.CLOSE_SMALL, "cancel", () -> cancel(run));
            // Asked already: the row says "cancelling…" until the trainer stops at its next batch.
            cancel.setEnabled(run.progress() == null || !run.progress().cancelling());
            actions.add(cancel);
        }
        actions.add(action("Watch", VaadinIcon.EYE, "watch", () -> getUI().ifPresent(ui -> ui.navigate(Routes.TRAINING,
                QueryParameters.of("run", run.id())))));
        actions.add(action("Run again", VaadinIcon.REFRESH, "rerun", () -> rerun(run)));
        if (run.modelAvailable()) {
            actions.add(download("Model", VaadinIcon.DOWNLOAD, "model", modelDownload(run.id())));
        }
        if (!run.epochs().isEmpty()) {
            actions.add(download("CSV", VaadinIcon.FILE_TABLE, "csv", csvDownload(run.id())));
        }
        if (run.state() == RunState.SUCCEEDED) {
            actions.add(action("Evaluate", VaadinIcon.CHECK_SQUARE_O, "evaluate",
                    () -> getUI().ifPresent(ui -> ui.navigate(Routes.evaluationOf(run.id())))));
        }
        return actions;
    }

    private static Button action(String text, VaadinIcon icon, String kind, Runnable onClick) {
        Button button = new Button(text, icon.create(), event -> onClick.run());
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        button.addClassName("action-" + kind);
        return button;
    }

    private static Anchor download(String text, VaadinIcon icon, String kind, DownloadHandler handler) {
        Anchor anchor = new Anchor(handler, "");
        anchor.add(icon.create(), new Span(text));
        anchor.addClassNames("action-" + kind, LumoUtility.FontSize.SMALL, LumoUtility.Display.FLEX,
                LumoUtility.AlignItems.CENTER, LumoUtility.Gap.XSMALL, LumoUtility.Padding.Horizontal.SMALL);
        return anchor;
    }

    /** The caller is read when the browser asks for the file, in its own request. */
    private DownloadHandler modelDownload(String runId) {
        return event -> ModelDownloadHandler.forRun(runs,
                sessions.caller().orElseThrow(() -> new RunNotFoundException(runId)), runId).handleDownloadRequest(event);
    }

    private DownloadHandler csvDownload(String runId) {
        return event -> {
            try {
                Caller caller = sessions.caller().orElseThrow(() -> new RunNotFoundException(runId));
                List<EpochMetrics> epochs = runs.get(caller, runId).epochs();
                byte[] csv = EpochMetricsCsv.of(epochs).getBytes(StandardCharsets.UTF_8);
                event.setFileName("cifar-lab-" + runId + "-epochs.csv");
                event.setContentType("text/csv");
                event.setContentLength(csv.length);
                event.getOutputStream().write(csv);
            } catch (RunNotFoundException e) {
                event.getResponse().sendError(404, e.getMessage());
            }
        };
    }

    private void cancel(RunSnapshot run) {
        sessions.caller().ifPresent(caller -> {
            try {
                runs.cancel(caller, run.id());
            } catch (RunNotFoundException | RunStateException e) {
                Notifications.error(e.getMessage());
            }
            refresh();
        });
    }

    private void rerun(RunSnapshot run) {
        sessions.caller().ifPresent(caller -> {
            try {
                runs.rerun(caller, run.id());
                Notifications.info("Queued again: " + RunText.name(run.spec()) + ".");
            } catch (QueueFullException e) {
                Notifications.error("Your queue is full. " + e.getMessage());
            } catch (RunNotFoundException | SessionEndedException | ServerUnavailableException | SessionRequiredException e) {
                Notifications.error(e.getMessage());
            }
            refresh();
        });
    }

    private void requeueInterrupted() {
        sessions.caller().ifPresent(caller -> {
            try {
                RunService.Requeued result = runs.requeueInterrupted(caller);
                String queued = result.queued() == 1 ? "1 run queued again" : result.queued() + " runs queued again";
                if (result.left() == 0) {
                    Notifications.info(queued + ".");
                } else {
                    Notifications.error(queued + "; " + result.left() + " did not fit in your queue. Press the button "
                            + "again when one has finished.");
                }
            } catch (SessionEndedException | ServerUnavailableException e) {
                Notifications.error(e.getMessage());
            }
            refresh();
        });
    }

    private void updateCompareButton(Set<RunSnapshot> selected) {
        compare.setEnabled(selected.size() >= MIN_COMPARED && selected.size() <= MAX_COMPARED);
        compare.setText(selected.size() > MAX_COMPARED
                ? "Compare at most " + MAX_COMPARED
                : "Compare selected (" + selected.size() + ")");
    }

    private void compareSelected() {
        Set<String> selected = grid.getSelectedItems().stream().map(RunSnapshot::id).collect(Collectors.toSet());
        List<ChartedRun> chosen = items.stream()
                .filter(run -> selected.contains(run.id()))
                .map(run -> new ChartedRun(run.id(), RunText.optimizerAndRate(run.spec()) + " · "
                        + RunText.loss(run.spec().loss()) + " · " + RunText.model(run.spec().model())))
                .toList();
        sessions.caller().ifPresent(caller -> comparison.show(caller, chosen));
        comparisonSection.setVisible(true);
    }

    // ---------------------------------------------------------------- live

    /**
     * Follows the runs of whoever uses this browser when the page opens; listeners run in the order
     * they were added, so the page subscribes first and then reads, and misses nothing in between.
     */
    private void followTheStudentsRuns() {
        LiveUpdates.Source<RunEvent> ownRuns = listener -> sessions.caller()
                .map(caller -> runs.addListener(caller, listener::accept))
                .orElse(() -> { });
        LiveUpdates.follow(this, ownRuns, event -> !(event instanceof RunEvent.Progress) || throttle.tryPass(),
                this::apply);
        addAttachListener(event -> {
            sessions.current().ifPresent(this::showIdentity);
            refresh();
        });
    }

    /**
     * Applies what the event says, asking the run service only what it does not carry: a state
     * change brings the run, progress its new position; an epoch needs the run's new columns (one
     * read); the queue moving matters only while one of the student's runs waits (one list).
     */
    private void apply(RunEvent event) {
        if (event instanceof RunEvent.StateChanged changed) {
            replace(changed.run());
            updateInterrupted();
        } else if (event instanceof RunEvent.Progress progress) {
            shown(progress.runId()).ifPresent(run -> replace(run.withProgress(progress.progress())));
        } else if (event instanceof RunEvent.EpochCompleted epoch) {
            Optional<RunSnapshot> before = shown(epoch.runId());
            Optional<Caller> caller = sessions.caller();
            if (before.isPresent() && caller.isPresent()) {
                try {
                    replace(runs.get(caller.get(), epoch.runId()));
                } catch (RunNotFoundException e) {
                    refresh();
                }
            }
        } else if (event instanceof RunEvent.QueueChanged
                && items.stream().anyMatch(run -> run.state() == RunState.QUEUED)) {
            refresh();
        }
    }

    private Optional<RunSnapshot> shown(String runId) {
        return items.stream().filter(run -> run.id().equals(runId)).findFirst();
    }

    /** Puts the run in its row, or on top as the newest when it is new. */
    private void replace(RunSnapshot run) {
        int index = -1;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).id().equals(run.id())) {
                index = i;
            }
        }
        if (index >= 0) {
            items.set(index, run);
        } else {
            items.add(0, run);
        }
        rows.refreshAll();
        empty.setVisible(false);
        runsPanel.setVisible(true);
    }

    private void refresh() {
        List<RunSnapshot> latest = sessions.caller().map(runs::list).orElse(List.of());
        // Newest first: the run just launched is the one a student looks for.
        items.clear();
        for (int i = latest.size() - 1; i >= 0; i--) {
            items.add(latest.get(i));
        }
        rows.refreshAll();
        updateInterrupted();
        empty.setVisible(items.isEmpty());
        runsPanel.setVisible(!items.isEmpty());
    }

    private void updateInterrupted() {
        int interrupted = sessions.caller().map(runs::interrupted).map(List::size).orElse(0);
        requeue.setText("Queue my interrupted runs (" + interrupted + ")");
        requeue.setTooltipText("A server restart interrupted them; they start again from the first epoch.");
        requeue.setVisible(interrupted > 0);
    }
}
