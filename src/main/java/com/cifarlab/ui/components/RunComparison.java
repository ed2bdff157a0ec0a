package com.cifarlab.ui.components;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.QueueFullException;
import com.cifarlab.runs.RunNotFoundException;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunStateException;
import com.cifarlab.runs.ServerUnavailableException;
import com.cifarlab.runs.SessionQuota;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.SessionEndedException;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.components.RunCurvesChart.ChartedRun;
import com.cifarlab.ui.session.StudentSessions;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs launched together to be compared (two losses, three optimizers): a progress line per run,
 * their validation curves overlaid, and a button to cancel them all. The page remembers its
 * comparison for the browser's session, so a student who looks at another step and comes back
 * finds it where it is.
 */
public class RunComparison extends Div {

    /**
     * One run to launch.
     *
     * @param label its name in the legend and above its progress bar
     */
    public record Entry(String label, TrainingSpec spec) {
    }

    private final RunService runs;
    private final StudentSessions sessions;
    private final String memoryKey;
    private final Clock clock;
    private final UpdateThrottle throttle;
    private final Div bars = new Div();
    private final RunCurvesChart chart;
    private final Button cancel = new Button("Cancel these runs", VaadinIcon.CLOSE_CIRCLE_O.create());
    private final Paragraph problem = new Paragraph();
    private final Div empty;
    private final List<Runnable> changeListeners = new ArrayList<>();

    /**
     * @param memoryKey names this page's comparison in the browser's session
     * @param empty     shown while there is nothing to compare: what to do
     */
    public RunComparison(RunService runs, StudentSessions sessions, Clock clock, String memoryKey, Div empty) {
        this.runs = runs;
        this.sessions = sessions;
        this.clock = clock;
        this.memoryKey = memoryKey;
        this.throttle = UpdateThrottle.forProgress(clock);
        this.chart = new RunCurvesChart(runs, RunCurvesChart.Lines.VALIDATION);
        this.empty = empty;
        addClassName("run-comparison");
        problem.addClassNames("launch-problem", LumoUtility.TextColor.ERROR);
        problem.setVisible(false);
        bars.addClassNames(LumoUtility.Display.GRID, LumoUtility.Gap.MEDIUM);
        bars.getStyle().set("grid-template-columns", "repeat(auto-fit, minmax(18rem, 1fr))");
        cancel.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        cancel.addClickListener(event -> cancelAll());
        cancel.setId("cancel-comparison");
        add(problem, empty, bars, cancel, chart);
        showRuns(List.of());
    }

    /**
     * Launches the entries, after asking the student's name if this browser has no lab session
     * yet. They are queued only if the student's queue has room for all of them; otherwise the
     * page says why and nothing is queued.
     *
     * @param addToShown keep the runs shown and add these (a twin); otherwise start a new comparison
     */
    public void launch(List<Entry> entries, boolean addToShown) {
        problem.setVisible(false);
        sessions.ensure(session -> {
            Caller caller = Caller.student(session);
            Optional<String> noRoom = missingRoom(caller, entries.size());
            if (noRoom.isPresent()) {
                report(noRoom.get());
                return;
            }
            List<ChartedRun> queued = new ArrayList<>();
            try {
                for (Entry entry : entries) {
                    RunSnapshot run = runs.submit(caller, entry.spec());
                    queued.add(new ChartedRun(run.id(), entry.label()));
                }
            } catch (QueueFullException e) {
                // Only another tab of the same student can fill the queue between the check and here.
                report("Only " + queued.size() + " of the " + entries.size() + " runs could be queued. " + e.getMessage());
            } catch (SessionEndedException | ServerUnavailableException e) {
                report(e.getMessage());
            }
            List<ChartedRun> shown = new ArrayList<>(addToShown ? runs() : List.of());
            shown.addAll(queued);
            if (!queued.isEmpty()) {
                remember(session, shown);
                display(caller, shown);
            }
        });
    }

    /** Told, on the UI thread, whenever the compared runs change or one of them changes state. */
    public Registration addChangeListener(Runnable listener) {
        changeListeners.add(listener);
        return () -> changeListeners.remove(listener);
    }

    /** The runs compared now. */
    public List<ChartedRun> runs() {
        return chart.runs();
    }

    /** The compared runs as last read (those still there). */
    public List<RunSnapshot> snapshots() {
        return bars.getChildren().map(bar -> ((RunProgressBar) bar).run()).flatMap(Optional::stream).toList();
    }

    public RunCurvesChart chart() {
        return chart;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        if (chart.runs().isEmpty()) {
            sessions.current().ifPresent(session -> display(Caller.student(session), remembered(session)));
        }
    }

    private Optional<String> missingRoom(Caller caller, int needed) {
        SessionQuota quota = runs.quota(caller);
        int capacity = quota.maxRunning() + quota.maxWaiting();
        int free = capacity - quota.running() - quota.waiting();
        if (free >= needed) {
            return Optional.empty();
        }
        return Optional.of("This needs " + RunText.count(needed, "free place") + " in your queue and you have "
                + free + ": " + RunText.count(quota.running(), "run") + " training and " + quota.waiting()
                + " waiting, of at most " + capacity + " (" + quota.maxRunning() + " training and "
                + quota.maxWaiting() + " waiting). Cancel runs on My runs, or wait for some to finish.");
    }

    private void report(String message) {
        problem.setText(message);
        problem.setVisible(true);
        Notifications.error(message);
    }

    private void display(Caller caller, List<ChartedRun> shown) {
        chart.show(caller, shown);
        showRuns(chart.runs());
        bars.removeAll();
        for (ChartedRun run : chart.runs()) {
            RunProgressBar bar = new RunProgressBar(runs, throttle, clock);
            bar.show(caller, run.runId(), run.label());
            bar.addRunChangeListener(snapshot -> changed());
            bars.add(bar);
        }
        changed();
    }

    private void showRuns(List<ChartedRun> shown) {
        empty.setVisible(shown.isEmpty());
        chart.setVisible(!shown.isEmpty());
        bars.setVisible(!shown.isEmpty());
        cancel.setVisible(!shown.isEmpty());
    }

    private void changed() {
        cancel.setEnabled(snapshots().stream().anyMatch(run -> !run.state().isFinal()));
        List.copyOf(changeListeners).forEach(Runnable::run);
    }

    private void cancelAll() {
        sessions.caller().ifPresent(caller -> {
            for (ChartedRun run : runs()) {
                try {
                    RunSnapshot snapshot = runs.get(caller, run.runId());
                    if (!snapshot.state().isFinal()) {
                        runs.cancel(caller, run.runId());
                    }
                } catch (RunNotFoundException | RunStateException e) {
                    // Ended or gone meanwhile: nothing left to cancel.
                }
            }
        });
    }

    private void remember(LabSession session, List<ChartedRun> shown) {
        VaadinSession.getCurrent().setAttribute(memoryKey, new Memory(session.id(), List.copyOf(shown)));
    }

    private List<ChartedRun> remembered(LabSession session) {
        Object memory = VaadinSession.getCurrent().getAttribute(memoryKey);
        return memory instanceof Memory m && m.sessionId().equals(session.id()) ? m.runs() : List.of();
    }

    /** The comparison of one lab session: a new name on the same browser starts afresh. */
    private record Memory(String sessionId, List<ChartedRun> runs) implements Serializable {
    }
}
