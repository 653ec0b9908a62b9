package org.layerlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.layerlab.protocol.FrameCodec;
import org.layerlab.protocol.Protocol;
import org.layerlab.session.SessionSettings;

/** The server in-process on a free port, driven over real HTTP and WebSockets. */
class LayerLabServerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String W1 = "{\"type\":\"configure\",\"config\":{\"seed\":1,\"data\":{\"dataset\":\"circle\","
            + "\"samples\":500,\"noise\":0,\"trainFraction\":0.5},\"features\":[\"x1\",\"x2\"],\"network\":{\"hidden\":[4,2],"
            + "\"activation\":\"tanh\",\"output\":\"tanh\",\"loss\":\"squared\",\"init\":\"playground\"},"
            + "\"training\":{\"learningRate\":0.03,\"batchSize\":10}}}";

    private final HttpClient client = HttpClient.newHttpClient();
    private final List<TestSocket> sockets = new ArrayList<>();
    private Javalin app;

    private int start(ServerSettings settings) {
        app = LayerLabServer.create(settings.withPort(0)).start();
        return app.port();
    }

    private int start() {
        return start(ServerSettings.defaults().withWorkers(2));
    }

    private TestSocket socket(int port, String query) throws Exception {
        TestSocket socket = TestSocket.open(client, port, query);
        sockets.add(socket);
        return socket;
    }

    @AfterEach
    void stop() {
        for (TestSocket socket : sockets) {
            try {
                socket.close();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        if (app != null) {
            app.stop();
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesThePageAssetsLibrariesHealthAndMetrics() throws Exception {
        int port = start();
        HttpResponse<String> page = get(port, "/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<html"), "the playground page");
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));

        HttpResponse<String> app = get(port, "/assets/js/wire.js");
        assertEquals(200, app.statusCode());
        assertTrue(app.headers().firstValue("content-type").orElse("").contains("javascript"));
        assertEquals(404, get(port, "/assets/js/nothing-here.js").statusCode());

        assertEquals(200, get(port, "/webjars/uplot/1.6.30/dist/uPlot.esm.js").statusCode());

        JsonNode health = JSON.readTree(get(port, "/health").body());
        assertEquals("ok", health.get("status").asText());
        assertEquals(Protocol.VERSION, health.get("protocol").asInt());

        JsonNode metrics = JSON.readTree(get(port, "/metrics").body());
        assertTrue(metrics.get("heapUsedBytes").asLong() > 0);
        assertTrue(metrics.has("processCpuLoad"));
        assertEquals(2, metrics.get("workers").asInt());
    }

    @Test
    void helloArrivesThenW1TrainsBelowFivePercentTestLoss() throws Exception {
        int port = start();
        TestSocket tab = socket(port, null);
        JsonNode hello = tab.await("hello", h -> true, WAIT);
        assertEquals(Protocol.VERSION, hello.get("protocol").asInt());
        assertFalse(hello.get("resumed").asBoolean());
        assertEquals("hello", tab.events.get(0).get("type").asText(), "hello comes first");
        tab.await("data", d -> true, WAIT);
        tab.await("state", s -> true, WAIT);

        tab.send(W1);
        tab.send("{\"type\":\"play\"}");
        tab.await("state", s -> s.get("running").asBoolean(), WAIT);
        FrameCodec.DecodedFrame good = tab.awaitFrame(f -> f.testLoss() < 0.05, WAIT);
        assertTrue(good.epoch() > 0);
        assertEquals(9, tab.awaitFrame(f -> f.thumbnails() != null, WAIT).thumbnails().length);
        assertTrue(tab.events("error").isEmpty(), tab.events("error").toString());
    }

    @Test
    void malformedJsonIsAnErrorAndTheConnectionStaysUsable() throws Exception {
        int port = start();
        TestSocket tab = socket(port, null);
        tab.await("state", s -> true, WAIT);
        tab.send("{\"type\": \"play\", ");
        JsonNode error = tab.await("error", e -> true, WAIT);
        assertTrue(error.get("message").asText().contains("not valid JSON"), error.toString());
        assertTrue(error.get("field").isNull());

        tab.send("{\"type\":\"speed\",\"epochsPerSecond\":-3}");
        JsonNode range = tab.await("error", e -> "speed".equals(e.get("command").asText()), WAIT);
        assertEquals("epochsPerSecond", range.get("field").asText());

        tab.sendBinary(new byte[] {1, 2, 3});
        tab.await("error", e -> e.get("message").asText().contains("only text messages"), WAIT);

        tab.send("{\"type\":\"play\"}");
        tab.await("state", s -> s.get("running").asBoolean(), WAIT);
        int before = tab.frames.size();
        tab.awaitFrame(f -> tab.frames.size() > before + 3, WAIT);
    }

    @Test
    void aReconnectWithTheTokenResumesTheSameSession() throws Exception {
        int port = start();
        TestSocket first = socket(port, null);
        JsonNode hello = first.await("hello", h -> true, WAIT);
        first.send("{\"type\":\"play\"}");
        FrameCodec.DecodedFrame seen = first.awaitFrame(f -> f.epoch() > 20, WAIT);
        first.close();

        TestSocket second = socket(port, "resume=" + hello.get("resumeToken").asText());
        JsonNode again = second.await("hello", h -> true, WAIT);
        assertTrue(again.get("resumed").asBoolean());
        assertEquals(hello.get("session").asText(), again.get("session").asText());
        JsonNode state = second.await("state", s -> true, WAIT);
        assertTrue(state.get("epoch").asLong() >= (long) seen.epoch(), "epoch " + state.get("epoch") + " after " + seen.epoch());
        second.awaitFrame(f -> f.epoch() >= seen.epoch(), WAIT);

        TestSocket garbage = socket(port, "resume=not-a-token");
        assertFalse(garbage.await("hello", h -> true, WAIT).get("resumed").asBoolean());
    }

    @Test
    void aFullServerSaysSoAndClosesTheSocket() throws Exception {
        int port = start(ServerSettings.defaults().withWorkers(1)
                .withSessions(SessionSettings.defaults().withMaxSessions(1)));
        TestSocket first = socket(port, null);
        first.await("hello", h -> true, WAIT);
        TestSocket second = socket(port, null);
        JsonNode error = second.await("error", e -> true, WAIT);
        assertTrue(error.get("message").asText().contains("full"), error.toString());
        assertEquals(1013, second.closed.get(5, TimeUnit.SECONDS));
        assertTrue(second.events("hello").isEmpty());
    }

    @Test
    void permessageDeflateIsOfferedToClientsThatAskForIt() throws Exception {
        int port = start();
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String status = in.readLine();
            assertTrue(status.contains("101"), status);
            String extensions = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase().startsWith("sec-websocket-extensions:")) {
                    extensions = line;
                }
            }
            assertTrue(extensions != null && extensions.contains("permessage-deflate"), "extensions: " + extensions);
        }
    }

    @Test
    void settingsComeFromFlagsOverEnvironmentOverDefaults() {
        ServerSettings defaults = ServerSettings.resolve(java.util.Map.of(), java.util.Map.of());
        assertEquals(7070, defaults.port());
        assertNull(defaults.webDir());
        assertEquals(Duration.ofMinutes(10), defaults.sessions().idleTimeout());

        ServerSettings fromEnv = ServerSettings.resolve(java.util.Map.of(),
                java.util.Map.of("LAYERLAB_PORT", "8080", "LAYERLAB_IDLE_TIMEOUT", "30s", "LAYERLAB_MAX_SESSIONS", "50"));
        assertEquals(8080, fromEnv.port());
        assertEquals(Duration.ofSeconds(30), fromEnv.sessions().idleTimeout());
        assertEquals(50, fromEnv.sessions().maxSessions());

        ServerSettings flagsWin = ServerSettings.resolve(java.util.Map.of("port", "9090", "workers", "3",
                "max-bytes-per-second", "120000", "idle-timeout", "2m"), java.util.Map.of("LAYERLAB_PORT", "8080"));
        assertEquals(9090, flagsWin.port());
        assertEquals(3, flagsWin.workers());
        assertEquals(120_000, flagsWin.sessions().maxBytesPerSecond());
        assertEquals(Duration.ofMinutes(2), flagsWin.sessions().idleTimeout());

        IllegalArgumentException badFlag = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ServerSettings.resolve(java.util.Map.of("port", "70000"), java.util.Map.of()));
        assertTrue(badFlag.getMessage().startsWith("--port must be in [0, 65535]"), badFlag.getMessage());
        IllegalArgumentException badEnv = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ServerSettings.resolve(java.util.Map.of(), java.util.Map.of("LAYERLAB_IDLE_TIMEOUT", "soon")));
        assertTrue(badEnv.getMessage().startsWith("LAYERLAB_IDLE_TIMEOUT must be a duration"), badEnv.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ServerSettings.resolve(java.util.Map.of("web-dir", "/no/such/folder"), java.util.Map.of()));

        // The heavy jobs' limits: 64 waiting and 4 per client unless told otherwise.
        assertEquals(64, defaults.maxQueuedJobs());
        assertEquals(4, defaults.jobsPerClient());
        ServerSettings jobs = ServerSettings.resolve(java.util.Map.of("jobs-per-client", "2"),
                java.util.Map.of("LAYERLAB_MAX_QUEUED_JOBS", "0", "LAYERLAB_JOBS_PER_CLIENT", "9"));
        assertEquals(0, jobs.maxQueuedJobs());
        assertEquals(2, jobs.jobsPerClient());
        IllegalArgumentException badJobs = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ServerSettings.resolve(java.util.Map.of("jobs-per-client", "0"), java.util.Map.of()));
        assertTrue(badJobs.getMessage().startsWith("--jobs-per-client must be in [1, 1000]"), badJobs.getMessage());
        IllegalArgumentException badQueue = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ServerSettings.resolve(java.util.Map.of(), java.util.Map.of("LAYERLAB_MAX_QUEUED_JOBS", "many")));
        assertTrue(badQueue.getMessage().startsWith("LAYERLAB_MAX_QUEUED_JOBS must be"), badQueue.getMessage());
    }
}
