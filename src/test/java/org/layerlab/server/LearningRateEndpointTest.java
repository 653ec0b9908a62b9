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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.insight.LossLandscape;

/** The learning-rate page and its job API over real HTTP: the core's results, and every refusal named. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LearningRateEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private Javalin app;
    private int port;

    @BeforeAll
    void start() {
        app = LayerLabServer.create(ServerSettings.defaults().withWorkers(1).withPort(0)).start();
        port = app.port();
    }

    @AfterAll
    void stop() {
        app.stop();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The refusal's status, message and field. */
    private void assertRefused(int status, String path, String body, String field, String messageStart) throws Exception {
        HttpResponse<String> response = send("POST", path, body);
        assertEquals(status, response.statusCode(), response.body());
        JsonNode json = JSON.readTree(response.body());
        if (field == null) {
            assertTrue(json.get("field").isNull(), response.body());
        } else {
            assertEquals(field, json.get("field").textValue(), response.body());
        }
        assertTrue(json.get("error").textValue().startsWith(messageStart), response.body());
    }

    @Test
    void thePageIsServedWithTheMenuMarkingIt() throws Exception {
        HttpResponse<String> page = send("GET", "/learning-rate", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/assets/js/lr.js"));
        assertTrue(page.body().contains("href=\"/learning-rate\" aria-current=\"page\""), "the menu marks this page");
    }

    @Test
    void everyBadFieldIsRefusedWithItsNameAndRange() throws Exception {
        assertRefused(400, "/api/lr/minima", "{\"seeds\": 0}", "seeds", "seeds must be in [1, 1000], got 0");
        assertRefused(400, "/api/lr/minima", "{\"seeds\": 60}", "seeds", "seeds must be at most 50 on this shared server");
        assertRefused(400, "/api/lr/minima", "{\"epochs\": 9000}", "epochs", "epochs must be at most 5000");
        assertRefused(400, "/api/lr/minima", "{\"config\": {\"training\": {\"learningRate\": 20}}}",
                "config.training.learningRate", "config.training.learningRate must be in (0, 10], got 20");
        assertRefused(400, "/api/lr/minima", "{\"seeds\": 3,", null, "malformed JSON in the minima request");
        assertRefused(400, "/api/lr/minima", "[1, 2]", null, "the minima request must be a JSON object");
        assertRefused(400, "/api/lr/sweep", "{\"minRate\": -1}", "minRate", "minRate must be in (0, 10], got -1");
        assertRefused(400, "/api/lr/sweep", "{\"perDecade\": 9}", "perDecade",
                "minRate to maxRate at perDecade 9 gives 46 rates; this server runs at most 41");
        assertRefused(400, "/api/lr/sweep", "{\"speed\": 1}", "speed", "unknown field speed");
        assertRefused(400, "/api/lr/landscape", "{\"resolution\": 40}", "resolution", "resolution must be odd");
        assertRefused(400, "/api/lr/landscape", "{\"radius\": 1000}", "radius", "radius must be in (0, 100], got 1000");
        assertRefused(400, "/api/lr/landscape", "{\"directions\": \"up\"}", "directions", "directions must be");
        assertRefused(413, "/api/lr/landscape", "{\"x\": \"" + "a".repeat(70_000) + "\"}", null,
                "The request has 70009 characters; at most 65536");
        HttpResponse<String> unknown = send("GET", "/api/lr/jobs/nope", null);
        assertEquals(404, unknown.statusCode());
        assertTrue(JSON.readTree(unknown.body()).get("error").textValue().startsWith("No such job"));
        assertEquals(404, send("DELETE", "/api/lr/jobs/nope", null).statusCode());
    }

    @Test
    void aJobIsAcceptedAndItsResultIsTheCoresOwn() throws Exception {
        String request = "{\"config\": {\"data\": {\"samples\": 100}}, \"epochs\": 10, \"resolution\": 7,"
                + " \"pathPoints\": 4}";
        HttpResponse<String> accepted = send("POST", "/api/lr/landscape", request);
        assertEquals(202, accepted.statusCode(), accepted.body());
        JsonNode job = JSON.readTree(accepted.body());
        String id = job.get("id").textValue();
        assertEquals("landscape", job.get("kind").textValue());
        JsonNode status = job;
        for (int i = 0; i < 500 && !status.get("state").textValue().equals("done"); i++) {
            Thread.sleep(20);
            status = JSON.readTree(send("GET", "/api/lr/jobs/" + id, null).body());
        }
        assertEquals("done", status.get("state").textValue(), status.toString());
        LossLandscape.Result core = LossLandscape.compute(LossLandscape.parse(request, NetworkLimits.DEFAULT), null);
        assertEquals(JSON.readTree(core.toJsonTree().toString()), status.get("result"));

        HttpResponse<String> cancelled = send("DELETE", "/api/lr/jobs/" + id, null);
        assertEquals(200, cancelled.statusCode());
        assertEquals("done", JSON.readTree(send("GET", "/api/lr/jobs/" + id, null).body()).get("state").textValue(),
                "cancelling a finished job changes nothing");
    }
}
