package com.cifarlab.ui.components;

import com.cifarlab.events.ListenerRegistration;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.RunEvent;
import com.cifarlab.runs.RunNotFoundException;
import com.cifarlab.runs.RunProgress;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.theme.lumo.LumoUtility;
import com.cifarlab.training.TrainingPhase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where one run stands, live: its place in the queue and estimated start while it waits; a
 * progress bar with the epoch, batch, training speed and estimated time left while it trains; how
 * it ended once it has. Batch progress goes through the page's {@link UpdateThrottle}; state
 * changes and epoch ends show at once.
 */
public class RunProgressBar extends Div {

    private final RunService runs;
    private final UpdateThrottle throttle;
    private final Clock clock;
    private final Span label = new Span();
    private final Span badge = new Span();
    private final ProgressBar bar = new ProgressBar();
    private final Span detail = new Span();
    private final List<Consumer<RunSnapshot>> changeListeners = new ArrayList<>();
    private Caller caller;
    private String runId;
    /** Read by the delivery thread too, to skip queue news once the run no longer waits. */
    private volatile RunSnapshot run;
    private ListenerRegistration registration;
    /** What the bar shows, read by the delivery thread to let phase changes through the throttle. */
    private volatile TrainingPhase shownPhase;
    private volatile boolean shownCancelling;

    /**
     * @param throttle the page's progress throttle, shared by all its progress displays
     * @param clock    tells how far away an estimated start is
     */
    public RunProgressBar(RunService runs, UpdateThrottle throttle, Clock clock) {
        this.runs = runs;
        this.throttle = throttle;
        this.clock = clock;
        addClassName("run-progress");
        label.addClassNames("run-progress-label", LumoUtility.FontWeight.SEMIBOLD);
        badge.addClassName("run-progress-state");
        detail.addClassNames("run-progress-detail", LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        Div heading = new Div(label, badge);
        heading.addClassNames(LumoUtility.Display.FLEX, LumoUtility.Gap.SMALL, LumoUtility.AlignItems.BASELINE);
        add(heading, bar, detail);
        setVisible(false);
    }

    /** Follows this run; the label names it above the bar (empty for none). */
    public void show(Caller caller, String runId, String runLabel) {
        unsubscribe();
        this.caller = caller;
        this.runId = runId;
        label.setText(runLabel);
        reload();
    }

    /** Follows no run, and hides. */
    public void clear() {
        unsubscribe();
        caller = null;
        runId = null;
        run = null;
        setVisible(false);
    }

    /** The run as last read, if one is shown. */
    public Optional<RunSnapshot> run() {
        return Optional.ofNullable(run);
    }

    /** Told whenever the run's state changes (not on batch progress or epochs), on the UI thread. */
    public Registration addRunChangeListener(Consumer<RunSnapshot> listener) {
        changeListeners.add(listener);
        return () -> changeListeners.remove(listener);
    }

    /** The text under the bar, for tests and screen readers alike. */
    public String detailText() {
        return detail.getText();
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        reload();
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        unsubscribe();
    }

    private void reload() {
        if (caller == null || !isAttached()) {
            return;
        }
        if (registration == null) {
            try {
                registration = runs.addRunListener(caller, runId,
                        LiveUpdates.onUi(this, getUI().orElseThrow(), this::wanted, this::onEvent)::accept);
            } catch (RunNotFoundException e) {
                clear();
                return;
            }
        }
        refresh();
    }

    /**
     * Runs on the delivery thread: drops progress beyond the throttle before it queues for the UI,
     * except a new phase or a cancel, which show at once.
     */
    private boolean wanted(RunEvent event) {
        if (event instanceof RunEvent.Progress progress) {
            return progress.progress().phase() != shownPhase || progress.progress().cancelling() != shownCancelling
                    || throttle.tryPass();
        }
        // An epoch changes nothing the bar shows (progress and the end come as their own events), and
        // queue positions move only for runs that still wait.
        if (event instanceof RunEvent.EpochCompleted) {
            return false;
        }
        return !(event instanceof RunEvent.QueueChanged) || run == null || run.queuePosition() != null;
    }

    private void onEvent(RunEvent event) {
        if (runId == null) {
            return;
        }
        if (event instanceof RunEvent.Progress progress && run != null && progress.runId().equals(runId)) {
            showRunning(run, progress.progress());
        } else if (event instanceof RunEvent.StateChanged changed && changed.runId().equals(runId)) {
            // The event carries the run as it is now: no need to ask for it again.
            run = changed.run();
            render(run);
            List.copyOf(changeListeners).forEach(listener -> listener.accept(run));
        } else if (!(event instanceof RunEvent.QueueChanged) || run == null || run.queuePosition() != null) {
            // Checked again here: queue news let through before the run's start was applied is stale.
            refresh();
        }
    }

    private void refresh() {
        try {
            run = runs.get(caller, runId);
        } catch (RunNotFoundException e) {
            clear();
            return;
        }
        render(run);
        List.copyOf(changeListeners).forEach(listener -> listener.accept(run));
    }

    private void render(RunSnapshot snapshot) {
        setVisible(true);
        badge.setText(RunText.state(snapshot.state()));
        StateBadge.style(badge, snapshot.state());
        switch (snapshot.state()) {
            case QUEUED -> showQueued(snapshot);
            case RUNNING -> showRunning(snapshot, snapshot.progress());
            case SUCCEEDED -> showEnd(1, succeeded(snapshot));
            default -> showEnd(-1, sentence(snapshot.reason()));
        }
    }

    private void showQueued(RunSnapshot snapshot) {
        bar.setVisible(true);
        bar.setIndeterminate(false);
        bar.setValue(0);
        Integer position = snapshot.queuePosition();
        String place = position == null || position == 0
                ? "It starts next"
                : position == 1 ? "1 run starts before it" : RunText.count(position, "run") + " start before it";
        String start = snapshot.estimatedStart() == null ? ""
                : "; estimated start in " + RunText.about(Duration.between(clock.instant(), snapshot.estimatedStart()));
        detail.setText("Waiting in the queue. " + place + start + ".");
    }

    private void showRunning(RunSnapshot snapshot, RunProgress progress) {
        bar.setVisible(true);
        shownPhase = progress == null ? null : progress.phase();
        shownCancelling = progress != null && progress.cancelling();
        if (progress == null || progress.cancelling()) {
            bar.setIndeterminate(true);
            detail.setText(progress == null ? "Starting…" : "Cancelling… the run stops at its next batch.");
            return;
        }
        bar.setIndeterminate(progress.phase() == TrainingPhase.PREPARING || progress.phase() == TrainingPhase.SAVING);
        bar.setValue(fractionDone(snapshot, progress, clock.instant()));
        String left = " · " + RunText.about(progress.timeLeft()) + " left"
                + (snapshot.spec().earlyStoppingPatience() > 0 ? " at most" : "");
        String epoch = "Epoch " + progress.epoch() + " of " + progress.epochs();
        detail.setText(switch (progress.phase()) {
            case PREPARING -> "Building the network and drawing the training images… "
                    + RunText.about(progress.timeLeft()) + " in all.";
            case TRAINING -> epoch + " · batch " + RunText.whole(progress.batch()) + " of "
                    + RunText.whole(progress.batchesPerEpoch())
                    + (progress.samplesPerSecond() > 0
                    ? " · " + RunText.whole(Math.round(progress.samplesPerSecond())) + " images/s" : "") + left;
            case VALIDATING -> epoch + " · measuring it on the 10,000 validation images" + left;
            case TESTING -> "All epochs done · testing the kept weights on the 10,000 test images" + left;
            case SAVING -> "Saving the trained model…";
        });
    }

    /**
     * How far a running run is, by time: what it has taken so far against that plus what it still
     * needs. A test pass is then part of the bar, not a full bar that stays full for a minute.
     */
    public static double fractionDone(RunSnapshot snapshot, RunProgress progress, Instant now) {
        if (snapshot.startedAt() == null) {
            return 0;
        }
        double elapsed = Math.max(0, Duration.between(snapshot.startedAt(), now).toMillis());
        double total = elapsed + progress.timeLeft().toMillis();
        return total <= 0 ? 0 : Math.min(1, elapsed / total);
    }

    private static String succeeded(RunSnapshot snapshot) {
        StringBuilder text = new StringBuilder("Finished");
        if (snapshot.startedAt() != null && snapshot.endedAt() != null) {
            text.append(" in ").append(RunText.about(Duration.between(snapshot.startedAt(), snapshot.endedAt()))
                    .replace("about ", ""));
        }
        if (snapshot.bestEpoch() != null && snapshot.bestValidationAccuracy() != null) {
            text.append(": best epoch ").append(snapshot.bestEpoch()).append(" with validation accuracy ")
                    .append(RunText.metric(snapshot.bestValidationAccuracy()));
        }
        if (snapshot.test() != null) {
            text.append("; test accuracy ").append(RunText.metric(snapshot.test().accuracy()));
        }
        return text.append('.').toString();
    }

    private void showEnd(double value, String text) {
        bar.setIndeterminate(false);
        bar.setVisible(value >= 0);
        if (value >= 0) {
            bar.setValue(value);
        }
        detail.setText(text);
    }

    /** Reasons are written for a student, some as a phrase ("cancelled by the student"), some as a sentence. */
    private static String sentence(String reason) {
        if (reason == null || reason.isBlank()) {
            return "";
        }
        String text = Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }

    private void unsubscribe() {
        if (registration != null) {
            registration.remove();
            registration = null;
        }
    }
}
