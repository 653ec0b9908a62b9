package org.layerlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.training.NoiseFeatureExperiment;

/**
 * The dimensions page's noise-feature experiment as a job ({@code POST /api/lr/noise}) over real
 * HTTP: the job's result is the core's for the same request, and every refusal names its field.
 */
class NoiseExperimentEndpointTest extends HttpEndpointTest {
    private void assertRefused(String body, String field, String message) throws Exception {
        assertRefused(400, "/api/lr/noise", body, field, message);
    }

    @Test
    void theJobsResultIsTheCoresForTheSameRequest() throws Exception {
        String request = "{\"config\": {\"seed\": 3, \"data\": {\"samples\": 60}}, \"noiseFeatures\": [0, 5],"
                + " \"seeds\": 3, \"epochs\": 20}";
        HttpResponse<String> accepted = send("POST", "/api/lr/noise", request);
        assertEquals(202, accepted.statusCode(), accepted.body());
        JsonNode status = JSON.readTree(accepted.body());
        assertEquals("noise", status.get("kind").textValue());
        String id = status.get("id").textValue();
        for (int i = 0; i < 300 && !"done".equals(status.get("state").textValue()); i++) {
            assertTrue(List.of("queued", "running").contains(status.get("state").textValue()), status.toString());
            Thread.sleep(50);
            status = JSON.readTree(send("GET", "/api/lr/jobs/" + id, null).body());
        }
        assertEquals("done", status.get("state").textValue(), status.toString());
        NoiseFeatureExperiment.Result core = NoiseFeatureExperiment.run(
                NoiseFeatureExperiment.parse(request, NetworkLimits.DEFAULT), 1, null);
        assertEquals(JSON.readTree(core.toJson()), status.get("result"));
        assertEquals(core.row(5).testLoss().median(),
                status.get("result").get("rows").get(1).get("testLoss").get("median").doubleValue(), 0);
    }

    @Test
    void everyBadFieldIsRefusedWithItsNameAndRange() throws Exception {
        assertRefused("{\"noiseFeatures\": [0, 60]}", "noiseFeatures[1]", "noiseFeatures[1] must be in [0, 50], got 60");
        assertRefused("{\"noiseFeatures\": [3, 1]}", "noiseFeatures[1]", "noiseFeatures must be strictly increasing");
        assertRefused("{\"noiseFeatures\": []}", "noiseFeatures", "noiseFeatures must list at least one number");
        assertRefused("{\"seeds\": 0}", "seeds", "seeds must be in [1, 1000], got 0");
        assertRefused("{\"vary\": 3}", "vary", "vary must be a string, got 3");
        assertRefused("{\"config\": {\"data\": {\"dataset\": \"custom\"}}}", "config.data.dataset",
                "config.data.dataset is custom");
        assertRefused("{\"seeds\": 3,", null, "malformed JSON in the noise-feature request");
        // the shared server's limits, as for the learning-rate page's jobs
        assertRefused("{\"seeds\": 51}", "seeds", "seeds must be at most 50 on this shared server, got 51; run"
                + " `layerlab noise`");
        assertRefused("{\"epochs\": 5001}", "epochs", "epochs must be at most 5000 on this shared server");
        // 3 · 50 · 5000 · 250 · (25 + 225) = 4.7e10 multiply-adds, over the classroom's 1.5e10
        assertRefused("{\"noiseFeatures\": [0, 50], \"seeds\": 50, \"epochs\": 5000}", "seeds",
                "this experiment is too large for the shared server: about 4.7e+10 multiply-adds");
        HttpResponse<String> large = send("POST", "/api/lr/noise", "{\"x\": \"" + "a".repeat(70_000) + "\"}");
        assertEquals(413, large.statusCode());
    }

    @Test
    void theDimensionsPageSetsTheCookieJobsAreCountedUnder() throws Exception {
        HttpResponse<String> page = send("GET", "/dimensions", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith(ClientKeys.COOKIE + "=")),
                page.headers().toString());
    }
}
