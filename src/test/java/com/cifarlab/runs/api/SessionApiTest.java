package com.cifarlab.runs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.cifarlab.runs.FakeEngine;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.testdata.ManualClockConfiguration;
import com.cifarlab.testdata.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/** Joining the class from the JSON API: the class code, the rate limit, resuming, revoking and expiry. */
@SpringBootTest
@AutoConfigureMockMvc
@Import({FakeEngine.class, ManualClockConfiguration.class})
// The context writes run records into the class's temporary folder: it must stop before JUnit deletes it.
@DirtiesContext
class SessionApiTest {

    private static final int JOINS_PER_MINUTE = 4;

    @TempDir
    static Path home;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("cifar-lab.runs-dir", () -> home.resolve("runs").toString());
        registry.add("cifar-lab.data-dir", () -> home.resolve("data").toString());
        registry.add("cifar-lab.class-code", () -> TestSessions.CLASS_CODE);
        registry.add("cifar-lab.joins-per-minute", () -> String.valueOf(JOINS_PER_MINUTE));
        registry.add("cifar-lab.workers", () -> "1");
    }


    @Autowired
    MockMvc mvc;

    @Autowired
    TestClock clock;

    @Autowired
    ObjectMapper json;

    @Autowired
    LabSessionService sessions;

    /** Each test starts with a full join allowance and nobody in the class. */
    @AfterEach
    void emptyTheClass() {
        clock.advance(Duration.ofMinutes(2));
        sessions.all().forEach(session -> sessions.remove(session.id()));
    }

    private ResultActions join(String body) throws Exception {
        return mvc.perform(post("/api/sessions").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private JsonNode joined(String name) throws Exception {
        return json.readTree(join("{\"name\": \"" + name + "\", \"classCode\": \"testclass\"}")
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString());
    }

    private ResultActions runsWith(String token) throws Exception {
        return mvc.perform(get("/api/runs").header(HttpHeaders.AUTHORIZATION, "Bearer " + token));
    }

    @Test
    void joiningNeedsTheClassCodeAndGivesATokenAndAResumeCode() throws Exception {
        join("{\"name\": \"Mallory\", \"classCode\": \"GUESS1\"}")
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value(
                        "That class code is not right; ask your instructor for the code of this class."));
        join("{\"name\": \"Mallory\"}").andExpect(status().isForbidden());

        JsonNode ada = joined("Ada");

        assertThat(ada.get("token").asText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(ada.get("resumeCode").asText()).matches("\\w{4}-\\w{4}");
        runsWith(ada.get("token").asText()).andExpect(status().isOk());
    }

    @Test
    void aTakenNameAndHiddenCharactersAreRefusedNamingTheField() throws Exception {
        joined("Zoë");

        join("{\"name\": \"ZOE\", \"classCode\": \"TESTCLASS\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("name"))
                .andExpect(jsonPath("$.error").value(
                        "That name is already taken in this class; add an initial or a second name."));
        join("{\"name\": \"Eve\\u200B\", \"classCode\": \"TESTCLASS\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("name"));
    }

    @Test
    void joinsArePacedPerClientAddress() throws Exception {
        for (int i = 0; i < JOINS_PER_MINUTE; i++) {
            joined("Student " + i);
        }

        join("{\"name\": \"One too many\", \"classCode\": \"TESTCLASS\"}")
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.error").value("Too many tries from your network; wait 15 s and try again."));
        clock.advance(Duration.ofSeconds(15));
        joined("One too many");
    }

    @Test
    void theResumeCodeGivesAnotherClientATokenOfTheSameSession() throws Exception {
        JsonNode ada = joined("Ada");

        JsonNode resumed = json.readTree(mvc.perform(post("/api/sessions/resume").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"resumeCode\": \"" + ada.get("resumeCode").asText() + "\"}"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString());

        assertThat(resumed.get("sessionId").asText()).isEqualTo(ada.get("sessionId").asText());
        assertThat(resumed.get("token").asText()).isNotEqualTo(ada.get("token").asText());
        assertThat(resumed.has("resumeCode")).as("shown only on joining").isFalse();
        mvc.perform(post("/api/sessions/resume").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"resumeCode\": \"AAAA-AAAA\"}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceWhileTheSessionsOtherTokensWork() throws Exception {
        JsonNode ada = joined("Ada");
        String other = sessions.issueApiToken(ada.get("sessionId").asText()).credential();

        mvc.perform(delete("/api/sessions/current").header(HttpHeaders.AUTHORIZATION, "Bearer " + ada.get("token").asText()))
                .andExpect(status().isNoContent());

        runsWith(ada.get("token").asText()).andExpect(status().isUnauthorized());
        runsWith(other).andExpect(status().isOk());
        mvc.perform(delete("/api/sessions/current")).andExpect(status().isUnauthorized());
    }

    @Test
    void aTokenUnusedForFourteenDaysStopsWorking() throws Exception {
        String idle = joined("Idle").get("token").asText();
        String busy = joined("Busy").get("token").asText();

        clock.advance(Duration.ofDays(10));
        runsWith(busy).andExpect(status().isOk());
        clock.advance(Duration.ofDays(4));

        runsWith(idle).andExpect(status().isUnauthorized());
        runsWith(busy).andExpect(status().isOk());
    }
}
