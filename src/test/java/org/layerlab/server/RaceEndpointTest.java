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
import java.util.concurrent.TimeUnit;
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

    private RacePageClient connect() throws Exception {
        return RacePageClient.connect(client, app.port(), null);
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
        RacePageClient page = connect();
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
