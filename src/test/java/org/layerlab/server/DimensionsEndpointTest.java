package org.layerlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.insight.Dimensionality;

/** GET /dimensions and GET /api/dimensions over real HTTP: the core's numbers, and every refusal named. */
class DimensionsEndpointTest extends HttpEndpointTest {
    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    @Test
    void thePageIsServed() throws Exception {
        HttpResponse<String> page = get("/dimensions");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/assets/js/dimensions.js"));
        assertTrue(page.body().contains("aria-current=\"page\" href=\"/dimensions\"")
                || page.body().contains("href=\"/dimensions\" aria-current=\"page\""), "the menu marks this page");
    }

    @Test
    void theNumbersAreTheCoresForTheSameRequest() throws Exception {
        HttpResponse<String> response = get("/api/dimensions?n=120&dims=20,3&seed=9&n1=5");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonNode body = JSON.readTree(response.body());
        assertEquals(120, body.get("n").asInt());
        assertEquals(List.of(3, 20), List.of(body.get("dims").get(0).asInt(), body.get("dims").get(1).asInt()));
        assertEquals(120L * 119 / 2 * 23, body.get("work").asLong());
        assertTrue(body.get("millis").asDouble() >= 0);
        Dimensionality.Measure expected = Dimensionality.measure(120, 20, 9, 5);
        JsonNode twenty = body.get("measures").get(1);
        assertEquals(20, twenty.get("d").asInt());
        assertEquals(expected.ratioMedian(), twenty.get("ratioMedian").asDouble());
        assertEquals(expected.ratioQ1(), twenty.get("ratioQ1").asDouble());
        assertEquals(expected.meanDistance(), twenty.get("meanDistance").asDouble());
        assertEquals(expected.log10SamplesSameNearest(), twenty.get("log10SamplesSameNearest").asDouble());
        assertEquals(expected.pointsInBall(), twenty.get("pointsInBall").asInt());
        // asked again: the same answer (from the cache, byte for byte)
        assertEquals(response.body(), get("/api/dimensions?n=120&dims=20,3&seed=9&n1=5").body());
    }

    private JsonNode refused(String query) throws Exception {
        HttpResponse<String> response = get("/api/dimensions" + query);
        assertEquals(400, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void everyBadParameterIsRefusedNamingItAndItsRange() throws Exception {
        JsonNode n = refused("?n=3");
        assertEquals("n", n.get("field").asText());
        assertEquals("n must be in [10, 2000], got 3", n.get("error").asText());
        JsonNode dims = refused("?dims=1,5000");
        assertEquals("dims", dims.get("field").asText());
        assertEquals("dims must be in [1, 1000], got 5000", dims.get("error").asText());
        JsonNode seed = refused("?seed=x");
        assertEquals("seed must be a whole number in [0, 9007199254740991], got \"x\"", seed.get("error").asText());
        assertEquals("n1", refused("?n1=0").get("field").asText());
        JsonNode unknown = refused("?points=10");
        assertEquals("unknown parameter points; allowed: n, dims, seed, n1", unknown.get("error").asText());
        JsonNode twice = refused("?n=10&n=20");
        assertEquals("n must be given once, got 2 values", twice.get("error").asText());
    }

    @Test
    void aRequestBeyondTheWorkLimitIsRefusedWithTheLimit() throws Exception {
        JsonNode body = refused("?n=2000&dims=1000");
        assertEquals("n", body.get("field").asText());
        String message = body.get("error").asText();
        assertTrue(message.contains("2.00e+09") && message.contains("the limit is 6.00e+08"), message);
        // the server carries on
        assertEquals(200, get("/api/dimensions?n=10&dims=1").statusCode());
    }
}
