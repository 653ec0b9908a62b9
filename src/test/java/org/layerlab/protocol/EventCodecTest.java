package org.layerlab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.data.DataSplit;
import org.layerlab.data.Point;
import org.layerlab.data.Task;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.training.ExperimentConfig;

/** The server's text events have the fields docs/protocol.md lists, and JSON never sees a NaN. */
class EventCodecTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode read(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void helloCarriesTheVersionTokenConfigAndLimits() throws Exception {
        JsonNode hello = read(EventCodec.hello(new HelloEvent("s-1", "tok", true, ExperimentConfig.defaults(),
                NetworkLimits.DEFAULT, new HelloEvent.Grids(10, 50, 100))));
        assertEquals("hello", hello.get("type").asText());
        assertEquals(Protocol.VERSION, hello.get("protocol").asInt());
        assertEquals("s-1", hello.get("session").asText());
        assertEquals("tok", hello.get("resumeToken").asText());
        assertTrue(hello.get("resumed").asBoolean());
        assertEquals(ExperimentConfig.defaults(), ExperimentConfig.fromJson(hello.get("config").toString()));
        assertEquals(64, hello.get("limits").get("maxNeuronsPerLayer").asInt());
        assertEquals(50, hello.get("grids").get("output").asInt());
    }

    @Test
    void stateHasEveryDocumentedField() throws Exception {
        JsonNode state = read(EventCodec.state(new StateEvent(true, 12, ExperimentConfig.defaults(), false, null, 0,
                new NeuronRef(1, 2), Task.CLASSIFICATION, List.of(2, 4, 2, 1), List.of("x1", "x2"),
                List.of("input", "tanh", "tanh", "tanh"), 2)));
        for (String field : List.of("running", "epoch", "config", "diverged", "divergedAtEpoch", "speed", "selected",
                "task", "classCount", "layerSizes", "featureIds", "activations", "viewers")) {
            assertTrue(state.has(field), "state lacks " + field);
        }
        assertTrue(state.get("divergedAtEpoch").isNull());
        assertEquals(2, state.get("selected").get("neuron").asInt());
        assertEquals("classification", state.get("task").asText());
        assertEquals("input", state.get("activations").get(0).asText());
    }

    @Test
    void historyWritesUndefinedNumbersAsNull() throws Exception {
        JsonNode history = read(EventCodec.history(new History(new double[] {0, 1.5}, new double[] {0.5, 0.25},
                new double[] {Double.NaN, 0.3}, new double[] {0.5, 1}, new double[] {Double.NaN, Double.NaN})));
        assertEquals(1.5, history.get("epoch").get(1).asDouble());
        assertTrue(history.get("testLoss").get(0).isNull());
        assertEquals(0.3, history.get("testLoss").get(1).asDouble());
    }

    @Test
    void dataListsThePointsAsTriples() throws Exception {
        DataSplit split = new DataSplit(List.of(new Point(1, 2, 1), new Point(-1, 0.5, -1)), List.of(new Point(3, 3, 1)));
        JsonNode data = read(EventCodec.data(split, Task.CLASSIFICATION));
        assertEquals(2, data.get("train").size());
        assertEquals(0.5, data.get("train").get(1).get(1).asDouble());
        assertEquals(1, data.get("test").size());
        assertEquals(2, data.get("classCount").asInt());
    }

    @Test
    void errorNamesMessageFieldAndCommand() throws Exception {
        JsonNode error = read(EventCodec.error(new ProtocolException("fps must be in [1, 60], got 0", "fps", "frameRate")));
        assertEquals("error", error.get("type").asText());
        assertEquals("fps", error.get("field").asText());
        assertEquals("frameRate", error.get("command").asText());
        JsonNode bare = read(EventCodec.error("bad", null, null));
        assertTrue(bare.get("field").isNull());
        assertTrue(bare.get("command").isNull());
    }
}
