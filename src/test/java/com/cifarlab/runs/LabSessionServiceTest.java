package com.cifarlab.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.http.HttpSessionEvent;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;

class LabSessionServiceTest {

    private final LabSessionService sessions = new LabSessionService(Clock.systemUTC());

    @Test
    void tokensAreLongRandomAndUrlSafe() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            LabSession session = sessions.open("Student");
            assertThat(session.token()).matches("[A-Za-z0-9_-]{43}");
            assertThat(session.toString()).doesNotContain(session.token());
            tokens.add(session.token());
        }
        assertThat(tokens).hasSize(100);
    }

    @Test
    void aSessionIsFoundByItsTokenUntilItIsClosed() {
        LabSession session = sessions.open("  Ada   Lovelace ");

        assertThat(session.name()).isEqualTo("Ada Lovelace");
        assertThat(sessions.findByToken(session.token())).contains(session);
        assertThat(sessions.close(session.id(), "logout")).isTrue();
        assertThat(sessions.findByToken(session.token())).isEmpty();
        assertThat(sessions.find(session.id())).isEmpty();
        assertThat(sessions.close(session.id(), "again")).isFalse();
        assertThat(sessions.findByToken("made-up")).isEmpty();
        assertThat(sessions.findByToken(null)).isEmpty();
    }

    @Test
    void aNameMustBeOneToFortyPrintableCharacters() {
        assertThatThrownBy(() -> sessions.open("   ")).isInstanceOf(InvalidSessionNameException.class)
                .hasMessage("Enter a name of 1 to 40 characters.");
        assertThatThrownBy(() -> sessions.open(null)).isInstanceOf(InvalidSessionNameException.class);
        assertThatThrownBy(() -> sessions.open("x".repeat(41))).isInstanceOf(InvalidSessionNameException.class);
        assertThatThrownBy(() -> sessions.open("bell\u0007")).isInstanceOf(InvalidSessionNameException.class)
                .hasMessage("A name cannot contain control characters.");
    }

    @Test
    void renamingKeepsTheTokenAndTellsListeners() {
        List<LabSessionEvent> events = new CopyOnWriteArrayList<>();
        sessions.addListener(events::add);
        LabSession session = sessions.open("Anon");

        LabSession renamed = sessions.rename(session.id(), "Grace");

        assertThat(renamed.token()).isEqualTo(session.token());
        assertThat(sessions.findByToken(session.token())).contains(renamed);
        assertThat(events).containsExactly(new LabSessionEvent.Opened(session), new LabSessionEvent.Renamed(renamed));
        sessions.close(session.id(), "done");
        assertThatThrownBy(() -> sessions.rename(session.id(), "Late")).isInstanceOf(SessionEndedException.class);
    }

    @Test
    void theEndOfTheHttpSessionClosesTheLabSessionBoundToIt() {
        LabSession bound = sessions.open("Browser");
        LabSession other = sessions.open("Other");
        MockHttpSession http = new MockHttpSession();
        http.setAttribute(LabSessionHttpBinding.ATTRIBUTE, bound.id());

        new LabSessionHttpBinding(sessions).sessionDestroyed(new HttpSessionEvent(http));
        new LabSessionHttpBinding(sessions).sessionDestroyed(new HttpSessionEvent(new MockHttpSession()));

        assertThat(sessions.find(bound.id())).isEmpty();
        assertThat(sessions.find(other.id())).isPresent();
    }
}
