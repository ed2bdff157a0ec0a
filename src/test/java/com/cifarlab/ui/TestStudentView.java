package com.cifarlab.ui;

import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.ui.session.StudentSessions;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.auth.AnonymousAllowed;

/**
 * A test-only page that gives the browser a lab session with the name in its address, as the
 * name dialog does, so that browser tests can act as a student. Lives in the test sources, so the
 * app never serves it.
 */
@Route("test/student/:name")
@AnonymousAllowed
public class TestStudentView extends Div implements BeforeEnterObserver {

    private final StudentSessions students;

    private final LabSessionService sessions;

    public TestStudentView(StudentSessions students, LabSessionService sessions) {
        this.students = students;
        this.sessions = sessions;
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        String name = event.getRouteParameters().get("name").orElseThrow();
        students.join(name, sessions.classCode().current());
        setId("student-started");
        setText("Lab session started for " + name);
    }
}
