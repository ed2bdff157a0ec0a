package com.cifarlab.ui.training;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.ClassSettingsService;
import com.cifarlab.model.Architecture;
import com.cifarlab.model.InvalidSpecException;
import com.cifarlab.model.ModelSpec;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.QueueFullException;
import com.cifarlab.runs.RunEvent;
import com.cifarlab.runs.RunNotFoundException;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunState;
import com.cifarlab.runs.RunStateException;
import com.cifarlab.runs.ServerUnavailableException;
import com.cifarlab.runs.SessionQuota;
import com.cifarlab.sessions.SessionEndedException;
import com.cifarlab.training.LossFunction;
import com.cifarlab.training.Optimizer;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.components.ClassCaps;
import com.cifarlab.ui.components.LiveUpdates;
import com.cifarlab.ui.components.Notifications;
import com.cifarlab.ui.components.Routes;
import com.cifarlab.ui.components.RunCurvesChart.ChartedRun;
import com.cifarlab.ui.components.RunCurvesChart;
import com.cifarlab.ui.components.RunProgressBar;
import com.cifarlab.ui.components.RunText;
import com.cifarlab.ui.components.SpecForm;
import com.cifarlab.ui.components.StepLayout;
import com.cifarlab.ui.components.UpdateThrottle;
import com.cifarlab.ui.session.FormMemory;
import com.cifarlab.ui.session.StudentSessions;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Section;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.scheduling.TaskScheduler;

/**
 * Step 5, Training: the engine's settings with the lab's defaults, a launch into the server's
 * queue, and the run's curves growing live, one point per epoch. The page answers the lab's
 * question of why its MLP stalls.
 */
@Route(Routes.TRAINING)
@Menu(order = 5, title = "Training", icon = "vaadin:play-circle-o")
@PageTitle("Step 5: Training · CIFAR Lab")
@AnonymousAllowed
public class TrainingView extends Div implements BeforeEnterObserver {

    /** The query parameter that names the run to show: My runs' "Watch" opens {@code training?run=<id>}. */
    public static final String RUN_PARAMETER = "run";

    private final RunService runs;
    private final StudentSessions sessions;
    private final SpecForm form = new SpecForm();
    private final Select<ModelSpec> model = new Select<>();
    private final Select<Optimizer> optimizer = new Select<>();
    private final Select<LossFunction> loss = new Select<>();
    private final TextField learningRate;
    private final List<TextField> numberFields = new ArrayList<>();
    private final Paragraph modelDetails = new Paragraph();
    private final Paragraph problem = new Paragraph();
    private final Span queueHint = new Span();
    private final Paragraph estimate = new Paragraph();
    private final Clock clock;
    private final FormMemory memory;
    private final ClassSettings settings;

    private final Div runPanel = new Div();
    /** The student's runs, by id; the picker's labels read them. */
    private final Map<String, RunSnapshot> mine = new LinkedHashMap<>();
    private final Select<String> watched = new Select<>();
    /** The run the address asks for, until the page has shown it. */
    private String requestedRunId;
    private final Paragraph runSummary = new Paragraph();
    private final RunProgressBar progress;
    private final RunCurvesChart curves;
    private static final String CANCEL = "Cancel run";
    private static final String CANCELLING = "Cancelling…";
    private static final Duration ESTIMATE_INTERVAL = Duration.ofSeconds(5);
    /** This step's settings in the student's form memory. */
    private static final String FORM = "training";
    private final Button cancel = new Button(CANCEL, VaadinIcon.CLOSE_CIRCLE_O.create());
    private final Button evaluate = new Button("Open in Evaluation", VaadinIcon.CHECK_SQUARE_O.create());
    private final Div noRun = StepLayout.emptyState(VaadinIcon.PLAY_CIRCLE_O, "No run yet",
            new Paragraph("Choose the settings above and press Launch training. The accuracy and loss curves grow "
                    + "here, one point per epoch, while the server trains your network."));
    private Caller shownCaller;
    /** Set once the student cancels the shown run, so that no later event re-enables the button. */
    private boolean cancelRequested;

    public TrainingView(RunService runs, StudentSessions sessions, FormMemory memory, Clock clock,
                        ClassSettingsService classSettings, TaskScheduler scheduler) {
        this.runs = runs;
        this.settings = classSettings.current();
        this.sessions = sessions;
        this.memory = memory;
        this.clock = clock;
        // The class's queue moves whether or not a run of this student waits (only then does queue news reach them).
        LiveUpdates.every(this, ESTIMATE_INTERVAL, scheduler, this::updateEstimate);
        followTheQueue();
        this.progress = new RunProgressBar(runs, UpdateThrottle.forProgress(clock), clock);
        this.curves = new RunCurvesChart(runs, RunCurvesChart.Lines.TRAIN_AND_VALIDATION);
        TrainingSpec lab = classDefaults(ModelSpec.labMlp());
        this.learningRate = form.decimalField("learningRate", "Learning rate", lab.learningRate(),
                (spec, rate) -> spec.withOptimizer(spec.optimizer(), rate));
        numberFields.add(learningRate);
        numberFields.add(form.integerField("epochs", "Epochs", lab.epochs(), TrainingSpec::withEpochs));
        numberFields.add(form.integerField("batchSize", "Batch size", lab.batchSize(), TrainingSpec::withBatchSize));
        numberFields.add(form.longField("seed", "Seed", lab.seed(), TrainingSpec::withSeed));
        numberFields.add(form.integerField("trainSize", "Training images", lab.trainSize(), TrainingSpec::withTrainSize));
        numberFields.add(form.integerField("earlyStoppingPatience", "Early-stopping patience",
                lab.earlyStoppingPatience(), TrainingSpec::withEarlyStoppingPatience));
        form.limitBy(settings::check);

        StepLayout.page(this);
        addClassName("training-view");
        Optional<ModelSpec> handedOver = takeHandedOverModel();
        // Step 2's "Train this" wins over what the student launched last.
        Optional<TrainingSpec> remembered = handedOver.isPresent() ? Optional.empty() : memory.recall(FORM);
        // The settings and the run come first, so that Launch and the curves are in view on a laptop;
        // the lab's question follows them.
        add(lead(), settings(handedOver, remembered), runSection(), explanation());
    }

    // ---------------------------------------------------------------- explanation

    private static Component lead() {
        return StepLayout.lead("Launch a run: the server queues it and trains it, and the curves below grow by one "
                + "point per epoch, each a pass over the training images measured on the 10,000 validation images.");
    }

    private static Component explanation() {
        Section section = new Section(
                StepLayout.heading("The lab's question: why does its MLP stall around 0.25–0.30?"),
                StepLayout.cards(
                        StepLayout.card("Dead ReLUs",
                                "With Adam at 0.001, the first updates of this 1.7-million-weight network are large. "
                                        + "They push many first-layer ReLU units to where their input is negative for "
                                        + "every image. Such a unit outputs 0 and gets a gradient of exactly 0, so it never "
                                        + "comes back. The network goes on with a fraction of its units, and validation "
                                        + "accuracy flattens within a few epochs."),
                        StepLayout.card("Underfitting, not overfitting",
                                "A stalled run has training and validation accuracy both low and close together "
                                        + "(with dropout, training accuracy can even sit below validation). That is "
                                        + "underfitting: the network cannot use what it sees. Overfitting looks different: "
                                        + "training accuracy keeps rising while validation loss turns upwards. The marked "
                                        + "best epoch is the one with the lowest validation loss, whose weights the "
                                        + "model keeps."),
                        StepLayout.card("What to try",
                                "A learning rate of 0.0001 keeps the units alive and learns steadily: on this server, "
                                        + "8 epochs gave 0.28 test accuracy at 0.001 and 0.43 at 0.0001 (Step 7 shows "
                                        + "both side by side). The Small CNN looks at neighbouring pixels together and "
                                        + "learns far more from the same images. For quick trials, train on fewer "
                                        + "images; early-stopping patience ends a run that stops improving.")));
        section.addClassName("explanation");
        return section;
    }

    // ---------------------------------------------------------------- settings

    /** Step 2's "Train this" leaves its model in the session; it is taken once, when this page opens. */
    private static Optional<ModelSpec> takeHandedOverModel() {
        VaadinSession session = VaadinSession.getCurrent();
        ModelSpec handedOver = session.getAttribute(ModelSpec.class);
        session.setAttribute(ModelSpec.class, null);
        return Optional.ofNullable(handedOver);
    }

    private Component settings(Optional<ModelSpec> handedOver, Optional<TrainingSpec> remembered) {
        List<ModelSpec> models = new ArrayList<>(List.of(ModelSpec.labMlp(), ModelSpec.smallCnn()));
        handedOver.or(() -> remembered.map(TrainingSpec::model))
                .filter(spec -> spec.architecture() == Architecture.CUSTOM_MLP).ifPresent(spec -> models.add(0, spec));
        model.setLabel("Model");
        model.setItems(models);
        model.setItemLabelGenerator(spec -> spec.architecture() == Architecture.CUSTOM_MLP
                ? "Custom MLP from Step 2" : RunText.model(spec));
        model.addValueChangeListener(event -> modelDetails.setText(RunText.modelDetails(event.getValue())));
        model.setId("field-model");
        // A network the instructor has not opened stays in the list, greyed, so students see it exists.
        model.setItemEnabledProvider(spec -> settings.allows(spec.architecture()));
        if (settings.models().size() < Architecture.values().length) {
            model.setHelperText("Open to this class: the " + settings.openModels() + ".");
        }
        form.bind("model", model);
        form.bind("architecture", model);
        form.bind("hiddenLayers", model);

        optimizer.setLabel("Optimizer");
        optimizer.setItems(Optimizer.values());
        optimizer.setItemLabelGenerator(RunText::optimizer);
        optimizer.setId("field-optimizer");
        // Each optimizer comes with its own usual learning rate, as in Keras.
        optimizer.addValueChangeListener(event -> {
            if (event.isFromClient()) {
                form.setValue(learningRate, RunText.decimal(event.getValue().defaultLearningRate()));
            }
        });
        form.bind("optimizer", optimizer);

        loss.setLabel("Loss");
        loss.setItems(LossFunction.values());
        loss.setItemLabelGenerator(RunText::loss);
        loss.setId("field-loss");
        form.bind("loss", loss);

        setHelpers();
        show(remembered.orElse(classDefaults(handedOver.orElse(ModelSpec.labMlp()))));

        // What a student changes in the lab first; batch size and early stopping wait one click away,
        // so that Launch stays in view on a laptop.
        FormLayout fields = new FormLayout(model, optimizer, learningRate, loss, field("epochs"), field("trainSize"),
                field("seed"));
        FormLayout more = new FormLayout(field("batchSize"), field("earlyStoppingPatience"));
        more.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("32em", 2),
                new FormLayout.ResponsiveStep("56em", 4));
        Details moreSettings = new Details("More settings: batch size, early stopping", more);
        moreSettings.setId("more-settings");
        fields.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("32em", 2),
                new FormLayout.ResponsiveStep("56em", 4));
        fields.setColspan(model, 2);

        modelDetails.addClassNames("model-details", LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.Top.XSMALL);
        Paragraph handOverNote = new Paragraph();
        handOverNote.setId("handover-note");
        handOverNote.setVisible(handedOver.isPresent());
        handedOver.ifPresent(spec -> handOverNote.setText("From Step 2, ready to train: " + RunText.modelDetails(spec) + "."));
        handOverNote.addClassNames(LumoUtility.TextColor.SUCCESS, LumoUtility.FontWeight.SEMIBOLD);
        // The note describes Step 2's network: once another model is chosen (or the lab's settings), it no longer applies.
        model.addValueChangeListener(event -> handOverNote.setVisible(
                handedOver.filter(spec -> spec.equals(event.getValue())).isPresent()));

        Button launch = new Button("Launch training", VaadinIcon.PLAY.create(), event -> launch());
        launch.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        launch.setId("launch");
        Button reset = new Button("Class defaults", VaadinIcon.ROTATE_LEFT.create(),
                event -> show(classDefaults(ModelSpec.labMlp())));
        reset.getElement().setAttribute("title", "The lab's network and optimizer at " + settings.training()
                + ", the size the instructor set for this step");
        reset.setId("reset-settings");
        queueHint.addClassNames("queue-hint", LumoUtility.TextColor.SECONDARY, LumoUtility.FontSize.SMALL);
        HorizontalLayout actions = new HorizontalLayout(launch, reset, queueHint);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        actions.setWrap(true);
        problem.addClassNames("launch-problem", LumoUtility.TextColor.ERROR);
        problem.setVisible(false);
        estimate.setId("launch-estimate");
        estimate.addClassNames(LumoUtility.TextColor.SECONDARY, LumoUtility.Margin.Vertical.XSMALL);
        numberFields.forEach(field -> field.addValueChangeListener(event -> updateEstimate()));
        model.addValueChangeListener(event -> updateEstimate());
        optimizer.addValueChangeListener(event -> updateEstimate());
        loss.addValueChangeListener(event -> updateEstimate());

        Section section = StepLayout.section("Settings", handOverNote, fields, moreSettings, modelDetails, actions,
                estimate, problem);
        section.addClassName("training-settings");
        return section;
    }

    private void setHelpers() {
        learningRate.setHelperText("Adam and RMSprop usually 0.001, SGD 0.01");
        field("epochs").setHelperText(ClassCaps.epochsHelp(settings));
        field("batchSize").setHelperText(TrainingSpec.MIN_BATCH + "–" + RunText.whole(TrainingSpec.MAX_BATCH) + " images per step");
        field("seed").setHelperText("Same seed and settings: one run for the whole class. Change the seed to "
                + "train a run of your own.");
        field("trainSize").setHelperText(ClassCaps.imagesHelp(settings));
        field("earlyStoppingPatience").setHelperText("Stop after this many epochs without a better validation loss; 0 = never");
    }

    private TextField field(String specField) {
        return numberFields.stream().filter(f -> f.getId().orElseThrow().equals("field-" + specField)).findFirst().orElseThrow();
    }

    /** The lab's settings at the size the instructor set for this step. */
    private TrainingSpec classDefaults(ModelSpec modelSpec) {
        return settings.training().applyTo(TrainingSpec.labDefaults()).withModel(modelSpec);
    }

    private void show(TrainingSpec lab) {
        model.setValue(lab.model());
        optimizer.setValue(lab.optimizer());
        loss.setValue(lab.loss());
        form.setValue(learningRate, RunText.decimal(lab.learningRate()));
        form.setValue(field("epochs"), Integer.toString(lab.epochs()));
        form.setValue(field("batchSize"), Integer.toString(lab.batchSize()));
        form.setValue(field("seed"), Long.toString(lab.seed()));
        form.setValue(field("trainSize"), Integer.toString(lab.trainSize()));
        form.setValue(field("earlyStoppingPatience"), Integer.toString(lab.earlyStoppingPatience()));
        problem.setVisible(false);
    }

    /** The choices of the selects; the number fields are applied on top by the form. */
    private TrainingSpec choices() {
        return TrainingSpec.labDefaults()
                .withModel(model.getValue())
                .withOptimizer(optimizer.getValue(), optimizer.getValue().defaultLearningRate())
                .withLoss(loss.getValue());
    }

    private void launch() {
        problem.setVisible(false);
        form.read(choices()).ifPresent(spec -> sessions.ensure(session -> submit(Caller.student(session), spec)));
    }

    private void submit(Caller caller, TrainingSpec spec) {
        try {
            RunSnapshot run = runs.submit(caller, spec);
            memory.remember(FORM, spec);
            showRun(caller, run);
            Notifications.info("Your run is queued: " + RunText.name(spec) + ".");
        } catch (QueueFullException e) {
            report("Your queue is full. " + e.getMessage() + " Your runs are listed on My runs.");
        } catch (SessionEndedException | ServerUnavailableException e) {
            report(e.getMessage());
        } catch (InvalidSpecException e) {
            if (!form.show(e)) {
                report(e.getMessage());
            }
        }
        updateQueueHint(caller);
        updateEstimate();
    }

    /** What Launch would do now, from the queue and this server's measured speed; blank while a field is wrong. */
    private void updateEstimate() {
        Optional<TrainingSpec> spec = form.peek(choices());
        estimate.setText(spec.map(this::describe).orElse(""));
    }

    private String describe(TrainingSpec spec) {
        RunService.LaunchEstimate next = runs.estimate(sessions.caller().orElse(Caller.instructor()), spec);
        String training = RunText.about(next.training());
        return switch (next.kind()) {
            case READY -> "An identical run finished at " + RunText.clockTime(next.computedAt())
                    + ": its result is yours the moment you launch. Change the seed to train a run of your own.";
            case JOINS -> next.startsIn().isZero()
                    ? "An identical run is training now: yours joins it, " + training + " left."
                    : "An identical run is waiting: yours joins it; " + training + " of training, starting in "
                    + RunText.about(next.startsIn()) + ".";
            case OWN -> next.startsIn().isZero()
                    ? capitalised(training) + " of training; it starts at once."
                    : capitalised(training) + " of training; " + (next.runsAhead() == 0
                    ? "it starts next, in " + RunText.about(next.startsIn()) + "."
                    : "starts in " + RunText.about(next.startsIn()) + ", "
                    + (next.runsAhead() == 1 ? "1 run" : next.runsAhead() + " runs") + " ahead.");
            case NO_MACHINE -> capitalised(training) + " of training, once a machine trains the class's runs: none does"
                    + " now (the instructor's training machines are not connected). Your run waits in the queue until one is.";
        };
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private void report(String message) {
        problem.setText(message);
        problem.setVisible(true);
        Notifications.error(message);
    }

    private void updateQueueHint(Caller caller) {
        SessionQuota quota = runs.quota(caller);
        queueHint.setText("Your queue: " + quota.running() + " training, " + quota.waiting() + " waiting (at most "
                + quota.maxRunning() + " training and " + quota.maxWaiting() + " waiting).");
    }

    // ---------------------------------------------------------------- the run

    private Component runSection() {
        cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
        cancel.setId("cancel-run");
        cancel.addClickListener(event -> cancelRun());
        evaluate.setId("open-evaluation");
        evaluate.addClickListener(event -> progress.run()
                .ifPresent(run -> getUI().ifPresent(ui -> ui.navigate(Routes.evaluationOf(run.id())))));
        progress.addRunChangeListener(this::onRunChanged);
        runSummary.addClassNames("run-summary", LumoUtility.TextColor.SECONDARY);
        watched.setLabel("Run shown");
        watched.setId("watched-run");
        watched.setWidth("min(100%, 64rem)");
        watched.setItemLabelGenerator(id -> Optional.ofNullable(mine.get(id))
                .map(run -> RunText.state(run.state()) + " · " + RunText.name(run.spec()) + " · queued at "
                        + RunText.clockTime(run.submittedAt()))
                .orElse(id));
        watched.addValueChangeListener(event -> {
            if (event.isFromClient() && event.getValue() != null && mine.containsKey(event.getValue())) {
                showRun(shownCaller, mine.get(event.getValue()));
            }
        });
        HorizontalLayout buttons = new HorizontalLayout(cancel, evaluate);
        runPanel.add(watched, runSummary, progress, buttons, curves);
        runPanel.setVisible(false);
        Section section = StepLayout.section("Your runs", noRun, runPanel);
        section.setId("latest-run");
        return section;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        requestedRunId = event.getLocation().getQueryParameters().getSingleParameter(RUN_PARAMETER).orElse(null);
        // From this page to itself with another run in the address: the page stays attached.
        if (isAttached()) {
            showChosenRun();
        }
    }

    private void followTheQueue() {
        // Queue news (while a run of the student's waits) moves the estimate and the picker at most every few
        // seconds; a run of theirs changing state moves them at once.
        UpdateThrottle throttle = new UpdateThrottle(clock, ESTIMATE_INTERVAL);
        LiveUpdates.Source<RunEvent> queue = listener -> runs.addListener(sessions.caller().orElse(Caller.instructor()),
                listener::accept);
        LiveUpdates.follow(this, queue, event -> event instanceof RunEvent.StateChanged
                || event instanceof RunEvent.QueueChanged && throttle.tryPass(), event -> {
                    updateEstimate();
                    if (shownCaller != null) {
                        refreshPicker(shownCaller);
                    }
                });
        // Added after the subscription: listeners run in order, so nothing falls between following and reading.
        addAttachListener(event -> shown());
    }

    /**
     * A student who comes back finds the run they asked for (My runs' "Watch"), else the one that
     * trains, else the one that waits, else their newest.
     */
    private void shown() {
        updateEstimate();
        sessions.current().map(Caller::student).ifPresent(this::updateQueueHint);
        if (shownCaller == null || requestedRunId != null) {
            showChosenRun();
        }
    }

    private void showChosenRun() {
        sessions.current().map(Caller::student).ifPresent(caller -> {
            refreshPicker(caller);
            chooseRun().ifPresent(run -> showRun(caller, run));
        });
        requestedRunId = null;
    }

    private Optional<RunSnapshot> chooseRun() {
        List<RunSnapshot> runsOfMine = List.copyOf(mine.values());
        Optional<RunSnapshot> requested = Optional.ofNullable(requestedRunId).map(mine::get);
        return requested.or(() -> newest(runsOfMine, RunState.RUNNING)).or(() -> newest(runsOfMine, RunState.QUEUED))
                .or(() -> runsOfMine.isEmpty() ? Optional.empty() : Optional.of(runsOfMine.get(runsOfMine.size() - 1)));
    }

    private static Optional<RunSnapshot> newest(List<RunSnapshot> runsOfMine, RunState state) {
        return runsOfMine.stream().filter(run -> run.state() == state)
                .max(Comparator.comparing(RunSnapshot::submittedAt));
    }

    /** The picker lists the student's runs, newest first, keeping the shown one chosen. */
    private void refreshPicker(Caller caller) {
        mine.clear();
        runs.list(caller).forEach(run -> mine.put(run.id(), run));
        List<String> ids = new ArrayList<>(mine.keySet());
        Collections.reverse(ids);
        String shown = progress.run().map(RunSnapshot::id).orElse(null);
        watched.setItems(ids);
        if (shown != null && mine.containsKey(shown)) {
            watched.setValue(shown);
        }
    }

    private void showRun(Caller caller, RunSnapshot run) {
        shownCaller = caller;
        if (!mine.containsKey(run.id())) {
            refreshPicker(caller);
        }
        watched.setValue(run.id());
        String others = RunText.otherSettings(run.spec());
        runSummary.setText(Character.toUpperCase(others.charAt(0)) + others.substring(1) + RunText.sharingNote(run));
        progress.show(caller, run.id(), RunText.name(run.spec()));
        // The legend stays short: one run, whose full name is right above the chart.
        curves.show(caller, List.of(new ChartedRun(run.id(), RunText.optimizerAndRate(run.spec()))));
        noRun.setVisible(false);
        runPanel.setVisible(true);
        cancel.setText(CANCEL);
        cancelRequested = false;
        onRunChanged(run);
    }

    private void onRunChanged(RunSnapshot run) {
        if (cancelRequested && run.state() == RunState.CANCELLED) {
            // The student cancelled the run shown; one of theirs still training is what they follow now.
            refreshPicker(shownCaller);
            Optional<RunSnapshot> training = newest(List.copyOf(mine.values()), RunState.RUNNING);
            if (training.isPresent()) {
                showRun(shownCaller, training.get());
                return;
            }
        }
        if (mine.put(run.id(), run) != null) {
            watched.getListDataView().refreshItem(run.id());
        }
        // An event queued before the click (the run starting) must not give the button back.
        cancel.setEnabled(!run.state().isFinal() && !cancelRequested);
        if (run.state().isFinal()) {
            cancel.setText(CANCEL);
        }
        evaluate.setVisible(run.state() == RunState.SUCCEEDED);
        if (shownCaller != null && run.state().isFinal()) {
            updateQueueHint(shownCaller);
        }
    }

    private void cancelRun() {
        progress.run().ifPresent(run -> {
            try {
                runs.cancel(shownCaller, run.id());
                // One notification per event: the run's end says "cancelled"; until then the button does.
                cancelRequested = true;
                cancel.setText(CANCELLING);
                cancel.setEnabled(false);
            } catch (RunNotFoundException | RunStateException e) {
                Notifications.error(e.getMessage());
            }
        });
    }
}
