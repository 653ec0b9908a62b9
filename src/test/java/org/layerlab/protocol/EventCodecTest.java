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

    @Test
    void insightHasOneEntryPerLayerWithUndefinedNumbersAsNull() throws Exception {
        int[] counts = new int[20];
        counts[3] = 7;
        List<org.layerlab.insight.LayerReport> layers = List.of(
                new org.layerlab.insight.LayerReport(1, new boolean[] {false, true, false, false}, 1, 4, false, 0.83,
                        0.0012, 1.5, 2.4e-5, 0.1, counts, -1, 1),
                new org.layerlab.insight.LayerReport(2, new boolean[] {false}, 0, 1, true, Double.NaN, 0.5, 0,
                        Double.NaN, Double.NaN, new int[20], 0, 1));
        JsonNode insight = read(EventCodec.insight(12.5, layers));
        assertEquals("insight", insight.get("type").asText());
        assertEquals(12.5, insight.get("epoch").asDouble());
        assertEquals(2, insight.get("layers").size());
        JsonNode first = insight.get("layers").get(0);
        for (String field : List.of("layer", "neurons", "dead", "deadCount", "distinct", "exactCopies",
                "maxSimilarity", "gradientNorm", "weightNorm", "updateRatio", "saturatedFraction", "histogram")) {
            assertTrue(first.has(field), "an insight layer lacks " + field);
        }
        assertEquals(1, first.get("layer").asInt());
        assertEquals(4, first.get("neurons").asInt());
        assertTrue(first.get("dead").get(1).asBoolean());
        assertEquals(1, first.get("deadCount").asInt());
        assertEquals(4, first.get("distinct").asInt());
        assertEquals(0.83, first.get("maxSimilarity").asDouble());
        assertEquals(2.4e-5, first.get("updateRatio").asDouble());
        assertEquals(-1, first.get("histogram").get("lo").asDouble());
        assertEquals(1, first.get("histogram").get("hi").asDouble());
        assertEquals(20, first.get("histogram").get("counts").size());
        assertEquals(7, first.get("histogram").get("counts").get(3).asInt());
        JsonNode output = insight.get("layers").get(1);
        assertTrue(output.get("exactCopies").asBoolean());
        assertTrue(output.get("maxSimilarity").isNull());
        assertTrue(output.get("updateRatio").isNull());
        assertTrue(output.get("saturatedFraction").isNull());
    }

    @Test
    void hiddenSpaceCarriesTheViewAndOneCoordinatePairAndLabelPerPoint() throws Exception {
        JsonNode event = read(EventCodec.hiddenSpace(new HiddenSpaceView(2, 0, 3), new double[] {0.5, Double.NaN},
                new double[] {-1, 2}, new double[] {1, -1}));
        assertEquals("hiddenSpace", event.get("type").asText());
        assertEquals(2, event.get("layer").asInt());
        assertEquals(0, event.get("a").asInt());
        assertEquals(3, event.get("b").asInt());
        assertEquals(0.5, event.get("x").get(0).asDouble());
        assertTrue(event.get("x").get(1).isNull());
        assertEquals(2, event.get("y").get(1).asDouble());
        assertEquals(-1, event.get("labels").get(1).asDouble());
    }
}
