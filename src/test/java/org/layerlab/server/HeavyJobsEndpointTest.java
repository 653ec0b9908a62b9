package org.layerlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.training.LearningRateSweep;
import org.layerlab.training.Race;

/**
 * The race page and the learning-rate page under the server's one admission for heavy jobs, over
 * real HTTP and WebSockets on a one-worker server: one heavy job at a time whichever page asked,
 * the queue's bound (503) and the limit per client (429, and an error on the race socket) with their
 * messages, the client cookie, and the counts in /metrics.
 */
class HeavyJobsEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** About 15 s of one core: still running when the test ends and the server stops it. */
    private static final String LONG_MINIMA = "{\"config\": {\"data\": {\"samples\": 100}}, \"seeds\": 50,"
            + " \"epochs\": 5000}";
    private static final String SWEEP = "{\"config\": {\"data\": {\"samples\": 100}}, \"minRate\": 0.01,"
            + " \"maxRate\": 1, \"perDecade\": 1, \"seeds\": 2, \"epochs\": 10}";
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<RacePageClient> pages = new ArrayList<>();
    private Javalin app;

    @BeforeEach
    void start() {
        app = LayerLabServer.create(ServerSettings.defaults().withPort(0).withWorkers(1)).start();
    }

    @AfterEach
    void stop() {
        for (RacePageClient page : pages) {
            page.socket.abort();
        }
        app.stop();
    }

    /** A client cookie of the server's form (22 base64url characters), distinct per n. */
    private static String cookie(int n) {
        return String.format("client%016d", n);
    }

    private HttpResponse<String> send(String method, String path, String body, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path));
        if (cookie != null) {
            request.header("Cookie", ClientKeys.COOKIE + "=" + cookie);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode metrics() throws Exception {
        return JSON.readTree(send("GET", "/metrics", null, null).body());
    }

    private JsonNode status(String id) throws Exception {
        return JSON.readTree(send("GET", "/api/lr/jobs/" + id, null, null).body());
    }

    private RacePageClient racePage(String cookie) throws Exception {
        RacePageClient page = RacePageClient.connect(client, app.port(), cookie);
        pages.add(page);
        return page;
    }

    @Test
    void aSweepWaitsBehindARaceRepeatAndMetricsCountBoth() throws Exception {
        JsonNode idle = metrics();
        assertEquals(0, idle.get("raceSessions").asInt());
        assertEquals(1, idle.get("jobSlots").asInt());
        assertEquals(0, idle.get("jobsRunning").asInt());
        assertEquals(0, idle.get("jobsQueued").asInt());

        RacePageClient page = racePage(cookie(1));
        page.send("{\"type\": \"race\", \"race\": " + Race.defaultRace("spiral").withSeeds(10).toJsonTree() + "}");
        page.send("{\"type\": \"repeat\"}");
        page.await("progress", p -> p.get("state").asText().equals("running"));

        HttpResponse<String> accepted = send("POST", "/api/lr/sweep", SWEEP, cookie(2));
        assertEquals(202, accepted.statusCode(), accepted.body());
        JsonNode sweep = JSON.readTree(accepted.body());
        assertEquals("queued", sweep.get("state").textValue(), "one worker: the race repeat holds the one slot");
        assertEquals(1, sweep.get("position").intValue());

        JsonNode busy = metrics();
        assertEquals(1, busy.get("raceSessions").asInt());
        assertEquals(1, busy.get("jobsRunning").asInt());
        assertEquals(1, busy.get("jobsQueued").asInt());
        assertEquals(1, busy.get("raceJobsRunning").asInt());
        assertEquals(0, busy.get("raceJobsQueued").asInt());
        assertEquals(0, busy.get("experimentJobsRunning").asInt());
        assertEquals(1, busy.get("experimentJobsQueued").asInt());

        page.send("{\"type\": \"cancel\"}");
        page.await("progress", p -> p.get("state").asText().equals("cancelled"));
        String id = sweep.get("id").textValue();
        JsonNode status = status(id);
        for (int i = 0; i < 3000 && !status.get("state").textValue().equals("done"); i++) {
            Thread.sleep(10);
            status = status(id);
        }
        assertEquals("done", status.get("state").textValue(), status.toString());
        LearningRateSweep.Result core = LearningRateSweep.run(LearningRateSweep.parse(SWEEP, NetworkLimits.DEFAULT), 1,
                null);
        assertEquals(JSON.readTree(core.toJsonTree().toString()), status.get("result"));

        page.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode after = metrics();
        while (after.get("raceSessions").asInt() != 0 && System.nanoTime() < end) {
            Thread.sleep(10);
            after = metrics();
        }
        assertEquals(0, after.get("raceSessions").asInt(), "a closed race page no longer counts");
        assertEquals(0, after.get("jobsRunning").asInt());
        assertEquals(0, after.get("jobsQueued").asInt());
    }

    @Test
    void aClientHoldsAtMostFourJobsAcrossBothPages() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> accepted = send("POST", "/api/lr/minima", LONG_MINIMA, cookie(1));
            assertEquals(202, accepted.statusCode(), accepted.body());
            ids.add(JSON.readTree(accepted.body()).get("id").textValue());
        }
        HttpResponse<String> fifth = send("POST", "/api/lr/sweep", SWEEP, cookie(1));
        assertEquals(429, fifth.statusCode(), fifth.body());
        assertEquals("30", fifth.headers().firstValue("Retry-After").orElse(""));
        JsonNode refusal = JSON.readTree(fifth.body());
        assertEquals("You already have 4 jobs waiting or running on this server, the most one client may have at once"
                + " (4). Wait for one to finish, or cancel one, then try again.", refusal.get("error").textValue());
        assertTrue(refusal.get("field").isNull());

        // The same client's race page is refused too, naming the limit.
        RacePageClient page = racePage(cookie(1));
        page.send("{\"type\": \"race\", \"race\": " + Race.defaultRace("circle").toJsonTree() + "}");
        page.send("{\"type\": \"repeat\"}");
        JsonNode error = page.await("error", e -> e.get("command").asText().equals("repeat"));
        assertEquals(refusal.get("error").textValue(), error.get("message").asText());

        // Another cookie from the same address, and a request without a cookie, are other clients.
        assertEquals(202, send("POST", "/api/lr/sweep", SWEEP, cookie(2)).statusCode());
        JsonNode anonymous = JSON.readTree(send("POST", "/api/lr/sweep", SWEEP, null).body());
        assertEquals(5, anonymous.get("position").intValue(), "after the three minima and the other client's sweep");

        // Cancelling one frees the share at once, even while the job is still running.
        assertEquals(200, send("DELETE", "/api/lr/jobs/" + ids.get(0), null, null).statusCode());
        assertEquals(202, send("POST", "/api/lr/sweep", SWEEP, cookie(1)).statusCode());
    }

    @Test
    void beyondSixtyFourWaitingJobsTheServerIsBusy() throws Exception {
        // 1 running + 64 waiting, from 17 clients of at most 4 jobs each
        for (int i = 0; i < 65; i++) {
            HttpResponse<String> accepted = send("POST", "/api/lr/minima", LONG_MINIMA, cookie(i / 4));
            assertEquals(202, accepted.statusCode(), "job " + i + ": " + accepted.body());
        }
        assertEquals(64, metrics().get("jobsQueued").asInt());
        HttpResponse<String> full = send("POST", "/api/lr/sweep", SWEEP, cookie(100));
        assertEquals(503, full.statusCode(), full.body());
        assertEquals("30", full.headers().firstValue("Retry-After").orElse(""));
        assertEquals("The server is busy: 1 job is running and 64 are waiting. Try again in a minute.",
                JSON.readTree(full.body()).get("error").textValue());

        // A race repeat is refused by the same bound.
        RacePageClient page = racePage(cookie(101));
        page.send("{\"type\": \"race\", \"race\": " + Race.defaultRace("circle").toJsonTree() + "}");
        page.send("{\"type\": \"repeat\"}");
        JsonNode error = page.await("error", e -> e.get("command").asText().equals("repeat"));
        assertEquals("The server is busy: 1 job is running and 64 are waiting. Try again in a minute.",
                error.get("message").asText());
        assertEquals(0, metrics().get("raceJobsQueued").asInt());
    }

    @Test
    void aServerStartedWithOtherJobLimitsKeepsThem() throws Exception {
        app.stop();
        ServerSettings settings = ServerSettings.resolve(java.util.Map.of("port", "0", "workers", "1",
                "max-queued-jobs", "2"), java.util.Map.of("LAYERLAB_JOBS_PER_CLIENT", "1"));
        app = LayerLabServer.create(settings).start();

        assertEquals(202, send("POST", "/api/lr/minima", LONG_MINIMA, cookie(1)).statusCode());
        HttpResponse<String> second = send("POST", "/api/lr/sweep", SWEEP, cookie(1));
        assertEquals(429, second.statusCode(), second.body());
        assertEquals("You already have 1 job waiting or running on this server, the most one client may have at once"
                + " (1). Wait for it to finish, or cancel it, then try again.",
                JSON.readTree(second.body()).get("error").textValue());

        // 1 running + 2 waiting fill it; the next client finds the server busy.
        assertEquals(202, send("POST", "/api/lr/minima", LONG_MINIMA, cookie(2)).statusCode());
        assertEquals(202, send("POST", "/api/lr/minima", LONG_MINIMA, cookie(3)).statusCode());
        HttpResponse<String> full = send("POST", "/api/lr/sweep", SWEEP, cookie(4));
        assertEquals(503, full.statusCode(), full.body());
        assertEquals("The server is busy: 1 job is running and 2 are waiting. Try again in a minute.",
                JSON.readTree(full.body()).get("error").textValue());
    }

    @Test
    void bothPagesGiveTheBrowserAClientCookie() throws Exception {
        for (String path : List.of("/race", "/learning-rate")) {
            HttpResponse<String> page = send("GET", path, null, null);
            String setCookie = page.headers().firstValue("Set-Cookie").orElse("");
            assertTrue(setCookie.matches(ClientKeys.COOKIE + "=[A-Za-z0-9_-]{22};.*"), path + ": " + setCookie);
            assertTrue(setCookie.contains("HttpOnly"), setCookie);
            assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
            assertTrue(setCookie.contains("Path=/"), setCookie);
            assertTrue(send("GET", path, null, cookie(1)).headers().firstValue("Set-Cookie").isEmpty(),
                    path + ": a browser that has one keeps it");
        }
        assertEquals("127.0.0.1", ClientKeys.key("127.0.0.1", null));
        assertEquals("127.0.0.1", ClientKeys.key("127.0.0.1", "not;ours"), "a malformed cookie counts as none");
        assertEquals("127.0.0.1 " + cookie(3), ClientKeys.key("127.0.0.1", cookie(3)));
    }
}
