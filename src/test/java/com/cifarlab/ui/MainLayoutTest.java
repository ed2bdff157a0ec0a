package com.cifarlab.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.sessions.LabSession;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.training.TrainingFailedException;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.session.JoinDialog;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.textfield.TextField;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MainLayoutTest extends KaribuRunsTest {

    @BeforeEach
    void openTheLab() {
        UI.getCurrent().navigate("");
        NotificationsKt.clearNotifications();
    }

    private static Button chip() {
        return _get(Button.class, spec -> spec.withId("student-name-chip"));
    }

    private static TextField nameField() {
        return _get(TextField.class, spec -> spec.withId("student-name"));
    }

    /** Renames in the name dialog. */
    private static void saveName(String name) {
        _setValue(nameField(), name);
        _click(_get(Button.class, spec -> spec.withId("save-student-name")));
    }

    private void joinInTheDialog(String name, String classCode) {
        _setValue(nameField(), name);
        _setValue(_get(TextField.class, spec -> spec.withId("class-code")), classCode);
        _click(_get(Button.class, spec -> spec.withId("join-class")));
    }

    private static List<String> notificationTexts() {
        return NotificationsKt.getNotifications().stream()
                .map(notification -> notification.getElement().getTextRecursively())
                .toList();
    }

    @Test
    void withoutASessionTheTopBarOffersToJoinTheClass() {
        assertThat(chip().getText()).isEqualTo("Join the class");
        assertThat(_get(H2.class, spec -> spec.withClasses("page-heading")).getText()).isEqualTo("Step 1 · Data");
    }

    @Test
    void settingANameStartsTheLabSessionAndShowsTheName() {
        _click(chip());
        joinInTheDialog("  Ada   Lovelace ", sessions.classCode().current());

        assertThat(students.current()).map(LabSession::name).contains("Ada Lovelace");
        _assertNone(JoinDialog.class);
        assertThat(_get(Span.class, spec -> spec.withId("resume-code-shown")).getText()).matches("\\w{4}-\\w{4}");
        _click(_get(Button.class, spec -> spec.withId("resume-code-done")));
        assertThat(chip().getText()).isEqualTo("Signed in as Ada Lovelace · change");
    }

    @Test
    void changingTheNameKeepsTheSessionAndItsRuns() {
        LabSession before = join("Ada");
        UI.getCurrent().navigate("");
        _click(chip());
        assertThat(nameField().getValue()).isEqualTo("Ada");

        saveName("Ada L.");

        assertThat(students.current()).hasValueSatisfying(after -> {
            assertThat(after.id()).isEqualTo(before.id());
            assertThat(after.name()).isEqualTo("Ada L.");
        });
        assertThat(chip().getText()).isEqualTo("Signed in as Ada L. · change");
    }

    @Test
    void anEmptyNameIsRefusedBesideTheFieldAndTheDialogStaysOpen() {
        _click(chip());
        joinInTheDialog("   ", sessions.classCode().current());

        TextField field = nameField();
        assertThat(field.isInvalid()).isTrue();
        assertThat(field.getErrorMessage()).isEqualTo("Enter a name of 1 to 40 characters.");
        assertThat(students.current()).isEmpty();
        assertThat(chip().getText()).isEqualTo("Join the class");
    }

    @Test
    void aWrongClassCodeATakenNameAndHiddenCharactersAreRefusedBesideTheirFields() {
        join("Grace");
        students.leave();
        UI.getCurrent().navigate("");
        _click(chip());

        joinInTheDialog("Ada", "nope");
        assertThat(_get(TextField.class, spec -> spec.withId("class-code")).getErrorMessage())
                .isEqualTo("That class code is not right; ask your instructor for the code of this class.");

        joinInTheDialog("GRACE", sessions.classCode().current());
        assertThat(nameField().getErrorMessage())
                .isEqualTo("That name is already taken in this class; add an initial or a second name.");

        joinInTheDialog("Ada\u202Egpj.exe", sessions.classCode().current());
        assertThat(nameField().getErrorMessage()).startsWith("A name cannot contain invisible or text-direction");
        assertThat(students.current()).isEmpty();
        _get(JoinDialog.class);
    }

    @Test
    void leavingForgetsTheSessionInThisBrowserAndTheResumeCodeBringsItBack() {
        _click(chip());
        joinInTheDialog("Ada", sessions.classCode().current());
        String code = _get(Span.class, spec -> spec.withId("resume-code-shown")).getText();
        _click(_get(Button.class, spec -> spec.withId("resume-code-done")));
        String id = students.current().orElseThrow().id();

        _click(_get(Button.class, spec -> spec.withId("leave-lab")));
        ConfirmDialogKt._fireConfirm(_get(ConfirmDialog.class));

        assertThat(students.current()).isEmpty();
        assertThat(chip().getText()).isEqualTo("Join the class");

        _click(chip());
        _click(_get(Button.class, spec -> spec.withId("switch-join-mode")));
        _setValue(_get(TextField.class, spec -> spec.withId("resume-code")), code.toLowerCase());
        _click(_get(Button.class, spec -> spec.withId("resume-session")));

        assertThat(students.current()).map(LabSession::id).contains(id);
        assertThat(chip().getText()).isEqualTo("Signed in as Ada · change");
    }

    @Test
    void theResumeLinkFillsInTheCodeAndOnlyAClickBringsTheBrowserIn() {
        LabSession ada = sessions.join("Ada", sessions.classCode().current(), "192.0.2.9", true).session();
        String code = sessions.resetResumeCode(ada.id());

        UI.getCurrent().navigate("resume/AAAA-AAAA");
        _click(_get(Button.class, spec -> spec.withId("resume-session")));
        assertThat(_get(TextField.class, spec -> spec.withId("resume-code")).getErrorMessage())
                .startsWith("No student of this class has that resume code");

        UI.getCurrent().navigate("resume/" + code);
        assertThat(students.current()).as("not before the click").isEmpty();
        _click(_get(Button.class, spec -> spec.withId("resume-session")));

        assertThat(students.current()).map(LabSession::id).contains(ada.id());
        assertThat(chip().getText()).isEqualTo("Signed in as Ada · change");
    }

    @Test
    void aNameStartedOnAnotherPageShowsUpInTheTopBar() {
        join("Grace");

        eventually(() -> assertThat(chip().getText()).isEqualTo("Signed in as Grace · change"));
    }

    @Test
    void theLoggedInInstructorIsShownWithALogoutButton() {
        loginAsInstructor();
        UI.getCurrent().getPage().reload();
        UI.getCurrent().navigate("login");

        assertThat(_get(Span.class, spec -> spec.withId("instructor-chip")).getElement().getTextRecursively())
                .isEqualTo("Instructor");
        _assertNone(Button.class, spec -> spec.withId("student-name-chip"));
        assertThat(_get(Button.class, spec -> spec.withId("logout")).getText()).isEqualTo("Log out");
    }

    @Test
    void aNotificationSaysWhenTheStudentsRunFinishedWithItsTestAccuracy() throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        trainer.script(9101, training -> {
            gate.await();
            return training.succeedWithTestAccuracy(0.4321);
        });
        LabSession ada = join("Ada");
        eventually(() -> assertThat(chip().getText()).contains("Ada"));
        RunSnapshot run = runs.submit(Caller.student(ada), TrainingSpec.labDefaults().withEpochs(2).withSeed(9101));

        UI.getCurrent().navigate("login");
        gate.countDown();

        eventually(() -> assertThat(notificationTexts())
                .containsExactly("Your run Lab MLP · Adam 0.001 · cross-entropy · 2 epochs × 40,000 images · seed 9101 "
                        + "finished: test accuracy 0.4321Open Evaluation"));
        Notification shown = NotificationsKt.getNotifications().get(0);
        assertThat(shown.getThemeNames()).contains("success");

        UI.getCurrent().navigate("evaluation/" + run.id());

        assertThat(shown.isOpened()).as("closed at the evaluation it pointed to").isFalse();
    }

    @Test
    void aFailedRunIsAnnouncedWithItsReason() {
        trainer.script(9102, training -> {
            throw new TrainingFailedException("The loss became NaN in epoch 1; try a smaller learning rate.");
        });
        LabSession bob = join("Bob");
        eventually(() -> assertThat(chip().getText()).contains("Bob"));

        runs.submit(Caller.student(bob), TrainingSpec.labDefaults().withSeed(9102));

        eventually(() -> assertThat(notificationTexts()).containsExactly(
                "Your run Lab MLP · Adam 0.001 · cross-entropy · 50 epochs × 40,000 images · seed 9102 failed: The loss became "
                + "NaN in epoch 1; try a smaller learning rate.My runs"));
    }

    @Test
    void anotherStudentsRunEndingIsNotAnnouncedHere() throws InterruptedException {
        LabSession mine = join("Cy");
        LabSession other = TestSessions.join(sessions, "Someone else");
        eventually(() -> assertThat(chip().getText()).contains("Cy"));

        RunSnapshot theirs = runs.submit(Caller.student(other), TrainingSpec.labDefaults().withEpochs(1).withSeed(9103));
        eventually(() -> assertThat(runs.get(Caller.instructor(), theirs.id()).state().isFinal()).isTrue());
        RunSnapshot own = runs.submit(Caller.student(mine), TrainingSpec.labDefaults().withEpochs(1).withSeed(9104));

        eventually(() -> assertThat(notificationTexts()).hasSize(1));
        assertThat(runs.get(Caller.student(mine), own.id()).state().isFinal()).isTrue();
        assertThat(notificationTexts().get(0)).startsWith(
                "Your run Lab MLP · Adam 0.001 · cross-entropy · 1 epoch × 40,000 images · seed 9104 finished");
    }

    @Test
    void detachingTheLayoutRemovesTheListenerOfTheStudentsRuns() {
        int before = runs.listenerCount();
        join("Zed");
        eventually(() -> assertThat(runs.listenerCount()).isEqualTo(before + 1));

        // What closing the tab does to the layout, once Vaadin notices.
        MainLayout layout = _get(MainLayout.class);
        layout.getElement().removeFromTree();
        assertThat(layout.isAttached()).isFalse();

        assertThat(runs.listenerCount()).isEqualTo(before);
    }
}
