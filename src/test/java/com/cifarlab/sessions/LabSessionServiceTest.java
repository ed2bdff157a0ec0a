package com.cifarlab.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cifarlab.testdata.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabSessionServiceTest {

    private static final String CODE = TestSessions.CLASS_CODE;
    private static final String HOME = "198.51.100.7";

    @TempDir
    Path runsDir;

    private final TestClock clock = TestClock.manual(Instant.parse("2026-12-01T09:00:00Z"));

    private LabSessionService service(int joinsPerMinute) {
        return new LabSessionService(clock, new SessionProperties(CODE, Duration.ofDays(14), joinsPerMinute), runsDir);
    }

    private LabSessionService service() {
        return service(1000);
    }

    private static Admission join(LabSessionService sessions, String name) {
        return sessions.join(name, CODE, HOME, false);
    }

    private String everythingOnDisk() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(runsDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file));
            }
        }
        return all.toString();
    }

    @Test
    void credentialsAreLongRandomAndUrlSafeAndOnlyTheirHashesReachTheDisk() throws IOException {
        LabSessionService sessions = service();
        Set<String> credentials = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Admission admission = join(sessions, "Student " + i);
            assertThat(admission.credential()).matches("[A-Za-z0-9_-]{43}");
            assertThat(admission.resumeCode()).matches("[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}");
            assertThat(admission.toString()).doesNotContain(admission.credential(), admission.resumeCode());
            credentials.add(admission.credential());
        }
        assertThat(credentials).hasSize(50);

        String disk = everythingOnDisk();
        for (String credential : credentials) {
            assertThat(disk).doesNotContain(credential);
        }
        assertThat(disk).contains("\"format\" : 1", "Student 7");
    }

    @Test
    void aWrongClassCodeIsRefusedAndNobodyJoins() {
        LabSessionService sessions = service();

        assertThatThrownBy(() -> sessions.join("Mallory", "WRONG1", HOME, true))
                .isInstanceOf(JoinRefusedException.class)
                .hasMessage("That class code is not right; ask your instructor for the code of this class.")
                .extracting(e -> ((JoinRefusedException) e).reason()).isEqualTo(JoinRefusedException.Reason.WRONG_CODE);
        assertThatThrownBy(() -> sessions.join("Mallory", null, HOME, true)).isInstanceOf(JoinRefusedException.class);
        assertThat(sessions.join("Ada", " testclass ", HOME, true).session().name()).as("case and spaces do not matter")
                .isEqualTo("Ada");
        assertThat(sessions.all()).extracting(LabSession::name).containsExactly("Ada");
    }

    @Test
    void namesAreNormalisedAndHiddenOrBrokenCharactersAreRefusedWithASentence() {
        LabSessionService sessions = service();

        assertThat(join(sessions, "  Ada   Lovelace ").session().name()).isEqualTo("Ada Lovelace");
        assertThat(join(sessions, "Zoe\u0308").session().name()).as("NFC").isEqualTo("Zo\u00eb");
        String hidden = "A name cannot contain invisible or text-direction characters; use letters, digits, spaces "
                + "and punctuation.";
        for (String odd : List.of("bell\u0007", "evil\u202Eexe.gpj", "zero\u200Bwidth", "\uFEFFbom", "iso\u2066late")) {
            assertThatThrownBy(() -> join(sessions, odd)).as(odd).isInstanceOf(InvalidSessionNameException.class)
                    .hasMessage(hidden);
        }
        assertThatThrownBy(() -> join(sessions, "half\uD800")).hasMessage(
                "A name cannot contain broken characters; type it again.");
        assertThatThrownBy(() -> join(sessions, "!!! ---")).hasMessage("A name needs at least one letter or digit.");
        assertThatThrownBy(() -> join(sessions, "   ")).hasMessage("Enter a name of 1 to 40 characters.");
        assertThatThrownBy(() -> join(sessions, null)).hasMessage("Enter a name of 1 to 40 characters.");
        assertThatThrownBy(() -> join(sessions, "x".repeat(41))).hasMessage("Enter a name of 1 to 40 characters.");
        assertThat(join(sessions, "\uD83D\uDE00 Emoji Fan").session().name()).as("a whole surrogate pair is fine")
                .isEqualTo("\uD83D\uDE00 Emoji Fan");
    }

    @Test
    void theInstructorsPreparationSeatIsOneSessionNobodySignsInToWhoseNameNoStudentCanTake() {
        LabSessionService sessions = service();
        assertThatThrownBy(() -> join(sessions, "lab preparation (Instructor)"))
                .isInstanceOf(InvalidSessionNameException.class)
                .hasMessage("That name is kept for the runs the instructor prepares; choose another.");

        LabSession seat = sessions.preparationSeat();
        sessions.leave(seat.id());

        assertThat(sessions.preparationSeat()).as("made active again, the same seat")
                .extracting(LabSession::id, LabSession::active).containsExactly(seat.id(), true);
        assertThat(service().find(seat.id())).as("kept across a restart").isPresent();
        assertThat(sessions.all()).hasSize(1);
    }

    @Test
    void aNameIsUniqueInTheClassIgnoringCaseAndAccents() {
        LabSessionService sessions = service();
        LabSession zoe = join(sessions, "Zoë Martin").session();
        LabSession ada = join(sessions, "Ada").session();

        for (String same : List.of("zoe martin", "ZOË MARTIN", "Zoe\u0308 Martin", " Zoe  Martin ")) {
            assertThatThrownBy(() -> join(sessions, same)).as(same).isInstanceOf(InvalidSessionNameException.class)
                    .hasMessage("That name is already taken in this class; add an initial or a second name.");
            assertThatThrownBy(() -> sessions.rename(ada.id(), same)).isInstanceOf(InvalidSessionNameException.class);
        }
        assertThat(sessions.rename(zoe.id(), "ZOE MARTIN").name()).as("one's own name in another case")
                .isEqualTo("ZOE MARTIN");
        assertThat(sessions.rename(zoe.id(), "Zoé M.").name()).isEqualTo("Zoé M.");
        assertThat(join(sessions, "Zoe Martin").session().name()).as("free again after the rename").isEqualTo("Zoe Martin");
    }

    @Test
    void joinsAndResumesAreRateLimitedPerClientAddress() {
        LabSessionService sessions = service(3);
        join(sessions, "One");
        join(sessions, "Two");
        assertThatThrownBy(() -> sessions.resume("AAAA-AAAA", HOME, false)).isInstanceOf(JoinRefusedException.class)
                .extracting(e -> ((JoinRefusedException) e).reason()).isEqualTo(JoinRefusedException.Reason.WRONG_CODE);

        assertThatThrownBy(() -> join(sessions, "Four")).isInstanceOf(JoinRefusedException.class)
                .hasMessage("Too many tries from your network; wait 20 s and try again.")
                .extracting(e -> ((JoinRefusedException) e).reason()).isEqualTo(JoinRefusedException.Reason.THROTTLED);
        assertThat(sessions.join("Other address", CODE, "203.0.113.9", false).session().name()).isEqualTo("Other address");

        clock.advance(Duration.ofSeconds(20));
        assertThat(join(sessions, "Four").session().name()).isEqualTo("Four");
        assertThat(sessions.all()).hasSize(4);
    }

    @Test
    void aSessionWithItsCredentialsAndResumeCodeOutlivesARestart() {
        LabSessionService before = service();
        Admission ada = join(before, "Ada");
        Admission api = before.join("Bob", CODE, HOME, true);
        before.rename(api.session().id(), "Bob B.");

        LabSessionService after = service();

        assertThat(after.authenticate(ada.credential())).map(LabSession::name).contains("Ada");
        assertThat(after.authenticate(api.credential())).map(LabSession::name).contains("Bob B.");
        assertThat(after.resume(ada.resumeCode(), HOME, false).session().id()).isEqualTo(ada.session().id());
        assertThatThrownBy(() -> join(after, "ada")).isInstanceOf(InvalidSessionNameException.class);
    }

    @Test
    void theResumeCodeLetsAnotherBrowserInAndBringsBackASessionThatWasLeft() {
        LabSessionService sessions = service();
        List<LabSessionEvent> events = new CopyOnWriteArrayList<>();
        sessions.addListener(events::add);
        Admission first = join(sessions, "Ada");

        sessions.leave(first.session().id());

        assertThat(sessions.authenticate(first.credential())).as("the old browser is out").isEmpty();
        assertThat(sessions.findActive(first.session().id())).isEmpty();
        Admission back = sessions.resume(" " + first.resumeCode().toLowerCase().replace("-", " ") + " ", HOME, false);
        assertThat(back.session().id()).isEqualTo(first.session().id());
        assertThat(back.session().active()).isTrue();
        assertThat(back.resumeCode()).as("the code is shown only on joining").isNull();
        assertThat(sessions.authenticate(back.credential())).isPresent();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events)
                .extracting(event -> event.getClass().getSimpleName()).containsExactly("Joined", "Ended", "Resumed"));
        assertThatThrownBy(() -> sessions.resume("KXRT-4M9Q", HOME, false))
                .hasMessage("No student of this class has that resume code; check it, or ask your instructor for a new one.");
        assertThatThrownBy(() -> sessions.resume("<script>", HOME, false)).isInstanceOf(JoinRefusedException.class);
    }

    @Test
    void aCredentialUnusedForTheInactivityPeriodStopsWorkingAndTheSessionEndsWhileAUsedOneLives() {
        LabSessionService sessions = service();
        List<LabSessionEvent> events = new CopyOnWriteArrayList<>();
        sessions.addListener(events::add);
        Admission idle = join(sessions, "Idle");
        Admission busy = join(sessions, "Busy");

        clock.advance(Duration.ofDays(13));
        assertThat(sessions.authenticate(busy.credential())).isPresent();
        clock.advance(Duration.ofDays(1));

        assertThat(sessions.authenticate(idle.credential())).isEmpty();
        assertThat(sessions.authenticate(busy.credential())).isPresent();
        assertThat(sessions.endExpired()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(events)
                .filteredOn(LabSessionEvent.Ended.class::isInstance)
                .extracting(event -> event.session().name(), event -> ((LabSessionEvent.Ended) event).reason())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Idle", "inactive for 14 days")));
        assertThat(service().authenticate(idle.credential())).as("after a restart too").isEmpty();
        assertThat(sessions.resume(idle.resumeCode(), HOME, false).session().active()).as("its code still brings it back")
                .isTrue();
    }

    @Test
    void aRevokedTokenStopsWorkingWhileTheSessionAndItsOtherCredentialsStay() {
        LabSessionService sessions = service();
        Admission browser = join(sessions, "Ada");
        Admission script = sessions.issueApiToken(browser.session().id());

        assertThat(sessions.revoke(script.credential())).isTrue();

        assertThat(sessions.authenticate(script.credential())).isEmpty();
        assertThat(sessions.authenticate(browser.credential())).isPresent();
        assertThat(sessions.revoke(script.credential())).as("twice").isFalse();
        assertThat(service().authenticate(script.credential())).as("after a restart").isEmpty();
    }

    @Test
    void theInstructorCanGiveANewResumeCodeAndRemoveAStudentWhoseNameIsThenFree() throws IOException {
        LabSessionService sessions = service();
        List<LabSessionEvent> events = new CopyOnWriteArrayList<>();
        sessions.addListener(events::add);
        Admission ada = join(sessions, "Ada");

        String fresh = sessions.resetResumeCode(ada.session().id());

        assertThatThrownBy(() -> sessions.resume(ada.resumeCode(), HOME, false)).isInstanceOf(JoinRefusedException.class);
        assertThat(sessions.resume(fresh, HOME, false).session().id()).isEqualTo(ada.session().id());
        assertThat(sessions.authenticate(ada.credential())).as("browsers already in stay in").isPresent();

        assertThat(sessions.remove(ada.session().id())).isTrue();

        assertThat(sessions.authenticate(ada.credential())).isEmpty();
        assertThat(sessions.find(ada.session().id())).isEmpty();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(events).last().isEqualTo(new LabSessionEvent.Removed(ada.session())));
        assertThat(everythingOnDisk()).doesNotContain("Ada");
        assertThat(join(sessions, "Ada").session().id()).isNotEqualTo(ada.session().id());
    }

    @Test
    void theOnlineStudentsAreThoseSeenInTheLastFiveMinutes() {
        LabSessionService sessions = service();
        Admission ada = join(sessions, "Ada");
        join(sessions, "Bob");
        clock.advance(Duration.ofMinutes(4));
        sessions.authenticate(ada.credential());
        clock.advance(Duration.ofMinutes(2));

        assertThat(sessions.all()).filteredOn(sessions::online).extracting(LabSession::name).containsExactly("Ada");
    }

    @Test
    void aFormsLastSettingsAreKeptWithTheSessionAcrossARestartWithinBounds() {
        LabSessionService sessions = service();
        String ada = join(sessions, "Ada").session().id();

        sessions.remember(ada, "training", "{\"epochs\": 3}");
        sessions.remember(ada, "huge", "x".repeat(5000));

        LabSessionService restarted = service();
        assertThat(restarted.recall(ada, "training")).contains("{\"epochs\": 3}");
        assertThat(restarted.recall(ada, "huge")).as("oversized values are not kept").isEmpty();
        assertThat(restarted.recall(ada, "losses")).isEmpty();
    }

    @Test
    void anUnreadableSessionFileIsSkippedAndTheOthersLoad() throws IOException {
        join(service(), "Ada");
        Files.writeString(runsDir.resolve(SessionStore.FOLDER).resolve("broken.json"), "{\"format\": 1, \"id\": ");
        Files.writeString(runsDir.resolve(SessionStore.FOLDER).resolve("future.json"), "{\"format\": 9, \"id\": \"f\"}");

        assertThat(service().all()).extracting(LabSession::name).containsExactly("Ada");
    }

    @Test
    void theClassCodeIsTheSettingUntilTheInstructorChangesItAndIsGeneratedAndKeptWithoutOne(@TempDir Path other) {
        ClassCode configured = new ClassCode("lab-2026", runsDir);
        assertThat(configured.current()).isEqualTo("LAB2026");
        assertThat(configured.matches("lab 2026")).isTrue();
        assertThatThrownBy(() -> configured.change("no")).hasMessage(
                "A class code is 4 to 20 letters and digits (dashes and spaces are ignored).");
        configured.change("Autumn-Lab");
        assertThat(new ClassCode("lab-2026", runsDir).current()).as("the page's code wins after a restart")
                .isEqualTo("AUTUMNLAB");

        String generated = new ClassCode(null, other).current();
        assertThat(generated).matches("[A-HJKMNP-Z2-9]{6}");
        assertThat(new ClassCode(null, other).current()).isEqualTo(generated);
    }
}
