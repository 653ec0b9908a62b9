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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.layerlab.protocol.RaceFrameCodec;
import org.layerlab.training.Race;

/** The race page and its socket over real HTTP and WebSockets, the server in-process on a free port. */
class RaceEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private Javalin app;

    @BeforeEach
    void start() {
        app = LayerLabServer.create(ServerSettings.defaults().withPort(0).withWorkers(2)).start();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    /** A race page stand-in: text events as JSON, frames decoded (not acknowledged). */
    private static final class Page implements WebSocket.Listener {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        final List<RaceFrameCodec.DecodedFrame> frames = new CopyOnWriteArrayList<>();
        final StringBuilder text = new StringBuilder();
        final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    events.add(JSON.readTree(text.toString()));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.write(chunk, 0, chunk.length);
            if (last) {
                frames.add(RaceFrameCodec.decode(ByteBuffer.wrap(binary.toByteArray())));
                binary.reset();
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        void send(String message) throws Exception {
            socket.sendText(message, true).get(5, TimeUnit.SECONDS);
        }

        JsonNode await(String type, Predicate<JsonNode> condition) throws InterruptedException {
            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end) {
                for (JsonNode event : events) {
                    if (event.get("type").asText().equals(type) && condition.test(event)) {
                        return event;
                    }
                }
                Thread.sleep(5);
            }
            throw new AssertionError("no matching " + type + " event; got " + events);
        }
    }

    private Page connect() throws Exception {
        Page page = new Page();
        client.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + app.port() + "/race/ws"), page)
                .get(10, TimeUnit.SECONDS);
        page.await("hello", e -> true);
        return page;
    }

    @Test
    void thePageIsServedWithItsModuleAndTheMenu() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + app.port() + "/race")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<script type=\"module\" src=\"/assets/js/race-app.js\"></script>"));
        assertTrue(response.body().contains("<a href=\"/race\" aria-current=\"page\">Race</a>"));
        HttpResponse<String> module = client.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + app.port() + "/assets/js/race-app.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, module.statusCode());
        assertTrue(module.headers().firstValue("content-type").orElse("").contains("javascript"));
    }

    @Test
    void badMessagesGetAnErrorNamingTheFieldAndTheSocketCarriesOn() throws Exception {
        Page page = connect();
        JsonNode hello = page.events.get(0);
        assertEquals(1, hello.get("protocol").asInt());
        assertEquals(20000, hello.get("limits").get("maxEpochs").asInt());
        assertEquals(2, hello.get("jobSlots").asInt());

        page.send("{\"type\": \"play\"");
        JsonNode malformed = page.await("error", e -> true);
        assertTrue(malformed.get("field").isNull());
        assertTrue(malformed.get("message").asText().startsWith("The message is not valid JSON"));

        page.send("{\"type\": \"race\", \"race\": {\"contestants\": [{\"name\": \"a\"}, {\"name\": \"b\"}],"
                + " \"maxEpochs\": 50000}}");
        JsonNode tooLong = page.await("error", e -> "race.maxEpochs".equals(e.get("field").asText()));
        assertEquals("race", tooLong.get("command").asText());

        page.socket.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(5, TimeUnit.SECONDS);
        page.await("error", e -> e.get("message").asText().contains("only text messages"));

        // Still alive: a good race is set up and its first frame arrives.
        page.send("{\"type\": \"race\", \"race\": " + Race.defaultRace("circle").toJsonTree() + "}");
        JsonNode state = page.await("raceState", s -> s.get("contestants").size() == 4);
        assertEquals("sigmoid", state.get("contestants").get(0).get("name").asText());
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (page.frames.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        RaceFrameCodec.DecodedFrame first = page.frames.get(0);
        assertEquals(state.get("liveId").asLong(), first.liveId());
        assertEquals(0, first.epoch());
        assertEquals(4, first.contestants().size());
        assertTrue(first.contestants().stream().allMatch(c -> c.map() != null), "everyone's starting map");
        page.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        page.closed.get(5, TimeUnit.SECONDS);
    }
}
