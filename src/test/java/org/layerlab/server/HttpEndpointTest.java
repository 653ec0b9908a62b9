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
import org.junit.jupiter.api.TestInstance;

/**
 * What the HTTP endpoint tests stand on: the real server in-process on a free port with one
 * worker, for the whole class, and plain requests to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpEndpointTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final HttpClient client = HttpClient.newHttpClient();
    Javalin app;
    int port;

    @BeforeAll
    void start() {
        app = LayerLabServer.create(ServerSettings.defaults().withWorkers(1).withPort(0)).start();
        port = app.port();
    }

    @AfterAll
    void stop() {
        app.stop();
    }

    /** A request with {@code body} (null: none), its answer as text. */
    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs {@code body} to {@code path} and checks the refusal's status, the field it names (or none) and its message. */
    void assertRefused(int status, String path, String body, String field, String messageStart) throws Exception {
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
}
