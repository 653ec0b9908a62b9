package org.layerlab.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A session whose config has noise features: its state, the trace of a plane point, model files. */
class NoiseFeaturesSessionTest extends OneSessionTest {
    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void theStateNamesEveryInputAndAPlanePointIsTracedWithTheNoiseAtZero() {
        start();
        send("{\"type\":\"configure\",\"config\":{\"noiseFeatures\":3}}");
        JsonNode state = viewer.await("state", s -> s.get("config").get("noiseFeatures").asInt() == 3, WAIT);
        assertEquals(List.of("x1", "x2", "noise1", "noise2", "noise3"), texts(state.get("featureIds")));
        assertEquals(5, state.get("layerSizes").get(0).asInt());
        assertEquals(5, inside(() -> session.trainerForTest().network().layerSize(0)));

        send("{\"type\":\"trace\",\"x\":2,\"y\":-1.5,\"label\":1}");
        JsonNode trace = viewer.await("trace", t -> true, WAIT);
        double[] inputs = new double[trace.get("inputs").size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = trace.get("inputs").get(i).asDouble();
        }
        assertArrayEquals(new double[] {2, -1.5, 0, 0, 0}, inputs, "x1, x2, then the noise inputs at their mean");

        // a training sample's trace carries its drawn noise values
        send("{\"type\":\"trace\",\"split\":\"train\",\"index\":4}");
        JsonNode sample = viewer.await("trace", t -> t.get("traceId").asLong() == 2, WAIT);
        double[] drawn = inside(() -> java.util.Arrays.copyOfRange(session.trainerForTest().trainSamples().inputs(),
                4 * 5, 5 * 5));
        for (int i = 0; i < 5; i++) {
            assertEquals(drawn[i], sample.get("inputs").get(i).asDouble(), 0.0, "input " + i);
        }
        assertTrue(Math.abs(drawn[2]) + Math.abs(drawn[3]) + Math.abs(drawn[4]) > 0, "noise values, not zeros");
        assertTrue(viewer.events("error").isEmpty(), viewer.events("error").toString());
    }

    @Test
    void aModelWithNoiseInputsImportsIntoADefaultSessionWithItsNoise() {
        start();
        send("{\"type\":\"configure\",\"config\":{\"noiseFeatures\":2}}");
        viewer.await("state", s -> s.get("config").get("noiseFeatures").asInt() == 2, WAIT);
        send("{\"type\":\"step\",\"unit\":\"epoch\"}");
        viewer.await("state", s -> s.get("epoch").asLong() == 1, WAIT);
        double[] trained = inside(() -> session.trainerForTest().network().parameters().clone());
        send("{\"type\":\"exportModel\"}");
        JsonNode model = viewer.await("model", m -> true, WAIT).get("model");
        assertEquals(2, model.get("noiseFeatures").asInt());

        send("{\"type\":\"configure\",\"config\":{}}");
        viewer.await("state", s -> s.get("config").get("noiseFeatures").asInt() == 0, WAIT);
        send("{\"type\":\"importModel\",\"model\":" + model + "}");
        JsonNode state = viewer.await("state", s -> s.get("config").get("noiseFeatures").asInt() == 2, WAIT);
        assertEquals(List.of("x1", "x2", "noise1", "noise2"), texts(state.get("featureIds")));
        FakeViewer.awaitTrue(() -> java.util.Arrays.equals(trained,
                inside(() -> session.trainerForTest().network().parameters())), WAIT, "the imported weights");
        assertTrue(viewer.events("error").isEmpty(), viewer.events("error").toString());
    }

    @Test
    void anOutOfRangeNoiseCountIsAnErrorNamingTheFieldAndTheSessionCarriesOn() {
        start();
        send("{\"type\":\"configure\",\"config\":{\"noiseFeatures\":3}}");
        viewer.await("state", s -> s.get("config").get("noiseFeatures").asInt() == 3, WAIT);
        try {
            send("{\"type\":\"configure\",\"config\":{\"noiseFeatures\":80}}");
            throw new AssertionError("the codec must refuse 80");
        } catch (org.layerlab.protocol.ProtocolException e) {
            assertEquals("noiseFeatures must be in [0, 50], got 80", e.getMessage());
            assertEquals("config.noiseFeatures", e.field(), "the playground marks its control by this path");
        }
        assertEquals(5, inside(() -> session.trainerForTest().network().layerSize(0)), "the old network runs on");
    }
}
