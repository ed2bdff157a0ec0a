package com.cifarlab.ui;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.RunEvent;
import com.cifarlab.runs.RunService;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.security.SecurityConfig;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.LabSessionEvent;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.ui.components.LiveUpdates;
import com.cifarlab.ui.components.Routes;
import com.cifarlab.ui.session.JoinDialog;
import com.cifarlab.ui.session.NameDialog;
import com.cifarlab.ui.session.StudentSessions;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Header;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.Scroller;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.router.AfterNavigationEvent;
import com.vaadin.flow.router.AfterNavigationObserver;
import com.vaadin.flow.router.Layout;
import com.vaadin.flow.server.auth.AnonymousAllowed;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.server.menu.MenuConfiguration;
import com.vaadin.flow.server.menu.MenuEntry;
import com.vaadin.flow.shared.Registration;
import com.vaadin.flow.spring.security.AuthenticationContext;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The frame around every view: the app's name, the lab's steps in a side navigation, the open
 * page's heading, and who is using this browser. It also tells a student when one of their runs
 * ends, whichever page they are on. The pages announce themselves ({@code @Menu}: the order is the
 * step's number, 100 and up for the pages that are not steps), so this layout knows no view.
 */
@Layout
// Vaadin checks a view's layout too: every page, the login and the anonymous steps, is framed by this one.
@AnonymousAllowed
public class MainLayout extends AppLayout implements AfterNavigationObserver {

    private static final String PAGE_TITLE_SUFFIX = " · CIFAR Lab";
    /** Menu orders from 1 to this are the lab's steps. */
    private static final int LAST_STEP = 8;
    private static final String INSTRUCTOR = "Instructor";

    private final StudentSessions students;
    private final LabSessionService sessions;
    private final RunService runs;
    private final AuthenticationContext authentication;

    private final H2 heading = new H2();
    private final Div identity = new Div();

    /** The lab session whose runs this layout reports on; read by the session listener's thread. */
    private volatile String boundSessionId;
    private Registration runFollowing;
    /** The open run-end notifications, by run id. */
    private final Map<String, Notification> runEndNotifications = new HashMap<>();

    public MainLayout(StudentSessions students, LabSessionService sessions, RunService runs,
                      AuthenticationContext authentication) {
        this.students = students;
        this.sessions = sessions;
        this.runs = runs;
        this.authentication = authentication;
        setPrimarySection(Section.DRAWER);
        heading.addClassName("page-heading");
        identity.addClassNames("identity", LumoUtility.Margin.Left.AUTO, LumoUtility.Margin.Right.MEDIUM,
                LumoUtility.Display.FLEX, LumoUtility.AlignItems.CENTER, LumoUtility.Gap.SMALL);
        addToNavbar(new DrawerToggle(), heading, identity);
        List<MenuEntry> pages = MenuConfiguration.getMenuEntries();
        addToDrawer(brand(), new Scroller(new Div(
                navigation("Lab steps", pages.stream().filter(MainLayout::isStep).toList()),
                yourWork(pages.stream().filter(page -> !isStep(page)).toList()))));
        // A session that starts on another page (the name dialog before a first run) shows up here too.
        LiveUpdates.Source<LabSessionEvent> sessionEvents = sessions::addListener;
        LiveUpdates.follow(this, sessionEvents, event -> {
            String bound = boundSessionId;
            return bound == null || bound.equals(event.session().id());
        }, event -> showIdentity());
        addAttachListener(event -> showIdentity());
    }

    @Override
    public void afterNavigation(AfterNavigationEvent event) {
        Component content = getContent();
        heading.setText(content == null ? "" : heading(content.getClass(), MenuConfiguration.getMenuEntries()));
        // Once the student is at the evaluation a notification pointed to, it has done its job.
        String evaluation = Routes.evaluationOf("");
        String path = event.getLocation().getPath();
        if (path.startsWith(evaluation)) {
            Optional.ofNullable(runEndNotifications.get(path.substring(evaluation.length()))).ifPresent(Notification::close);
        }
    }

    /** Shows who uses this browser and follows that student's runs. */
    private void showIdentity() {
        identity.removeAll();
        Optional<LabSession> student = students.current();
        if (students.isInstructor()) {
            identity.add(instructorChip());
        } else {
            identity.add(studentChip(student));
        }
        bindRuns(student.map(LabSession::id).orElse(null));
    }

    private Component studentChip(Optional<LabSession> student) {
        if (student.isEmpty()) {
            Button join = new Button("Join the class", VaadinIcon.USER.create(),
                    click -> new JoinDialog(students, "Join with your name and the class code, or come back in with "
                            + "your resume code.", session -> showPageAgain()).open());
            join.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            join.setId("student-name-chip");
            return join;
        }
        Button chip = new Button("Signed in as " + student.get().name() + " · change", VaadinIcon.USER.create());
        chip.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        chip.setId("student-name-chip");
        chip.setTooltipText("The name the class and the instructor see next to your runs");
        chip.addClickListener(click -> new NameDialog("Change the name the class sees next to your runs.",
                student.get().name(), name -> {
                    LabSession renamed = students.rename(name);
                    showIdentity();
                    return renamed;
                }).open());
        Button leave = new Button("Leave", click -> confirmLeave());
        leave.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        leave.setId("leave-lab");
        Div both = new Div(chip, leave);
        both.addClassNames(LumoUtility.Display.FLEX, LumoUtility.AlignItems.CENTER, LumoUtility.Gap.XSMALL);
        return both;
    }

    private void confirmLeave() {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader("Leave the lab on this browser?");
        confirm.setText("Your waiting runs are cancelled; a run that is training finishes. Your finished runs and "
                + "models stay: come back in with your resume code.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Leave");
        confirm.addConfirmListener(event -> {
            students.leave();
            showPageAgain();
        });
        confirm.open();
    }

    /** The page shows another student now (or none): it is built again, with their runs and forms. */
    private void showPageAgain() {
        showIdentity();
        getUI().ifPresent(ui -> ui.refreshCurrentRoute(false));
    }

    private Component instructorChip() {
        Icon cap = VaadinIcon.ACADEMY_CAP.create();
        cap.setSize("var(--lumo-icon-size-s)");
        Span instructor = new Span(cap, new Span("Instructor"));
        instructor.getElement().getThemeList().add("badge pill");
        instructor.addClassName(LumoUtility.Gap.XSMALL);
        instructor.setId("instructor-chip");
        Button logout = new Button("Log out", click -> authentication.logout());
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        logout.setId("logout");
        Div chip = new Div(instructor, logout);
        chip.addClassNames(LumoUtility.Display.FLEX, LumoUtility.AlignItems.CENTER, LumoUtility.Gap.XSMALL);
        return chip;
    }

    private void bindRuns(String sessionId) {
        if (Objects.equals(sessionId, boundSessionId) && (sessionId == null || runFollowing != null)) {
            return;
        }
        unbindRuns();
        boundSessionId = sessionId;
        if (sessionId != null) {
            Caller student = Caller.student(sessionId);
            runFollowing = LiveUpdates.follow(this, listener -> runs.addListener(student, listener::accept),
                    (RunEvent event) -> event instanceof RunEvent.StateChanged changed
                            && RunEndNotification.announces(changed.run()),
                    event -> announce(((RunEvent.StateChanged) event).run()));
        }
    }

    private void announce(RunSnapshot run) {
        Notification notification = RunEndNotification.show(run);
        runEndNotifications.put(run.id(), notification);
        notification.addOpenedChangeListener(change -> {
            if (!change.isOpened()) {
                runEndNotifications.remove(run.id());
            }
        });
    }

    private void unbindRuns() {
        if (runFollowing != null) {
            runFollowing.remove();
            runFollowing = null;
        }
        boundSessionId = null;
    }

    private static boolean isStep(MenuEntry page) {
        return page.order() != null && page.order() >= 1 && page.order() <= LAST_STEP;
    }

    /** "Step 1 · Data" for lab pages; other pages (the login) are headed by their title. */
    private static String heading(Class<?> view, List<MenuEntry> pages) {
        Optional<MenuEntry> page = pages.stream().filter(entry -> entry.menuClass() == view).findFirst();
        if (page.isPresent()) {
            return isStep(page.get()) ? "Step " + page.get().order().intValue() + " · " + page.get().title()
                    : page.get().title();
        }
        return Optional.ofNullable(view.getAnnotation(PageTitle.class))
                .map(title -> title.value().replace(PAGE_TITLE_SUFFIX, ""))
                .orElse("");
    }

    private static Header brand() {
        Icon logo = VaadinIcon.GRID_BIG.create();
        logo.addClassName("brand-logo");
        H1 name = new H1("CIFAR Lab");
        Span tagline = new Span("Neural networks on CIFAR-10");
        tagline.addClassName("brand-tagline");
        Header brand = new Header(logo, new Div(name, tagline));
        brand.addClassName("brand");
        return brand;
    }

    private static SideNav navigation(String label, List<MenuEntry> pages) {
        SideNav nav = new SideNav(label);
        nav.addClassName("lab-nav");
        pages.forEach(page -> nav.addItem(item(page)));
        return nav;
    }

    /**
     * The student's runs and the instructor's page. The menu lists only the pages this browser may
     * open; the instructor's page stays in the list for everyone else too, as the way to its login.
     */
    private static SideNav yourWork(List<MenuEntry> pages) {
        SideNav nav = navigation("Your work", pages);
        if (pages.stream().noneMatch(page -> INSTRUCTOR.equals(page.title()))) {
            SideNavItem login = new SideNavItem(INSTRUCTOR, SecurityConfig.INSTRUCTOR_PATH, VaadinIcon.ACADEMY_CAP.create());
            login.getElement().setAttribute("data-page", dataPage(INSTRUCTOR));
            nav.addItem(login);
        }
        return nav;
    }

    private static SideNavItem item(MenuEntry page) {
        String label = isStep(page) ? page.order().intValue() + "  " + page.title() : page.title();
        SideNavItem item = new SideNavItem(label, page.path(), icon(page.icon()));
        item.getElement().setAttribute("data-page", dataPage(page.title()));
        return item;
    }

    /** "Save and load" → "SAVE_AND_LOAD": what browser tests find a page's item by. */
    private static String dataPage(String title) {
        return title.toUpperCase(Locale.ROOT).replace(' ', '_');
    }

    /** "vaadin:picture" → the Vaadin icon of that name. */
    private static Icon icon(String name) {
        int colon = name == null ? -1 : name.indexOf(':');
        return colon < 0 ? VaadinIcon.FILE_O.create() : new Icon(name.substring(0, colon), name.substring(colon + 1));
    }
}
