package com.cifarlab.ui.instructor;

import com.cifarlab.classroom.ClassSettingsService;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.DamagedRun;
import com.cifarlab.runs.LabPreparation;
import com.cifarlab.runs.Leaderboard;
import com.cifarlab.runs.NodeLoad;
import com.cifarlab.runs.RunEvent;
import com.cifarlab.runs.RunNotFoundException;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.runs.RunStateException;
import com.cifarlab.runs.WorkerLoad;
import com.cifarlab.security.InstructorAccount;
import com.cifarlab.security.SecurityConfig;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.LabSessionEvent;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.ui.components.LiveUpdates;
import com.cifarlab.ui.components.ModelDownloadHandler;
import com.cifarlab.ui.components.RunProgressBar;
import com.cifarlab.ui.components.RunText;
import com.cifarlab.ui.components.StateBadge;
import com.cifarlab.ui.components.StepLayout;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.data.renderer.LitRenderer;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.theme.lumo.LumoUtility;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.scheduling.TaskScheduler;

/**
 * The instructor's view of the whole class, live: every student and run, the workers' load,
 * and the leaderboard. The instructor can cancel any run and download any model.
 */
@Route(SecurityConfig.INSTRUCTOR_PATH)
@Menu(order = 101, title = "Instructor", icon = "vaadin:academy-cap")
@PageTitle("Instructor · CIFAR Lab")
@RolesAllowed("INSTRUCTOR")
public class InstructorView extends Div {

    /** At most four refreshes a second, however many runs report progress. */
    static final Duration REFRESH_INTERVAL = Duration.ofMillis(250);
    private static final int RUN_PAGE = 40;
    private static final int LEADERBOARD_ROWS = 20;

    private static final Caller INSTRUCTOR = Caller.instructor();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
            .withZone(ZoneId.systemDefault());
    /** Training runs first, then the waiting ones in queue order, then the finished ones, newest first. */
    private static final Comparator<RunSnapshot> MOST_RELEVANT_FIRST = Comparator
            .comparingInt((RunSnapshot run) -> switch (run.state()) {
                case RUNNING -> 0;
                case QUEUED -> 1;
                default -> 2;
            })
            .thenComparing(run -> run.queuePosition() == null ? 0 : run.queuePosition())
            .thenComparing(run -> run.endedAt() == null ? Instant.MAX : run.endedAt(), Comparator.reverseOrder())
            .thenComparing(RunSnapshot::submittedAt, Comparator.reverseOrder());

    private final RunService runs;
    private final LabSessionService sessions;
    private final Clock clock;
    private final TaskScheduler scheduler;

    private final Span workersBusy = new Span();
    private final ProgressBar workersBar = new ProgressBar();
    private final Span waiting = new Span();
    private final Span studentCount = new Span();
    private final Span runCount = new Span();
    private final ClassPanel classPanel;
    private final StudentList students;
    private final Grid<Leaderboard.Entry> leaderboard = new Grid<>();
    private final Paragraph leaderboardEmpty = emptyState(
            "No run has succeeded yet: the leaderboard fills in as the first runs finish their test evaluation.");
    private final Grid<NodeLoad> nodeGrid = new Grid<>();
    private final Paragraph nodesEmpty = emptyState("No machine trains runs now: this server trains none itself"
            + " (cifar-lab.train-locally=false) and no training node has joined. Runs wait until one does:"
            + " java -jar cifar-lab.jar worker --join <this server's cluster address>.");
    private List<NodeLoad> shownNodes;
    private final Grid<RunSnapshot> runGrid = new Grid<>();
    private final Paragraph runsEmpty = emptyState(
            "No runs yet. As soon as a student launches a run on Step 5, it appears here and updates live.");

    private final Span selectedRun = new Span();
    private final Anchor downloadSelected = new Anchor();
    private final Button cancelSelected = new Button("Cancel run", VaadinIcon.CLOSE_SMALL.create(), event -> cancelSelected());
    private final Div runActions = new Div(selectedRun, downloadSelected, cancelSelected);
    private List<RunSnapshot> shownRuns = List.of();
    private List<Leaderboard.Entry> shownBoard;

    public InstructorView(RunService runs, LabSessionService sessions, InstructorAccount account,
                          ClassSettingsService classSettings, LabPreparation preparation, Clock clock,
                          TaskScheduler scheduler) {
        this.runs = runs;
        this.clock = clock;
        this.scheduler = scheduler;
        this.sessions = sessions;
        this.classPanel = new ClassPanel(sessions.classCode(), account);
        this.students = new StudentList(sessions);
        StepLayout.page(this, "instructor-view");

        Paragraph lead = new Paragraph("The whole class at a glance, live: who is training what, how far each run is, "
                + "and how well the finished ones did on the 10,000 test images. Students see only their own runs; "
                + "here you see all of them, can cancel one that holds a worker for too long, and can download any "
                + "trained model.");
        lead.addClassNames(LumoUtility.Margin.Top.MEDIUM, LumoUtility.MaxWidth.SCREEN_MEDIUM);

        // Logging out is in the top bar, next to "Instructor", on this page as on every other.
        add(lead, classPanel, StepLayout.section("Class settings", new ClassSettingsPanel(classSettings, preparation)),
                loadCards(), StepLayout.section("Training machines", nodesEmpty, nodeGrid),
                StepLayout.section("Students in the lab", students), StepLayout.section("Leaderboard",
                leaderboardEmpty, leaderboard), StepLayout.section("All runs", runsEmpty, runActions, runGrid));
        damagedRuns().ifPresent(this::add);
        configureLeaderboard();
        configureNodeGrid();
        configureRunGrid();
        // Spring's scheduler runs the throttled refreshes, timed by its clock: no thread of this page's own.
        LiveUpdates.Source<RunEvent> runEvents = listener -> runs.addListener(INSTRUCTOR, listener::accept);
        LiveUpdates.Source<LabSessionEvent> sessionEvents = sessions::addListener;
        LiveUpdates.followThrottled(this, REFRESH_INTERVAL, scheduler.getClock(), scheduler, this::refresh, runEvents,
                sessionEvents);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        refresh();
    }

    /** Reads the whole class again; events only say that something changed. */
    void refresh() {
        List<RunSnapshot> all = runs.list(INSTRUCTOR);
        List<LabSession> everyone = sessions.all();
        WorkerLoad load = WorkerLoad.of(runs.workers(), all);
        workersBusy.setText(load.busy() + " of " + load.workers() + " training");
        workersBar.setValue(load.busyFraction());
        waiting.setText(load.waiting() == 1 ? "1 run" : load.waiting() + " runs");
        List<NodeLoad> nodes = runs.nodes(INSTRUCTOR);
        if (!nodes.equals(shownNodes)) {
            shownNodes = nodes;
            nodeGrid.setItems(nodes);
        }
        nodeGrid.setVisible(!nodes.isEmpty());
        nodesEmpty.setVisible(nodes.isEmpty());
        long online = everyone.stream().filter(sessions::online).count();
        studentCount.setText(online + " online, " + everyone.size() + " in the class");
        long finished = all.stream().filter(run -> run.state().isFinal()).count();
        runCount.setText(finished + " of " + all.size() + " finished");
        students.show(everyone, all.stream().collect(Collectors.groupingBy(RunSnapshot::sessionId,
                Collectors.counting())));

        List<Leaderboard.Entry> board = Leaderboard.of(all);
        List<Leaderboard.Entry> top = board.subList(0, Math.min(board.size(), LEADERBOARD_ROWS));
        if (!top.equals(shownBoard)) {
            shownBoard = List.copyOf(top);
            leaderboard.setItems(shownBoard);
        }
        leaderboard.setVisible(!board.isEmpty());
        leaderboardEmpty.setVisible(board.isEmpty());
        shownRuns = all.stream().sorted(MOST_RELEVANT_FIRST).toList();
        runGrid.getDataProvider().refreshAll();
        showRunActions();
        runGrid.setVisible(!all.isEmpty());
        runActions.setVisible(!all.isEmpty());
        runsEmpty.setVisible(all.isEmpty());
    }

    /**
     * Run folders whose record could not be read when the server started: kept on disk and listed
     * here, with their model's size, so that nothing a student trained silently disappears.
     */
    private Optional<Component> damagedRuns() {
        List<DamagedRun> damaged = runs.damagedRuns(INSTRUCTOR);
        if (damaged.isEmpty()) {
            return Optional.empty();
        }
        Grid<DamagedRun> grid = new Grid<>();
        grid.setId("instructor-damaged-runs");
        grid.addColumn(DamagedRun::folder).setHeader("Run folder").setAutoWidth(true);
        grid.addColumn(run -> "damaged: " + run.reason()).setHeader("Record").setFlexGrow(1);
        grid.addColumn(run -> run.hasModel()
                ? String.format(Locale.ENGLISH, "model.zip kept (%,d bytes)", run.modelBytes())
                : "no model").setHeader("Model").setAutoWidth(true);
        grid.setItems(damaged);
        grid.setAllRowsVisible(true);
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        Paragraph why = new Paragraph("These folders in the runs folder have a record the server cannot read, so their "
                + "runs are not in the list above. Their files stay on disk untouched; a model kept here can still be "
                + "copied from the server and checked with the evaluate command.");
        why.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.MaxWidth.SCREEN_MEDIUM);
        return Optional.of(StepLayout.section("Damaged run records", why, grid));
    }

    private void configureNodeGrid() {
        nodeGrid.setId("instructor-nodes");
        nodeGrid.addColumn(load -> load.node().name()).setHeader("Machine").setKey("machine").setAutoWidth(true);
        nodeGrid.addColumn(load -> load.node().address()).setHeader("Connected from").setKey("address").setAutoWidth(true);
        nodeGrid.addColumn(load -> load.busy() + " of " + load.node().workers()).setHeader("Workers training")
                .setKey("busy").setAutoWidth(true);
        nodeGrid.addColumn(load -> TIME.format(load.node().joinedAt())).setHeader("Since").setKey("since").setAutoWidth(true);
        nodeGrid.setAllRowsVisible(true);
    }

    private Component loadCards() {
        workersBar.setMin(0);
        workersBar.setMax(1);
        Div cards = new Div(
                card("Workers", workersBusy, workersBar),
                card("Waiting for a worker", waiting),
                card("Students", studentCount),
                card("Runs", runCount));
        cards.addClassNames("instructor-load", LumoUtility.Display.GRID, LumoUtility.Grid.Column.COLUMNS_2,
                LumoUtility.Grid.Breakpoint.Large.COLUMNS_4, LumoUtility.Gap.MEDIUM, LumoUtility.Margin.Top.LARGE);
        return cards;
    }

    private static Div card(String title, Component... content) {
        Span label = new Span(title);
        label.addClassNames(LumoUtility.FontSize.SMALL, LumoUtility.TextColor.SECONDARY);
        Div card = new Div(label);
        for (Component part : content) {
            if (part instanceof Span value) {
                value.addClassNames(LumoUtility.FontSize.XLARGE, LumoUtility.FontWeight.SEMIBOLD);
            }
            card.add(part);
        }
        card.addClassNames("load-card", LumoUtility.Display.FLEX, LumoUtility.FlexDirection.COLUMN,
                LumoUtility.Gap.XSMALL, LumoUtility.Padding.MEDIUM, LumoUtility.BorderRadius.LARGE,
                LumoUtility.Background.CONTRAST_5);
        card.getElement().setAttribute("data-card", title);
        return card;
    }

    private static Paragraph emptyState(String text) {
        Paragraph empty = new Paragraph(text);
        empty.addClassNames("empty-state", LumoUtility.TextColor.SECONDARY);
        return empty;
    }

    private void configureLeaderboard() {
        leaderboard.setId("leaderboard");
        leaderboard.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES,
                GridVariant.LUMO_WRAP_CELL_CONTENT);
        leaderboard.setAllRowsVisible(true);
        leaderboard.addColumn(Leaderboard.Entry::rank).setHeader("Rank").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        leaderboard.addColumn(Leaderboard.Entry::studentName).setHeader("Student").setFlexGrow(1);
        leaderboard.addColumn(entry -> accuracy(entry.testAccuracy())).setHeader("Best test accuracy")
                .setAutoWidth(true).setFlexGrow(0).setTextAlign(ColumnTextAlign.END);
        leaderboard.addColumn(entry -> RunText.summary(entry.spec())).setHeader("Run").setFlexGrow(3);
        leaderboard.addColumn(entry -> TIME.format(entry.achievedAt())).setHeader("Finished").setAutoWidth(true)
                .setFlexGrow(0);
    }

    /**
     * Lit renderers rather than components in cells: a refresh sends each row in view as a few
     * values, not as new elements. What the instructor does to a run acts on the selected row.
     */
    private void configureRunGrid() {
        runGrid.setId("all-runs");
        runGrid.addThemeVariants(GridVariant.LUMO_NO_BORDER, GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        // Lazy and paged: with thousands of runs on record only the rows in view are sent.
        runGrid.setHeight("36rem");
        runGrid.setPageSize(RUN_PAGE);
        runGrid.setItems(query -> shownRuns.stream().skip(query.getOffset()).limit(query.getLimit()),
                query -> shownRuns.size()).setIdentifierProvider(RunSnapshot::id);
        runGrid.addColumn(RunSnapshot::sessionName).setHeader("Student").setKey("student").setWidth("8em").setFlexGrow(1);
        runGrid.addColumn(LitRenderer.<RunSnapshot>of("<div class=\"run-name\" title=\"Run ${item.id}\">"
                        + "<b>${item.name}</b><br><small>${item.details}</small></div>")
                        .withProperty("id", RunSnapshot::id)
                        .withProperty("name", run -> RunText.name(run.spec()))
                        .withProperty("details", run -> RunText.otherSettings(run.spec()) + " · " + run.id()))
                .setHeader("Run").setKey("run").setWidth("14em").setFlexGrow(3);
        runGrid.addColumn(LitRenderer.<RunSnapshot>of("<span theme=\"${item.theme}\" class=\"state-badge\" "
                        + "data-state=\"${item.state}\" title=\"${item.reason}\">${item.label}</span>")
                        .withProperty("theme", run -> StateBadge.theme(run.state()))
                        .withProperty("state", run -> run.state().name())
                        .withProperty("reason", run -> run.reason() == null ? "" : run.reason())
                        .withProperty("label", InstructorView::stateLabel))
                .setHeader("State").setKey("state").setAutoWidth(true).setFlexGrow(0);
        runGrid.addColumn(LitRenderer.<RunSnapshot>of("<div class=\"run-progress\">"
                        + "<vaadin-progress-bar value=\"${item.done}\" ?hidden=\"${!item.running}\"></vaadin-progress-bar>"
                        + "<small>${item.text}</small></div>")
                        .withProperty("done", this::doneFraction)
                        .withProperty("running", run -> run.state() == RunState.RUNNING && run.progress() != null)
                        .withProperty("text", this::progressText))
                .setHeader("Progress").setKey("progress").setWidth("9em").setFlexGrow(1);
        runGrid.addColumn(run -> accuracy(run.bestValidationAccuracy())).setHeader("Val. acc.").setKey("validation")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        runGrid.addColumn(run -> run.test() == null ? "" : accuracy(run.test().accuracy())).setHeader("Test acc.")
                .setKey("test").setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        runGrid.addColumn(LitRenderer.<RunSnapshot>of("<small class=\"run-times\">${item.submitted}<br>"
                        + "${item.started}</small>")
                        .withProperty("submitted", run -> "Submitted " + time(run.submittedAt()))
                        .withProperty("started", run -> run.startedAt() == null ? "" : "Started " + time(run.startedAt())))
                .setHeader("Times").setKey("times").setAutoWidth(true).setFlexGrow(0);
        runGrid.asSingleSelect().addValueChangeListener(event -> showRunActions());
        selectedRun.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        downloadSelected.setId("download-selected-model");
        downloadSelected.add(VaadinIcon.DOWNLOAD_ALT.create(), new Span(" Model"));
        cancelSelected.setId("cancel-selected-run");
        cancelSelected.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        runActions.addClassNames(LumoUtility.Display.FLEX, LumoUtility.AlignItems.CENTER, LumoUtility.Gap.MEDIUM);
        showRunActions();
    }

    /** The actions for the selected run, as it is now. */
    private void showRunActions() {
        Optional<RunSnapshot> chosen = Optional.ofNullable(runGrid.asSingleSelect().getValue())
                .flatMap(old -> shownRuns.stream().filter(run -> run.id().equals(old.id())).findFirst());
        selectedRun.setText(chosen.map(run -> run.sessionName() + "'s run " + RunText.name(run.spec()))
                .orElse("Select a run to download its model or cancel it."));
        boolean downloadable = chosen.map(RunSnapshot::modelAvailable).orElse(false);
        downloadSelected.setVisible(downloadable);
        chosen.filter(RunSnapshot::modelAvailable)
                .ifPresent(run -> downloadSelected.setHref(ModelDownloadHandler.forRun(runs, INSTRUCTOR, run.id())));
        cancelSelected.setVisible(chosen.map(run -> !run.state().isFinal()).orElse(false));
    }

    private static String stateLabel(RunSnapshot run) {
        if (run.state() == RunState.QUEUED && run.queuePosition() != null) {
            return run.queuePosition() == 0 ? "Queued, next" : "Queued, " + ordinal(run.queuePosition() + 1) + " in line";
        }
        return RunText.state(run.state());
    }

    private double doneFraction(RunSnapshot run) {
        return run.progress() == null ? 0 : RunProgressBar.fractionDone(run, run.progress(), clock.instant());
    }

    private String progressText(RunSnapshot run) {
        if (run.state() != RunState.RUNNING || run.progress() == null) {
            return run.epochs().isEmpty() ? "" : run.epochs().size() + " of " + run.spec().epochs() + " epochs";
        }
        String phase = RunText.phase(run.progress());
        return Character.toUpperCase(phase.charAt(0)) + phase.substring(1) + " · "
                + Math.round(doneFraction(run) * 100) + "%";
    }

    private void confirmCancel(RunSnapshot run) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader("Cancel " + run.sessionName() + "'s run " + RunText.name(run.spec()) + "?");
        confirm.setText(run.state() == RunState.RUNNING
                ? "It stops after the batch it is training and frees its worker. The student sees it as cancelled "
                + "by the instructor and can run it again."
                : "It leaves the queue. The student sees it as cancelled by the instructor and can run it again.");
        confirm.setCancelable(true);
        confirm.setCancelText("Keep it");
        confirm.setConfirmText("Cancel run");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(event -> cancel(run));
        confirm.open();
    }

    private void cancelSelected() {
        Optional.ofNullable(runGrid.asSingleSelect().getValue()).ifPresent(this::confirmCancel);
    }

    private void cancel(RunSnapshot run) {
        try {
            runs.cancel(INSTRUCTOR, run.id());
        } catch (RunStateException | RunNotFoundException e) {
            Notification.show(e.getMessage(), 5000, Notification.Position.BOTTOM_END)
                    .addThemeVariants(NotificationVariant.LUMO_CONTRAST);
        }
        refresh();
    }

    private static String accuracy(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    private static String ordinal(int n) {
        int lastTwo = n % 100;
        String suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
