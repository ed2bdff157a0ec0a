package com.cifarlab.ui.instructor;

import com.cifarlab.sessions.InvalidSessionNameException;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.SessionEndedException;
import com.cifarlab.sessions.StudentNames;
import com.cifarlab.ui.session.NameDialog;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every student of the class in a lazy, paged grid (a class of thousands sends only the rows in
 * view), with who is online, and what the instructor may do for one: rename them, give them a new
 * resume code, or remove them (their run records stay).
 */
final class StudentList extends Div {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ENGLISH)
            .withZone(ZoneId.systemDefault());
    private static final int PAGE = 40;

    private final LabSessionService sessions;
    private final TextField filter = new TextField();
    private final Grid<LabSession> grid = new Grid<>();
    private final Paragraph empty = new Paragraph();
    private final Button rename = new Button("Rename", VaadinIcon.EDIT.create(), event -> rename());
    private final Button resetCode = new Button("New resume code", VaadinIcon.KEY.create(), event -> confirmReset());
    private final Button remove = new Button("Remove from the class", VaadinIcon.TRASH.create(),
            event -> confirmRemove());

    private List<LabSession> everyone = List.of();
    private List<LabSession> shown = List.of();
    private Map<String, Long> runCounts = Map.of();

    StudentList(LabSessionService sessions) {
        this.sessions = sessions;
        filter.setPlaceholder("Find a student");
        filter.setPrefixComponent(VaadinIcon.SEARCH.create());
        filter.setClearButtonVisible(true);
        filter.setValueChangeMode(ValueChangeMode.LAZY);
        filter.setId("student-filter");
        filter.addValueChangeListener(event -> applyFilter());
        rename.setId("rename-student");
        resetCode.setId("reset-resume-code");
        remove.setId("remove-student");
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR);
        for (Button action : new Button[] {rename, resetCode, remove}) {
            action.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            action.setEnabled(false);
        }
        Div toolbar = new Div(filter, rename, resetCode, remove);
        toolbar.addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexWrap.WRAP, LumoUtility.AlignItems.CENTER,
                LumoUtility.Gap.SMALL);

        grid.setId("instructor-students");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.setHeight("22rem");
        grid.setPageSize(PAGE);
        grid.addColumn(LabSession::name).setHeader("Student").setKey("name").setFlexGrow(2);
        grid.addColumn(this::status).setHeader("Status").setKey("status").setFlexGrow(1);
        grid.addColumn(session -> WHEN.format(session.joinedAt())).setHeader("Joined").setKey("joined")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(session -> runCounts.getOrDefault(session.id(), 0L)).setHeader("Runs").setKey("runs")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        grid.setItems(query -> shown.stream().skip(query.getOffset()).limit(query.getLimit()), query -> shown.size())
                .setIdentifierProvider(LabSession::id);
        grid.asSingleSelect().addValueChangeListener(event -> {
            boolean chosen = event.getValue() != null;
            rename.setEnabled(chosen);
            resetCode.setEnabled(chosen);
            remove.setEnabled(chosen);
        });
        empty.addClassNames("empty-state", LumoUtility.TextColor.SECONDARY);
        add(toolbar, empty, grid);
    }

    /** Shows the class as it is now; the rows in view are fetched again, the selection stays. */
    void show(List<LabSession> sessionsNow, Map<String, Long> runsPerSession) {
        if (sessionsNow.equals(everyone) && runsPerSession.equals(runCounts)) {
            return;
        }
        everyone = sessionsNow;
        runCounts = runsPerSession;
        applyFilter();
    }

    private void applyFilter() {
        String wanted = StudentNames.key(filter.getValue().strip());
        shown = wanted.isEmpty() ? everyone
                : everyone.stream().filter(session -> StudentNames.key(session.name()).contains(wanted)).toList();
        grid.getDataProvider().refreshAll();
        empty.setText(everyone.isEmpty()
                ? "Nobody has joined yet: students join with their name and the class code above."
                : "No student's name contains \"" + filter.getValue().strip() + "\".");
        empty.setVisible(shown.isEmpty());
        grid.setVisible(!shown.isEmpty());
    }

    private String status(LabSession session) {
        if (!session.active()) {
            return "Left " + WHEN.format(session.endedAt());
        }
        return sessions.online(session) ? "Online" : "Away since " + WHEN.format(session.lastSeenAt());
    }

    private Optional<LabSession> selected() {
        return Optional.ofNullable(grid.asSingleSelect().getValue());
    }

    private void rename() {
        selected().ifPresent(student -> new NameDialog("The name the class sees next to " + student.name()
                + "'s runs, old ones included.", student.name(), name -> {
            LabSession renamed = sessions.rename(student.id(), name);
            grid.asSingleSelect().clear();
            return renamed;
        }).open());
    }

    private void confirmReset() {
        selected().ifPresent(student -> {
            ConfirmDialog confirm = new ConfirmDialog();
            confirm.setHeader("A new resume code for " + student.name() + "?");
            confirm.setText("Their old code stops working. Browsers already in their session stay in.");
            confirm.setCancelable(true);
            confirm.setConfirmText("Make a new code");
            confirm.addConfirmListener(event -> act(() -> showCode(student, sessions.resetResumeCode(student.id()))));
            confirm.open();
        });
    }

    private void showCode(LabSession student, String code) {
        ConfirmDialog shownCode = new ConfirmDialog();
        shownCode.setHeader(student.name() + "'s new resume code");
        Span text = new Span(code);
        text.setId("new-resume-code");
        text.addClassNames(LumoUtility.FontSize.XXLARGE, LumoUtility.FontWeight.BOLD);
        shownCode.setText(new Div(new Paragraph("Give it to " + student.name() + " only; it is shown this once."),
                text));
        shownCode.setConfirmText("Done");
        shownCode.open();
    }

    private void confirmRemove() {
        selected().ifPresent(student -> {
            ConfirmDialog confirm = new ConfirmDialog();
            confirm.setHeader("Remove " + student.name() + " from the class?");
            confirm.setText("Their waiting runs are cancelled and their browsers and API tokens stop working; their "
                    + "run records and models stay, under their name. They can join again with the class code.");
            confirm.setCancelable(true);
            confirm.setConfirmText("Remove");
            confirm.setConfirmButtonTheme("error primary");
            confirm.addConfirmListener(event -> act(() -> {
                sessions.remove(student.id());
                grid.asSingleSelect().clear();
            }));
            confirm.open();
        });
    }

    /** Runs an action on a student who may have been removed meanwhile, on another instructor tab. */
    private static void act(Runnable action) {
        try {
            action.run();
        } catch (SessionEndedException | InvalidSessionNameException e) {
            Notification.show(e.getMessage(), 5000, Notification.Position.BOTTOM_END);
        }
    }
}
