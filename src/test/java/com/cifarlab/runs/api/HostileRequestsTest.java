package com.cifarlab.runs.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.cifarlab.runs.Caller;
import com.cifarlab.runs.FakeEngine;
import com.cifarlab.runs.RunService;
import com.cifarlab.sessions.TestSessions;
import com.cifarlab.testdata.ManualClockConfiguration;
import com.cifarlab.testdata.TestClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a hostile browser or script sends, against the real server (Tomcat included, since some
 * of it never reaches Spring): every answer is JSON with the right status, never a redirect, an
 * HTML page or a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import({FakeEngine.class, ManualClockConfiguration.class})
// The context writes run records into the class's temporary folder: it must stop before JUnit deletes it.
@DirtiesContext
class HostileRequestsTest {

    private static final String PASSWORD = "hostile-test-secret";

    @TempDir
    static Path home;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("cifar-lab.runs-dir", () -> home.resolve("runs").toString());
        registry.add("cifar-lab.class-code", () -> TestSessions.CLASS_CODE);
        registry.add("cifar-lab.joins-per-minute", () -> "100000");
        registry.add("cifar-lab.data-dir", () -> home.resolve("data").toString());
        registry.add("cifar-lab.workers", () -> "1");
        registry.add("cifar-lab.max-waiting", () -> "20");
        registry.add("cifar-lab.instructor-password", () -> PASSWORD);
    }


    @LocalServerPort
    int port;

    /** The login throttle's locks end when the test says so. */
    @Autowired
    TestClock clock;

    @Autowired
    ObjectMapper json;

    @Autowired
    RunService runs;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private String token;

    @BeforeEach
    void openSession() throws Exception {
        HttpResponse<String> opened = post("/api/sessions", "{\"name\": \"Mallory " + System.nanoTime() + "\", \"classCode\": \""
                + TestSessions.CLASS_CODE + "\"}", null);
        assertThat(opened.statusCode()).isEqualTo(201);
        token = json.readTree(opened.body()).get("token").asText();
    }

    @Test
    void aThirtyMegabyteBodyIsRefusedWith413BeforeItIsRead() throws Exception {
        String huge = "{\"name\": \"" + "a".repeat(30_000_000) + "\"}";

        HttpResponse<String> declared = post("/api/sessions", huge, null);

        assertJsonError(declared, 413, "The request body is larger than the API's limit of 64 kB.");
    }

    @Test
    void aChunkedBodyIsCutOffWhereItPassesTheLimit() throws Exception {
        String raw = rawChunkedPost("/api/runs", token, 30_000_000);

        assertThat(raw).startsWith("HTTP/1.1 413").contains("application/json")
                .contains("{\"error\":\"The request body is larger than the API's limit of 64 kB.\"}");
    }

    @ParameterizedTest(name = "{0} is refused naming {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"epochs\": 2, \"epochs\": 3}|epochs|Field 'epochs' is given twice; give each field once.",
        "{\"model\": {\"architecture\": \"CUSTOM_MLP\", \"hiddenLayers\": [null]}}|model.hiddenLayers[0]|Field 'model.hiddenLayers[0]' must not be null.",
        "{\"epochs\": \"1\"}|epochs|Field 'epochs' must be a whole number.",
        "{\"learningRate\": \"0.01\"}|learningRate|Field 'learningRate' must be a number.",
        "{\"optimizer\": 1}|optimizer|Field 'optimizer' must be one of ADAM, SGD, RMSPROP (got 1).",
        "{\"epoch\": 5}|epoch|There is no field 'epoch'; the fields are batchSize, earlyStoppingPatience, epochs, learningRate, loss, model, optimizer, seed, trainSize.",
        "{\"model\": {\"architecture\": \"LAB_MLP\", \"hiddenLayers\": [{\"units\": 64}]}}|model.hiddenLayers|Field 'model.hiddenLayers' applies only to the CUSTOM_MLP architecture; the layers of LAB_MLP are fixed.",
        "{\"epochs\": 1.5}|epochs|Field 'epochs' must be a whole number (got 1.5).",
    })
    void looseJsonInARunIsA400NamingTheField(String body, String field, String message) throws Exception {
        HttpResponse<String> response = post("/api/runs", body, token);

        assertJsonError(response, 400, message);
        assertThat(json.readTree(response.body()).get("field").asText()).isEqualTo(field);
    }

    @Test
    void aSessionNameGivenTwiceOrAsANumberIsA400NamingTheField() throws Exception {
        assertJsonError(post("/api/sessions", "{\"name\": \"a\", \"name\": \"b\"}", null), 400,
                "Field 'name' is given twice; give each field once.");
        assertJsonError(post("/api/sessions", "{\"name\": 5}", null), 400, "Field 'name' has a value of the wrong type.");
    }

    @Test
    void aTwoThousandDigitNumberIsRefusedForWhatItIs() throws Exception {
        HttpResponse<String> response = post("/api/runs", "{\"epochs\": " + "9".repeat(2000) + "}", token);

        assertJsonError(response, 400, "The request body holds a number, text or nesting longer or deeper than any"
                + " request needs (numbers have at most 1,000 digits).");
    }

    @Test
    void aValidRunAskedForAsHtmlIsStillQueuedOnceAndAnswered201WithJson() throws Exception {
        int before = runs.list(Caller.instructor()).size();

        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/runs"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString("{\"epochs\": 1, \"trainSize\": 500}")));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
        assertThat(json.readTree(response.body()).get("state").asText()).isEqualTo("QUEUED");
        assertThat(runs.list(Caller.instructor())).hasSize(before + 1);
    }

    @ParameterizedTest(name = "GET {0} with Accept: text/html is {1} JSON")
    @CsvSource({"/api/runs/no-such-run, 404", "/api/instructor/runs, 403", "/api/nothing-here, 404"})
    void apiErrorsAreJsonWhateverTheAcceptHeaderSays(String path, int status) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/html,application/xhtml+xml")
                .GET());

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                .startsWith("application/json"));
        assertThat(json.readTree(response.body()).get("error").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "a path with {0} is a JSON 400 from Tomcat")
    @CsvSource({"%2F", "%00", "%5C"})
    void pathsTomcatRefusesAreAnsweredAsJson(String encoded) throws Exception {
        String raw = rawRequest("GET /api/runs/a" + encoded + "b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");

        assertThat(raw).startsWith("HTTP/1.1 400").contains("application/json")
                .contains("{\"error\":\"The request was refused: its address or headers are malformed")
                .doesNotContain("<html").doesNotContainIgnoringCase("tomcat");
    }

    @Test
    void aTwentyKilobyteHeaderIsAnsweredAsJson() throws Exception {
        String raw = rawRequest("GET /api/runs HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");

        assertThat(raw).startsWith("HTTP/1.1 400").contains("application/json")
                .contains("headers must stay within the server's limit").doesNotContain("<html");
    }

    @Test
    void noBodyOrMethodOnAnyEndpointProducesA500() throws Exception {
        List<String> bodies = List.of("", "null", "[]", "\"x\"", "1e999", "{", "{\"model\": []}", "{\"model\": {}}",
                "{\"model\": {\"architecture\": \"NOPE\"}}", "{\"seed\": -1, \"epochs\": -5}", "{\"name\": null}",
                "{\"name\": \"\\u0000\"}", "{\"trainSize\": 99999999999}", "{\"batchSize\": 0}", "[[[[[[[[[[[[[[[[[[[[");
        List<String> paths = List.of("/api/sessions", "/api/runs", "/api/runs/x/rerun", "/api/runs/x", "/api/instructor/runs");
        for (String path : paths) {
            for (String body : bodies) {
                for (String method : List.of("POST", "PUT", "DELETE", "GET")) {
                    HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(body)));
                    assertThat(response.statusCode()).as(method + " " + path + " " + body).isLessThan(500);
                    assertThat(response.headers().firstValue("Content-Type")).as(method + " " + path + " " + body)
                            .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                }
            }
        }
    }

    @Test
    void twentyWrongPasswordsLockTheInstructorOutWith429AndRetryAfterUntilTheLockEnds() throws Exception {
        int[] statuses = new int[20];
        for (int i = 0; i < 20; i++) {
            statuses[i] = instructorRuns("not-the-password").statusCode();
        }

        assertThat(statuses).startsWith(401, 401, 401, 401, 401).endsWith(429, 429);
        HttpResponse<String> right = instructorRuns(PASSWORD);
        assertJsonError(right, 429, "Too many wrong passwords: wait 30 seconds before the next try.");
        assertThat(right.headers().firstValue("Retry-After")).hasValue("30");

        clock.advance(Duration.ofSeconds(30));
        assertThat(instructorRuns(PASSWORD).statusCode()).isEqualTo(200);
    }

    @Test
    void theLoginFormNeedsSpringSecuritysCsrfTokenWhichTheLoginPageCarries() throws Exception {
        String form = "username=instructor&password=" + PASSWORD;
        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(forged.headers().firstValue("Location").filter(l -> l.endsWith("/instructor")))
                .as("not logged in").isEmpty();

        HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/login")).GET());
        Matcher token = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as("the page carries the token for the form").isTrue();
        String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        HttpResponse<String> real = send(HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + token.group(1))));
        assertThat(real.statusCode()).isEqualTo(302);
        assertThat(real.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/instructor"));
    }

    private HttpResponse<String> instructorRuns(String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("instructor:" + password).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri("/api/instructor/runs")).header("Authorization", "Basic " + basic).GET());
    }

    private void assertJsonError(HttpResponse<String> response, int status, String message) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo(message);
    }

    private HttpResponse<String> post(String path, String body, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Bytes as a hostile client writes them: Java's HTTP client would refuse to send these. */
    private String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Sends {@code bytes} of a JSON string in 8 kB chunks from another thread, as long as the server reads them. */
    private String rawChunkedPost(String path, String bearer, int bytes) throws Exception {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            Thread writer = new Thread(() -> {
                try {
                    out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + bearer
                            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    byte[] chunk = ("2000\r\n" + "a".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
                    out.write("1\r\n\"\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    for (int sent = 0; sent < bytes; sent += 0x2000) {
                        out.write(chunk);
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // The server stopped reading, as it should.
                }
            });
            writer.start();
            byte[] head = socket.getInputStream().readNBytes(400);
            writer.join(20_000);
            return new String(head, StandardCharsets.ISO_8859_1);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
