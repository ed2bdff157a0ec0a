package com.cifarlab.ui;

import static com.github.mvysny.kaributesting.v10.LocatorJ._assertNone;
import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static com.github.mvysny.kaributesting.v10.LocatorJ._setValue;
import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.LabSession;
import com.cifarlab.runs.RunSnapshot;
import com.cifarlab.training.TrainingFailedException;
import com.cifarlab.training.TrainingSpec;
import com.cifarlab.ui.session.NameDialog;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
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
        return _get(NameDialog.class).getChildren()
                .filter(TextField.class::isInstance).map(TextField.class::cast).findFirst().orElseThrow();
    }

    private static void saveName(String name) {
        _setValue(nameField(), name);
        _click(_get(Button.class, spec -> spec.withId("save-student-name")));
    }

    private static List<String> notificationTexts() {
        return NotificationsKt.getNotifications().stream()
                .map(notification -> notification.getElement().getTextRecursively())
                .toList();
    }

    @Test
    void withoutANameTheTopBarOffersToSetOne() {
        assertThat(chip().getText()).isEqualTo("Set your name");
        assertThat(_get(H2.class, spec -> spec.withClasses("page-heading")).getText()).isEqualTo("Step 1 · Data");
    }

    @Test
    void settingANameStartsTheLabSessionAndShowsTheName() {
        _click(chip());
        saveName("  Ada   Lovelace ");

        assertThat(students.current()).map(LabSession::name).contains("Ada Lovelace");
        assertThat(chip().getText()).isEqualTo("Signed in as Ada Lovelace · change");
        _assertNone(NameDialog.class);
    }

    @Test
    void changingTheNameKeepsTheSessionAndItsRuns() {
        LabSession before = students.start("Ada");
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
        saveName("   ");

        TextField field = nameField();
        assertThat(field.isInvalid()).isTrue();
        assertThat(field.getErrorMessage()).isEqualTo("Enter a name of 1 to 40 characters.");
        assertThat(students.current()).isEmpty();
        assertThat(chip().getText()).isEqualTo("Set your name");
    }

    @Test
    void aNameStartedOnAnotherPageShowsUpInTheTopBar() {
        students.start("Grace");

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
        LabSession ada = students.start("Ada");
        eventually(() -> assertThat(chip().getText()).contains("Ada"));
        RunSnapshot run = runs.submit(Caller.student(ada), TrainingSpec.labDefaults().withEpochs(2).withSeed(9101));

        UI.getCurrent().navigate("login");
        gate.countDown();

        eventually(() -> assertThat(notificationTexts())
                .containsExactly("Your run 'Adam 0.001' finished: test accuracy 0.4321Open Evaluation"));
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
        LabSession bob = students.start("Bob");
        eventually(() -> assertThat(chip().getText()).contains("Bob"));

        runs.submit(Caller.student(bob), TrainingSpec.labDefaults().withSeed(9102));

        eventually(() -> assertThat(notificationTexts()).containsExactly("Your run 'Adam 0.001' failed: The loss became "
                + "NaN in epoch 1; try a smaller learning rate.My runs"));
    }

    @Test
    void anotherStudentsRunEndingIsNotAnnouncedHere() throws InterruptedException {
        LabSession mine = students.start("Cy");
        LabSession other = sessions.open("Someone else");
        eventually(() -> assertThat(chip().getText()).contains("Cy"));

        RunSnapshot theirs = runs.submit(Caller.student(other), TrainingSpec.labDefaults().withEpochs(1).withSeed(9103));
        eventually(() -> assertThat(runs.get(Caller.instructor(), theirs.id()).state().isFinal()).isTrue());
        RunSnapshot own = runs.submit(Caller.student(mine), TrainingSpec.labDefaults().withEpochs(1).withSeed(9104));

        eventually(() -> assertThat(notificationTexts()).hasSize(1));
        assertThat(runs.get(Caller.student(mine), own.id()).state().isFinal()).isTrue();
        assertThat(notificationTexts().get(0)).startsWith("Your run 'Adam 0.001' finished");
    }

    @Test
    void detachingTheLayoutRemovesTheListenerOfTheStudentsRuns() {
        int before = runs.listenerCount();
        students.start("Zed");
        eventually(() -> assertThat(runs.listenerCount()).isEqualTo(before + 1));

        // What closing the tab does to the layout, once Vaadin notices.
        MainLayout layout = _get(MainLayout.class);
        layout.getElement().removeFromTree();
        assertThat(layout.isAttached()).isFalse();

        assertThat(runs.listenerCount()).isEqualTo(before);
    }
}
