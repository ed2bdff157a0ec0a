package com.cifarlab.ui.instructor;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.runs.RunsOnDisk;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.ui.KaribuSpringTest;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.server.communication.UidlWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The instructor page of a big school: 2,000 lab sessions and 5,000 runs on record when the
 * server starts. The page loads in under 2 s, sends only the rows in view, and a live update stays
 * small. Prints the figures it asserts.
 */
class InstructorPageScaleTest extends KaribuSpringTest {

    private static final int SESSIONS = 2_000;
    private static final int RUNS = 5_000;

    @TempDir
    static Path home;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("cifar-lab.runs-dir", () -> home.resolve("runs").toString());
        registry.add("cifar-lab.data-dir", () -> home.resolve("data").toString());
        registry.add("cifar-lab.workers", () -> "1");
    }

    @BeforeAll
    static void aSchoolYearOfWork() {
        Instant september = Instant.parse("2026-09-01T09:00:00Z");
        List<LabSession> students = TestSessions.writeClass(home.resolve("runs"), SESSIONS, september);
        RunsOnDisk.writeSucceeded(home.resolve("runs"), students, RUNS, september);
    }

    /** The students the other tests' clean-up would remove are the point of this one: keep them. */
    @Override
    @AfterEach
    protected void stopVaadin() {
        MockVaadin.tearDown();
    }

    private static int updateSize(UI ui) {
        return new UidlWriter().createUidl(ui, false).toString().length();
    }

    private static long components(Component root) {
        return 1 + root.getChildren().mapToLong(InstructorPageScaleTest::components).sum();
    }

    @Test
    void twoThousandSessionsAndFiveThousandRunsLoadInUnderTwoSecondsAndUpdatesStaySmall() {
        assertThat(sessions.all()).hasSize(SESSIONS);
        loginAsInstructor();
        UI ui = UI.getCurrent();

        long start = System.nanoTime();
        ui.navigate(InstructorView.class);
        InstructorView page = _get(InstructorView.class);
        @SuppressWarnings("unchecked")
        Grid<LabSession> students = _get(Grid.class, spec -> spec.withId("instructor-students"));
        @SuppressWarnings("unchecked")
        Grid<RunSnapshot> runs = _get(Grid.class, spec -> spec.withId("all-runs"));
        List<LabSession> firstStudents = GridKt._fetch(students, 0, 40);
        List<RunSnapshot> firstRuns = GridKt._fetch(runs, 0, 40);
        int initial = updateSize(ui);
        double loadSeconds = (System.nanoTime() - start) / 1e9;

        page.refresh();
        int update = updateSize(ui);

        System.out.printf("Instructor page with %,d sessions and %,d runs: loaded in %.2f s, first response %,d "
                + "characters, a live update %,d characters, %,d components%n", SESSIONS, RUNS, loadSeconds, initial,
                update, components(ui));
        assertThat(GridKt._size(students)).isEqualTo(SESSIONS);
        assertThat(GridKt._size(runs)).isEqualTo(RUNS);
        assertThat(firstStudents).hasSize(40);
        assertThat(firstRuns).hasSize(40);
        assertThat(loadSeconds).isLessThan(2.0);
        assertThat(initial).as("the first response").isLessThan(100_000);
        assertThat(update).as("a live update").isLessThan(30_000);
        assertThat(components(ui)).as("components on the page").isLessThan(1_500);
        assertThat(Stream.of(students, runs)).allMatch(grid -> !grid.isAllRowsVisible());
    }
}
