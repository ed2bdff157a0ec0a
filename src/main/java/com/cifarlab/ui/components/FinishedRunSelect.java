package com.cifarlab.ui.components;

import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.ui.components.RunText;
import com.vaadin.flow.component.select.Select;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Chooses one of the runs that finished with a model and a test result, newest first. Used by
 * Step 6 to evaluate a run and by Step 8 to download its model.
 */
public class FinishedRunSelect extends Select<RunSnapshot> {

    private final boolean showOwner;
    private List<RunSnapshot> finished = List.of();

    /** @param showOwner whether labels name the student, for the instructor who sees everyone's runs */
    public FinishedRunSelect(String label, boolean showOwner) {
        this.showOwner = showOwner;
        setLabel(label);
        setItemLabelGenerator(this::label);
        setEmptySelectionAllowed(false);
        setPlaceholder("Choose a finished run");
        setWidth("min(100%, 52rem)");
    }

    /** Shows the finished ones among {@code runs}, keeping the chosen run chosen. */
    public void setRuns(List<RunSnapshot> runs) {
        Optional<String> chosen = chosenId();
        finished = runs.stream()
                .filter(run -> run.state() == RunState.SUCCEEDED && run.test() != null)
                .sorted(Comparator.comparing(RunSnapshot::endedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        setItems(finished);
        chosen.flatMap(this::find).ifPresent(this::setValue);
    }

    public boolean hasRuns() {
        return !finished.isEmpty();
    }

    /** The finished run with this id, if it is among those shown. */
    public Optional<RunSnapshot> find(String runId) {
        return finished.stream().filter(run -> run.id().equals(runId)).findFirst();
    }

    public Optional<String> chosenId() {
        return Optional.ofNullable(getValue()).map(RunSnapshot::id);
    }

    private String label(RunSnapshot run) {
        String text = RunText.name(run.spec()) + " · test accuracy " + accuracy(run.test().accuracy())
                + (run.endedAt() == null ? "" : " · " + RunText.clockTime(run.endedAt()));
        return showOwner ? run.sessionName() + " · " + text : text;
    }

    /** Accuracy as the lab prints it: a share with four decimals. */
    public static String accuracy(double accuracy) {
        return String.format(Locale.ROOT, "%.4f", accuracy);
    }
}
