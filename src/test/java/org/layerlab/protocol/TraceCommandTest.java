package org.layerlab.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.layerlab.engine.NetworkLimits;

/** The {@code trace} and {@code applyTrace} commands and the {@code trace} event. */
class TraceCommandTest {
    private final CommandCodec codec = new CommandCodec(NetworkLimits.DEFAULT);

    @Test
    void decodesASampleOrAPointOnThePlane() {
        assertEquals(Command.Trace.sample("train", 3), codec.decode("{\"type\":\"trace\",\"split\":\"train\",\"index\":3}"));
        assertEquals(Command.Trace.sample("test", 0), codec.decode("{\"type\":\"trace\",\"split\":\"test\",\"index\":0}"));
        Command.Trace point = (Command.Trace) codec.decode("{\"type\":\"trace\",\"x\":-6,\"y\":2.5,\"label\":1}");
        assertTrue(point.onPlane());
        assertEquals(-6, point.x());
        assertEquals(2.5, point.y());
        assertEquals(1, point.label());
        assertFalse(Command.Trace.sample("train", 3).onPlane());
        assertEquals(new Command.ApplyTrace(17), codec.decode("{\"type\":\"applyTrace\",\"traceId\":17}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"type\":\"trace\",\"split\":\"valid\",\"index\":0}|split|\"train\" or \"test\"",
        "{\"type\":\"trace\",\"split\":3,\"index\":0}|split|string",
        "{\"type\":\"trace\",\"split\":\"train\"}|index|index",
        "{\"type\":\"trace\",\"split\":\"train\",\"index\":-1}|index|0 or more",
        "{\"type\":\"trace\",\"split\":\"train\",\"index\":1.5}|index|whole",
        "{\"type\":\"trace\",\"index\":2}|split|split",
        "{\"type\":\"trace\",\"x\":7,\"y\":0,\"label\":1}|x|[-6, 6]",
        "{\"type\":\"trace\",\"x\":0,\"y\":-6.5,\"label\":1}|y|[-6, 6]",
        "{\"type\":\"trace\",\"x\":0,\"y\":0}|label|label",
        "{\"type\":\"trace\",\"x\":0,\"y\":0,\"label\":5000}|label|[-1000, 1000]",
        "{\"type\":\"trace\",\"split\":\"train\",\"index\":0,\"x\":1}|x|not both",
        "{\"type\":\"trace\"}|split|split and index",
        "{\"type\":\"trace\",\"split\":\"train\",\"index\":0,\"z\":1}|z|Unknown field",
        "{\"type\":\"applyTrace\"}|traceId|traceId",
        "{\"type\":\"applyTrace\",\"traceId\":\"one\"}|traceId|whole number",
    })
    void refusesWithTheFieldNamed(String message, String field, String fragment) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(message));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
        assertEquals(message.contains("applyTrace") ? "applyTrace" : "trace", e.command());
    }

    @Test
    void theTraceEventWritesFullPrecisionAndNullForNaN() throws Exception {
        double third = 1.0 / 3;
        TraceEvent.Layer inputs = new TraceEvent.Layer(0, new double[] {0.1}, new double[] {0.1}, new double[] {2},
                new double[] {1}, new double[] {2}, new double[0][], new double[0], new double[0][], new double[0],
                new double[0][], new double[0], new double[0][], new double[0]);
        TraceEvent.Layer out = new TraceEvent.Layer(1, new double[] {third}, new double[] {0.5},
                new double[] {-1e-300}, new double[] {Double.NaN}, new double[] {0.25},
                new double[][] {{third}}, new double[] {0}, new double[][] {{0.025}}, new double[] {0.25},
                new double[][] {{0.0250000001}}, new double[] {0.2500000002}, new double[][] {{third - 0.00025}},
                new double[] {-0.0025});
        String json = EventCodec.trace(new TraceEvent(7, 12, null, null, 1.5, -2, 1, new double[] {0.1},
                new double[] {1}, 0.01, 0.125, 0.12, List.of(inputs, out)));
        JsonNode root = new ObjectMapper().readTree(json);
        assertEquals("trace", root.get("type").asText());
        assertEquals(7, root.get("traceId").asLong());
        assertEquals(12, root.get("epoch").asLong());
        assertTrue(root.get("split").isNull());
        assertTrue(root.get("index").isNull());
        assertEquals(1.5, root.get("point").get("x").doubleValue());
        assertEquals(0.01, root.get("learningRate").doubleValue());
        assertEquals(0.12, root.get("lossAfter").doubleValue());
        JsonNode layer = root.get("layers").get(1);
        assertEquals(third, layer.get("netInput").get(0).doubleValue(), 0.0, "full precision");
        assertEquals(third, layer.get("weights").get(0).get(0).doubleValue(), 0.0);
        assertEquals(-1e-300, layer.get("errorByOutput").get(0).doubleValue(), 0.0);
        assertTrue(layer.get("activationDerivative").get(0).isNull(), "NaN is null");
        assertEquals(third - 0.00025, layer.get("updatedWeights").get(0).get(0).doubleValue(), 0.0);
        assertEquals(0, root.get("layers").get(0).get("weights").size());
        assertFalse(json.contains("NaN"));
    }

    @Test
    void theProtocolDocumentListsTraceInBothTables() throws Exception {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("docs/protocol.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("| `trace` |") || line.startsWith("| `applyTrace` |")) {
                rows.add(line.substring(0, line.indexOf(" |", 2)));
            }
        }
        assertEquals(List.of("| `trace`", "| `applyTrace`", "| `trace`"), rows,
                "commands trace and applyTrace, then the trace event");
    }
}
