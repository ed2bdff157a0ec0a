package com.cifarlab.runs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.cifarlab.classroom.ClassSettings;
import com.cifarlab.classroom.ClassSettingsService;
import com.cifarlab.classroom.RunSize;
import com.cifarlab.runs.Caller;
import com.cifarlab.runs.FakeEngine;
import com.cifarlab.runs.FakeTrainer;
import com.cifarlab.runs.RunService;
import com.cifarlab.sessions.LabSessionService;
import com.cifarlab.sessions.TestSessions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The JSON API and its security, on the real Spring context with a fake trainer. */
@SpringBootTest
@AutoConfigureMockMvc
@Import(FakeEngine.class)
// The context writes run records into the class's temporary folder: it must stop before JUnit deletes it.
@DirtiesContext
class RunApiTest {

    private static final String PASSWORD = "test-instructor-secret";
    private static final long BLOCKING_SEED = 4242;

    @TempDir
    static Path home;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("cifar-lab.runs-dir", () -> home.resolve("runs").toString());
        registry.add("cifar-lab.class-code", () -> TestSessions.CLASS_CODE);
        registry.add("cifar-lab.joins-per-minute", () -> "100000");
        registry.add("cifar-lab.data-dir", () -> home.resolve("data").toString());
        registry.add("cifar-lab.workers", () -> "2");
        registry.add("cifar-lab.instructor-password", () -> PASSWORD);
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    ObjectMapper json;

    @Autowired
    FakeTrainer trainer;

    @Autowired
    LabSessionService sessions;

    @Autowired
    ClassSettingsService classSettings;

    @Autowired
    RunService runs;

    private final CountDownLatch gate = new CountDownLatch(1);

    @AfterEach
    void releaseBlockedRuns() {
        gate.countDown();
        // Tests share one class: names are free again for the next one.
        sessions.all().forEach(session -> sessions.remove(session.id()));
    }

    private String openSession(String name) throws Exception {
        String body = mvc.perform(post("/api/sessions").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"" + name + "\", \"classCode\": \"" + TestSessions.CLASS_CODE + "\"}"))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return json.readTree(body).get("token").asText();
    }

    private static MockHttpServletRequestBuilder as(String token, MockHttpServletRequestBuilder request) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
    }

    private String submit(String token, String spec) throws Exception {
        String body = mvc.perform(as(token, post("/api/runs")).contentType(MediaType.APPLICATION_JSON).content(spec))
                .andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString();
        return json.readTree(body).get("id").asText();
    }

    private JsonNode run(String token, String id) throws Exception {
        return json.readTree(mvc.perform(as(token, get("/api/runs/" + id)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
    }

    private JsonNode awaitState(String token, String id, String state) {
        await().atMost(Duration.ofSeconds(30)).until(() -> run(token, id).get("state").asText().equals(state));
        try {
            return run(token, id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tiny(long seed) {
        return "{\"epochs\": 1, \"trainSize\": 500, \"seed\": " + seed + "}";
    }

    @Test
    void openingASessionGivesATokenThatShowsTheStudentsOwnEmptyRunList() throws Exception {
        mvc.perform(post("/api/sessions").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \" Ada \", \"classCode\": \"" + TestSessions.CLASS_CODE + "\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.token").value(org.hamcrest.Matchers.matchesPattern("[A-Za-z0-9_-]{43}")))
                .andExpect(jsonPath("$.sessionId").isString())
                .andExpect(jsonPath("$.name").value("Ada"))
                .andExpect(header().doesNotExist(HttpHeaders.SET_COOKIE));

        mvc.perform(as(openSession("Grace"), get("/api/runs")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$", hasSize(0)));
    }

    @Test
    void aBlankNameIsRefusedWithAMessage() throws Exception {
        mvc.perform(post("/api/sessions").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"  \", \"classCode\": \"" + TestSessions.CLASS_CODE + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("Enter a name of 1 to 40 characters."))
                .andExpect(jsonPath("$.field").value("name"));
    }

    @Test
    void aRunWithOnlySomeFieldsTakesTheLabDefaultsAndTrainsToTheEnd() throws Exception {
        String token = openSession("Ada");

        MockHttpServletResponse response = mvc.perform(as(token, post("/api/runs"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"epochs\": 1, \"trainSize\": 500}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.spec.model.architecture").value("LAB_MLP"))
                .andExpect(jsonPath("$.spec.optimizer").value("ADAM"))
                .andExpect(jsonPath("$.spec.learningRate").value(0.001))
                .andExpect(jsonPath("$.spec.batchSize").value(64))
                .andExpect(jsonPath("$.spec.seed").value(42))
                .andExpect(jsonPath("$.spec.epochs").value(1))
                .andReturn().getResponse();
        String id = json.readTree(response.getContentAsString()).get("id").asText();
        assertThat(response.getHeader(HttpHeaders.LOCATION)).endsWith("/api/runs/" + id);

        JsonNode done = awaitState(token, id, "SUCCEEDED");
        assertThat(done.get("epochs")).hasSize(1);
        assertThat(done.get("test").get("accuracy").asDouble()).isEqualTo(0.3);
        assertThat(done.get("history")).hasSize(3);
        assertThat(done.get("modelAvailable").asBoolean()).isTrue();
        mvc.perform(as(token, get("/api/runs")))
                .andExpect(jsonPath("$[0].id").value(id))
                .andExpect(jsonPath("$[0].testAccuracy").value(0.3))
                .andExpect(jsonPath("$[0].epochsDone").value(1));
    }

    @Test
    void theFullSpecWithTheEnginesFieldNamesIsAccepted() throws Exception {
        String token = openSession("Ada");
        String id = submit(token, """
                {"model":{"architecture":"LAB_MLP","hiddenLayers":[]},"optimizer":"ADAM","learningRate":0.001,
                 "loss":"CATEGORICAL_CROSSENTROPY","epochs":2,"batchSize":64,"seed":42,"trainSize":500,
                 "earlyStoppingPatience":0}""");
        String custom = submit(token, """
                {"model":{"architecture":"CUSTOM_MLP","hiddenLayers":[{"units":128},{"units":64,"activation":"TANH",
                 "dropoutRate":0.2}]},"optimizer":"SGD","epochs":1,"trainSize":500}""");

        assertThat(awaitState(token, id, "SUCCEEDED").get("spec").get("epochs").asInt()).isEqualTo(2);
        JsonNode customSpec = awaitState(token, custom, "SUCCEEDED").get("spec");
        assertThat(customSpec.get("learningRate").asDouble()).isEqualTo(0.01);
        assertThat(customSpec.get("model").get("hiddenLayers").get(0).get("activation").asText()).isEqualTo("RELU");
        assertThat(customSpec.get("model").get("hiddenLayers").get(1).get("dropoutRate").asDouble()).isEqualTo(0.2);
    }

    @Test
    void anInvalidSpecIsRefusedNamingTheField() throws Exception {
        String token = openSession("Ada");

        expectBadRequest(token, "{\"epochs\": 0}", "epochs", "Epochs must be between 1 and 200 (got 0).");
        expectBadRequest(token, "{\"epoch\": 5}", "epoch", "There is no field 'epoch'; the fields are batchSize, "
                + "earlyStoppingPatience, epochs, learningRate, loss, model, optimizer, seed, trainSize.");
        expectBadRequest(token, "{\"optimizer\": \"ADAMW\"}", "optimizer",
                "Field 'optimizer' must be one of ADAM, SGD, RMSPROP (got ADAMW).");
        expectBadRequest(token, "{\"epochs\": \"many\"}", "epochs", "Field 'epochs' must be a whole number.");
        expectBadRequest(token, "{\"epochs\": 2.5}", "epochs", "Field 'epochs' must be a whole number (got 2.5).");
        expectBadRequest(token, "{\"model\": {\"architecture\": \"CUSTOM_MLP\", \"hiddenLayers\": [{\"units\": 8}]}}",
                "units", "Units of a hidden layer must be between 16 and 4096 (got 8).");
        expectBadRequest(token, "{\"model\": {\"architecture\": \"CUSTOM_MLP\"}}",
                "hiddenLayers", "Number of hidden layers must be between 1 and 4 (got 0).");
        expectBadRequest(token, "{\"learningRate\": 3}", "learningRate",
                "Learning rate must be greater than 0 and at most 1 (got 3.0).");
        mvc.perform(as(token, get("/api/runs"))).andExpect(jsonPath("$", hasSize(0)));
    }

    private void expectBadRequest(String token, String body, String field, String message) throws Exception {
        mvc.perform(as(token, post("/api/runs")).contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(message))
                .andExpect(jsonPath("$.field").value(field));
    }

    @Test
    void aClientReadsTheClassSettingsAndARunPastACapIsRefusedNamingTheCap() throws Exception {
        String token = openSession("Ada");
        RunSize small = new RunSize(3, 1000);
        classSettings.change(new ClassSettings(small, small, small, 20, 5000, Set.of(), 1, 3));
        try {
            mvc.perform(as(token, get("/api/class")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.defaults.training.epochs").value(3))
                    .andExpect(jsonPath("$.defaults.training.trainSize").value(1000))
                    .andExpect(jsonPath("$.maxEpochs").value(20))
                    .andExpect(jsonPath("$.maxTrainImages").value(5000))
                    .andExpect(jsonPath("$.models", hasSize(1)))
                    .andExpect(jsonPath("$.models[0]").value("LAB_MLP"))
                    .andExpect(jsonPath("$.maxWaiting").value(3));

            expectBadRequest(token, "{\"epochs\": 21, \"trainSize\": 500}", "epochs",
                    "This class allows at most 20 epochs per run (the instructor's cap); you asked for 21.");
            expectBadRequest(token, "{\"epochs\": 2, \"trainSize\": 0}", "trainSize",
                    "This class allows at most 5,000 training images per run (the instructor's cap); 0 means all 40,000.");
            expectBadRequest(token, "{\"epochs\": 2, \"trainSize\": 500, \"model\": {\"architecture\": \"SMALL_CNN\"}}",
                    "model", "The instructor has not opened the Small CNN to this class; choose the Lab MLP.");
            mvc.perform(as(token, get("/api/runs"))).andExpect(jsonPath("$", hasSize(0)));

            String id = submit(token, "{\"seed\": " + 4343 + "}");
            assertThat(run(token, id).get("spec").get("epochs").asInt()).as("omitted: the class's Step 5 size")
                    .isEqualTo(3);
            assertThat(run(token, id).get("spec").get("trainSize").asInt()).isEqualTo(1000);
        } finally {
            classSettings.change(ClassSettings.initial(1, 3));
        }
    }

    @Test
    void onlyTheInstructorPreparesTheLab() throws Exception {
        mvc.perform(as(openSession("Curious"), post("/api/instructor/prepare")))
                .andExpect(status().isForbidden());

        mvc.perform(post("/api/instructor/prepare").with(httpBasic("instructor", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.distinct").value(5));
        // Done before the class's folder is deleted: a prepared run still writing would keep it.
        await().atMost(Duration.ofSeconds(30)).until(() -> runs.list(Caller.instructor()).stream()
                .filter(run -> run.sessionId().equals(LabSessionService.PREPARATION_ID))
                .allMatch(run -> run.state().isFinal()));
    }

    @Test
    void malformedJsonGetsAClearMessageNotTheParsersInternals() throws Exception {
        String token = openSession("Ada");

        mvc.perform(as(token, post("/api/runs")).contentType(MediaType.APPLICATION_JSON).content("{\"epochs\": "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(startsWith("The request body is not valid JSON (line 1, column")));
        mvc.perform(as(token, post("/api/runs")).contentType(MediaType.APPLICATION_JSON).content("[1, 2]"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("The run must be a JSON object, such as {\"epochs\": 5}."));
        mvc.perform(as(token, post("/api/runs")).contentType(MediaType.TEXT_PLAIN).content("epochs=5"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.error").value("Send the body as JSON (Content-Type: application/json)."));
        mvc.perform(post("/api/sessions").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"Ada"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(startsWith("The request body is not valid JSON")));
    }

    @Test
    void requestsWithoutAValidTokenAreRefusedWith401() throws Exception {
        mvc.perform(get("/api/runs"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Bearer")))
                .andExpect(jsonPath("$.error").value(
                        "Send your session token as 'Authorization: Bearer <token>'; POST /api/sessions gives you one."));
        mvc.perform(as("not-a-token", get("/api/runs")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value(startsWith("This session token is not valid")));
        mvc.perform(post("/api/runs").contentType(MediaType.APPLICATION_JSON).content(tiny(1)))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void aClosedSessionsTokenStopsWorkingButDoesNotStopOpeningANewSession() throws Exception {
        String token = openSession("Leaving");
        sessions.leave(sessions.authenticate(token).orElseThrow().id());

        mvc.perform(as(token, get("/api/runs"))).andExpect(status().isUnauthorized());
        mvc.perform(as(token, post("/api/sessions")).contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"Back\", \"classCode\": \"" + TestSessions.CLASS_CODE + "\"}"))
                .andExpect(status().isCreated());
    }

    @Test
    void anotherStudentsRunIsNotFoundWhetherReadCancelledDownloadedOrRerun() throws Exception {
        String alice = openSession("Alice");
        String bob = openSession("Bob");
        String id = submit(alice, tiny(1));
        awaitState(alice, id, "SUCCEEDED");

        for (MockHttpServletRequestBuilder request : new MockHttpServletRequestBuilder[] {
                get("/api/runs/" + id), delete("/api/runs/" + id), get("/api/runs/" + id + "/model"),
                post("/api/runs/" + id + "/rerun")}) {
            mvc.perform(as(bob, request))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.error").value("There is no run '" + id + "' in your session."));
        }
        mvc.perform(as(bob, get("/api/runs"))).andExpect(jsonPath("$", hasSize(0)));
        mvc.perform(as(alice, get("/api/runs/no-such-run"))).andExpect(status().isNotFound());
    }

    @Test
    void theOwnerDownloadsTheModelAsAnAttachment() throws Exception {
        String alice = openSession("Alice");
        String id = submit(alice, tiny(77));
        awaitState(alice, id, "SUCCEEDED");

        MockHttpServletResponse response = mvc.perform(as(alice, get("/api/runs/" + id + "/model")))
                .andExpect(status().isOk())
                .andExpect(header().string(HttpHeaders.CONTENT_TYPE, "application/zip"))
                .andExpect(header().string(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"cifar-lab-" + id + "-lab_mlp.zip\""))
                .andReturn().getResponse();
        Path downloaded = home.resolve("downloaded.zip");
        Files.write(downloaded, response.getContentAsByteArray());
        assertThat(FakeTrainer.load(downloaded)).isEqualTo("seed=77");
    }

    @Test
    void aFifthSubmissionGets429AndCancellingAWaitingRunMakesRoom() throws Exception {
        trainer.script(BLOCKING_SEED, training -> training.after(gate));
        String token = openSession("Greedy");
        String running = submit(token, tiny(BLOCKING_SEED));
        awaitState(token, running, "RUNNING");
        String waiting = submit(token, tiny(2));
        submit(token, tiny(3));
        submit(token, tiny(4));

        mvc.perform(as(token, post("/api/runs")).contentType(MediaType.APPLICATION_JSON).content(tiny(5)))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.error").value(
                        "You already have 1 run training and 3 waiting; cancel one or wait for one to finish."));

        mvc.perform(as(token, delete("/api/runs/" + waiting)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CANCELLED"))
                .andExpect(jsonPath("$.reason").value("cancelled by the student"));
        submit(token, tiny(5));
        mvc.perform(as(token, get("/api/runs/" + running + "/model")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value(containsString("is still RUNNING")));
        gate.countDown();
        awaitState(token, running, "SUCCEEDED");
        mvc.perform(as(token, delete("/api/runs/" + running)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value(
                        "Run " + running + " has already ended (SUCCEEDED); there is nothing to cancel."));
    }

    @Test
    void studentsAreRefusedOnInstructorEndpoints() throws Exception {
        mvc.perform(as(openSession("Curious"), get("/api/instructor/runs")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("Only the instructor may use this endpoint."));
    }

    @Test
    void theInstructorWithBasicCredentialsSeesEveryonesRunsAndMayDownloadThem() throws Exception {
        String alice = openSession("Alice");
        String bob = openSession("Bob");
        String alicesRun = submit(alice, tiny(11));
        String bobsRun = submit(bob, tiny(12));
        awaitState(alice, alicesRun, "SUCCEEDED");
        awaitState(bob, bobsRun, "SUCCEEDED");

        String body = mvc.perform(get("/api/instructor/runs").with(httpBasic("instructor", PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist(HttpHeaders.SET_COOKIE))
                .andReturn().getResponse().getContentAsString();
        assertThat(json.readTree(body).findValuesAsText("id")).contains(alicesRun, bobsRun);
        assertThat(json.readTree(body).findValuesAsText("sessionName")).contains("Alice", "Bob");
        mvc.perform(get("/api/runs/" + bobsRun + "/model").with(httpBasic("instructor", PASSWORD)))
                .andExpect(status().isOk());
        mvc.perform(post("/api/runs").with(httpBasic("instructor", PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(tiny(13)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value(startsWith("Only a student's lab session can submit runs")));
    }

    @Test
    void instructorEndpointsWithoutOrWithWrongCredentialsGet401() throws Exception {
        mvc.perform(get("/api/instructor/runs"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Basic")))
                .andExpect(jsonPath("$.error").value(
                        "This endpoint needs the instructor's user name and password (HTTP Basic)."));
        mvc.perform(get("/api/instructor/runs").with(httpBasic("instructor", "guess")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("The instructor user name or password is wrong."));
    }

    @Test
    void anUnknownApiPathGetsAJson404() throws Exception {
        mvc.perform(get("/api/nothing-here"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value(startsWith("There is no GET /api/nothing-here; the API has")));
    }

    @Test
    void theInstructorLogsIntoTheUiWithTheFormOnLogin() throws Exception {
        mvc.perform(post("/login").param("username", "instructor").param("password", PASSWORD).with(csrf()))
                .andExpect(authenticated().withUsername("instructor").withRoles("INSTRUCTOR"));
        mvc.perform(post("/login").param("username", "instructor").param("password", "guess").with(csrf()))
                .andExpect(unauthenticated());
    }

    @Test
    void theUiStillRefusesAPostWithoutItsCsrfToken() throws Exception {
        mvc.perform(post("/some-view").with(user("instructor").roles("INSTRUCTOR")))
                .andExpect(status().isForbidden());
    }

    // ---------------------------------------------------------------- operations (Actuator)

    @Test
    void theInstructorSeesTheHealthOfTheDataSetTheRunsFolderAndTheWorkers() throws Exception {
        mvc.perform(get("/actuator/health").with(httpBasic("instructor", PASSWORD)))
                // No data set is imported in this test's folder: the server says so rather than "up".
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.components.dataset.status").value("DOWN"))
                .andExpect(jsonPath("$.components.dataset.details.problem").exists())
                .andExpect(jsonPath("$.components.runsFolder.status").value("UP"))
                .andExpect(jsonPath("$.components.runsFolder.details.writable").value(true))
                .andExpect(jsonPath("$.components.workers.status").value("UP"))
                .andExpect(jsonPath("$.components.workers.details.alive").value(2));
    }

    @Test
    void theMetricsCountTheQueueTheWorkersTheEpochsAndTheRunsByState() throws Exception {
        for (String metric : new String[] {"cifarlab.queue.waiting", "cifarlab.workers.busy", "cifarlab.workers",
                "cifarlab.epochs", "cifarlab.epoch.seconds"}) {
            mvc.perform(get("/actuator/metrics/" + metric).with(httpBasic("instructor", PASSWORD)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.measurements[0].value").isNumber());
        }
        mvc.perform(get("/actuator/metrics/cifarlab.workers").with(httpBasic("instructor", PASSWORD)))
                .andExpect(jsonPath("$.measurements[0].value").value(2.0));
        mvc.perform(get("/actuator/metrics/cifarlab.runs?tag=state:succeeded").with(httpBasic("instructor", PASSWORD)))
                .andExpect(status().isOk());
    }

    @Test
    void studentsAndVisitorsGetNothingOfTheOperationsEndpoints() throws Exception {
        mvc.perform(get("/actuator/health")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/metrics")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/health").with(httpBasic("instructor", "guess"))).andExpect(status().isUnauthorized());
        String token = openSession("Eve");
        mvc.perform(as(token, get("/actuator/health"))).andExpect(status().isForbidden());
        mvc.perform(as(token, get("/actuator/metrics/cifarlab.workers"))).andExpect(status().isForbidden());
    }
}
