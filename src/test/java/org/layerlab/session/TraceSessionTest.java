package org.layerlab.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.BackwardTrace;
import org.layerlab.engine.Network;
import org.layerlab.training.Samples;
import org.layerlab.training.Trainer;

/** Step-through backpropagation: {@code trace} and {@code applyTrace} on a session without a server. */
class TraceSessionTest extends OneSessionTest {
    private double[] parameters() {
        return inside(() -> session.trainerForTest().network().parameters().clone());
    }

    private JsonNode trace(String fields, long traceId) {
        send("{\"type\":\"trace\"," + fields + "}");
        return viewer.await("trace", t -> t.get("traceId").asLong() == traceId, WAIT);
    }

    private JsonNode error(String command) {
        return viewer.await("error", e -> command.equals(e.get("command").asText()), WAIT);
    }

    /** The trace's weights (or another per-layer matrix/vector pair) flattened in the parameters' layout. */
    private static double[] flatten(JsonNode trace, String weights, String biases) {
        int size = 0;
        JsonNode layers = trace.get("layers");
        for (int l = 1; l < layers.size(); l++) {
            for (JsonNode row : layers.get(l).get(weights)) {
                size += row.size();
            }
            size += layers.get(l).get(biases).size();
        }
        double[] flat = new double[size];
        int k = 0;
        for (int l = 1; l < layers.size(); l++) {
            for (JsonNode row : layers.get(l).get(weights)) {
                for (JsonNode w : row) {
                    flat[k++] = w.doubleValue();
                }
            }
            for (JsonNode b : layers.get(l).get(biases)) {
                flat[k++] = b.doubleValue();
            }
        }
        return flat;
    }

    private static void assertBitsEqual(double expected, JsonNode actual, String what) {
        assertTrue(actual.isNumber(), what + " is a number: " + actual);
        assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual.doubleValue()),
                what + ": expected " + expected + ", got " + actual.doubleValue());
    }

    @Test
    void aTraceIsTheEnginesBackwardPassBitForBitAndLeavesTheNetworkAlone() {
        start();
        send("{\"type\":\"play\"}");
        viewer.await("state", s -> s.get("running").asBoolean(), WAIT);
        FakeViewer.awaitTrue(() -> inside(() -> session.trainerForTest().epoch()) >= 3, WAIT, "3 epochs");

        send("{\"type\":\"trace\",\"split\":\"train\",\"index\":7}");
        JsonNode trace = viewer.await("trace", t -> true, WAIT);
        JsonNode paused = viewer.last("state");
        assertFalse(paused.get("running").asBoolean(), "a trace pauses training");
        double[] before = parameters();
        // Nothing trains while paused; a second trace must not change a single bit either.
        JsonNode again = trace("\"split\":\"train\",\"index\":7", trace.get("traceId").asLong() + 1);
        assertArrayEquals(before, parameters(), "tracing does not change the network");
        assertArrayEquals(before, flatten(trace, "weights", "biases"), "the trace shows the live parameters");
        assertEquals(trace.get("loss").doubleValue(), again.get("loss").doubleValue(), 0.0);

        BackwardTrace expected = inside(() -> {
            Trainer trainer = session.trainerForTest();
            Network copy = new Network(trainer.network().spec());
            copy.setParameters(trainer.network().parameters());
            Samples train = trainer.trainSamples();
            return copy.traceBackward(train.inputs(), 7 * train.inputWidth(), train.targets(),
                    7 * train.targetWidth());
        });
        double[] inputs = inside(() -> {
            Samples train = session.trainerForTest().trainSamples();
            return java.util.Arrays.copyOfRange(train.inputs(), 7 * train.inputWidth(), 8 * train.inputWidth());
        });
        assertEquals("train", trace.get("split").asText());
        assertEquals(7, trace.get("index").asInt());
        for (int i = 0; i < inputs.length; i++) {
            assertBitsEqual(inputs[i], trace.get("inputs").get(i), "input " + i);
            assertBitsEqual(inputs[i], trace.get("layers").get(0).get("netInput").get(i), "layer 0 net input " + i);
        }
        assertBitsEqual(expected.loss(), trace.get("loss"), "loss");
        JsonNode layers = trace.get("layers");
        assertEquals(expected.weightGradient().length, layers.size());
        for (int l = 1; l < layers.size(); l++) {
            JsonNode layer = layers.get(l);
            assertEquals(l, layer.get("layer").asInt());
            int fanIn = layers.get(l - 1).get("output").size();
            JsonNode gradient = layer.get("weightGradient");
            for (int j = 0; j < gradient.size(); j++) {
                assertEquals(fanIn, gradient.get(j).size());
                for (int i = 0; i < fanIn; i++) {
                    assertBitsEqual(expected.weightGradient()[l][j * fanIn + i], gradient.get(j).get(i),
                            "∂E/∂w layer " + l + " " + j + "←" + i);
                }
                assertBitsEqual(expected.biasGradient()[l][j], layer.get("biasGradient").get(j), "∂E/∂b " + l + " " + j);
                assertBitsEqual(expected.delta()[l][j], layer.get("delta").get(j), "δ " + l + " " + j);
                assertBitsEqual(expected.forward().netInput()[l][j], layer.get("netInput").get(j), "net " + l + " " + j);
                assertBitsEqual(expected.errorByOutput()[l][j], layer.get("errorByOutput").get(j), "∂E/∂out");
                assertBitsEqual(expected.activationDerivative()[l][j], layer.get("activationDerivative").get(j),
                        "∂out/∂net");
            }
        }
        assertEquals(0, layers.get(0).get("weights").size(), "the inputs have no weights");
    }

    @Test
    void numericGradientsAgreeWithBackpropagation() {
        start();
        send("{\"type\":\"step\",\"unit\":\"epoch\"}");
        viewer.await("state", s -> s.get("epoch").asLong() == 1, WAIT);
        long id = 0;
        for (String fields : new String[] {"\"split\":\"train\",\"index\":0", "\"split\":\"test\",\"index\":5",
                "\"x\":1.25,\"y\":-3.5,\"label\":-1", "\"x\":-5,\"y\":4,\"label\":1"}) {
            JsonNode trace = trace(fields, ++id);
            double[] analytic = flatten(trace, "weightGradient", "biasGradient");
            double[] numeric = flatten(trace, "numericWeightGradient", "numericBiasGradient");
            assertEquals(25, analytic.length, "W1 has 25 parameters");
            double largest = 0;
            for (double g : analytic) {
                largest = Math.max(largest, Math.abs(g));
            }
            assertTrue(largest > 1e-4, "a gradient worth checking: " + largest);
            for (int k = 0; k < analytic.length; k++) {
                double scale = Math.max(Math.abs(analytic[k]), Math.abs(numeric[k]));
                // Relative 1e-6; below 1e-4 the difference quotient's own rounding (≈1e-10) dominates.
                assertTrue(Math.abs(analytic[k] - numeric[k]) <= 1e-6 * Math.max(scale, 1e-4),
                        fields + " parameter " + k + ": backprop " + analytic[k] + ", numeric " + numeric[k]);
            }
        }
    }

    @Test
    void applyTraceMakesExactlyTheUpdateAndTheNextLossIsTheLossAfter() {
        start();
        JsonNode first = trace("\"x\":2,\"y\":1.5,\"label\":1", 1);
        double[] before = parameters();
        double learningRate = first.get("learningRate").doubleValue();
        double[] gradient = flatten(first, "weightGradient", "biasGradient");
        double[] updated = flatten(first, "updatedWeights", "updatedBiases");
        for (int k = 0; k < before.length; k++) {
            assertEquals(before[k] - learningRate * gradient[k], updated[k], 0.0, "w − η·∂E/∂w at " + k);
        }
        assertArrayEquals(before, parameters(), "the trace alone changes nothing");

        int states = viewer.events("state").size();
        send("{\"type\":\"applyTrace\",\"traceId\":1}");
        JsonNode second = viewer.await("trace", t -> t.get("traceId").asLong() == 2, WAIT);
        assertTrue(viewer.events("state").size() > states, "a state comes with the update");
        assertArrayEquals(updated, parameters(), "exactly the trace's updated weights and biases");
        assertArrayEquals(updated, flatten(second, "weights", "biases"));
        assertEquals(first.get("lossAfter").doubleValue(), second.get("loss").doubleValue(), 0.0,
                "the next trace's loss is the previous lossAfter");
        assertTrue(second.get("loss").doubleValue() < first.get("loss").doubleValue(),
                "a small step down the gradient lowers this sample's loss");
        assertEquals(2.0, second.get("point").get("x").doubleValue());
        assertEquals(1.5, second.get("point").get("y").doubleValue());
        assertTrue(viewer.events("error").isEmpty(), viewer.events("error").toString());
    }

    @Test
    void aStaleOrUnknownTraceIdIsAnError() {
        start();
        JsonNode trace = trace("\"split\":\"train\",\"index\":3", 1);
        send("{\"type\":\"step\",\"unit\":\"batch\"}");
        viewer.await("state", s -> !s.get("running").asBoolean(), WAIT);
        double[] stepped = parameters();
        assertNotEquals(java.util.Arrays.toString(stepped), java.util.Arrays.toString(flatten(trace, "weights", "biases")));
        send("{\"type\":\"applyTrace\",\"traceId\":1}");
        JsonNode stale = error("applyTrace");
        assertEquals("traceId", stale.get("field").asText());
        assertTrue(stale.get("message").asText().contains("the network changed since this trace; trace again"),
                stale.toString());
        assertTrue(stale.get("message").asText().contains("1"), stale.toString());
        assertArrayEquals(stepped, parameters(), "a refused update changes nothing");

        viewer.events.clear();
        send("{\"type\":\"applyTrace\",\"traceId\":99}");
        JsonNode unknown = error("applyTrace");
        assertEquals("traceId", unknown.get("field").asText());
        assertTrue(unknown.get("message").asText().contains("99"), unknown.toString());
        assertArrayEquals(stepped, parameters());
    }

    @Test
    void aTraceOfTheWrongSampleOrLabelIsAnErrorNamingTheField() {
        start();
        JsonNode data = viewer.last("data");
        int trainCount = data.get("train").size();
        int testCount = data.get("test").size();
        send("{\"type\":\"trace\",\"split\":\"train\",\"index\":" + trainCount + "}");
        JsonNode index = error("trace");
        assertEquals("index", index.get("field").asText());
        assertTrue(index.get("message").asText().contains("[0, " + (trainCount - 1) + "]"), index.toString());

        viewer.events.clear();
        send("{\"type\":\"trace\",\"split\":\"test\",\"index\":" + testCount + "}");
        JsonNode testIndex = error("trace");
        assertEquals("index", testIndex.get("field").asText());
        assertTrue(testIndex.get("message").asText().contains("[0, " + (testCount - 1) + "]"), testIndex.toString());

        viewer.events.clear();
        send("{\"type\":\"trace\",\"x\":0,\"y\":0,\"label\":0.5}");
        JsonNode label = error("trace");
        assertEquals("label", label.get("field").asText());
        assertTrue(viewer.events("trace").isEmpty());

        // The last sample of each split is fine, and the trace names its point.
        JsonNode last = trace("\"split\":\"test\",\"index\":" + (testCount - 1), 1);
        JsonNode point = data.get("test").get(testCount - 1);
        assertEquals(point.get(0).doubleValue(), last.get("point").get("x").doubleValue(), 0.0);
        assertEquals(point.get(1).doubleValue(), last.get("point").get("y").doubleValue(), 0.0);
        assertEquals(point.get(2).doubleValue(), last.get("point").get("label").doubleValue(), 0.0);
    }

    @Test
    void aSoftmaxOutputHasNoPerNeuronDerivativeAndClassLabelsAreChecked() {
        start(SessionSettings.defaults().withInitialConfig(
                org.layerlab.training.ExperimentConfig.fromJson("{\"data\": {\"dataset\": \"spiral3\"}}")));
        send("{\"type\":\"trace\",\"x\":1,\"y\":1,\"label\":3}");
        JsonNode label = error("trace");
        assertEquals("label", label.get("field").asText());
        assertTrue(label.get("message").asText().contains("0 to 2"), label.toString());

        JsonNode trace = trace("\"x\":1,\"y\":-2,\"label\":2", 1);
        assertEquals(List.of(0.0, 0.0, 1.0), List.of(trace.get("targets").get(0).doubleValue(),
                trace.get("targets").get(1).doubleValue(), trace.get("targets").get(2).doubleValue()));
        JsonNode output = trace.get("layers").get(trace.get("layers").size() - 1);
        for (JsonNode d : output.get("activationDerivative")) {
            assertTrue(d.isNull(), "softmax: ∂out/∂net is null, got " + d);
        }
        double[] analytic = flatten(trace, "weightGradient", "biasGradient");
        double[] numeric = flatten(trace, "numericWeightGradient", "numericBiasGradient");
        for (int k = 0; k < analytic.length; k++) {
            double scale = Math.max(Math.abs(analytic[k]), Math.abs(numeric[k]));
            assertTrue(Math.abs(analytic[k] - numeric[k]) <= 1e-6 * Math.max(scale, 1e-4),
                    "parameter " + k + ": backprop " + analytic[k] + ", numeric " + numeric[k]);
        }
        send("{\"type\":\"applyTrace\",\"traceId\":1}");
        JsonNode next = viewer.await("trace", t -> t.get("traceId").asLong() == 2, WAIT);
        assertEquals(trace.get("lossAfter").doubleValue(), next.get("loss").doubleValue(), 0.0);
    }
}
