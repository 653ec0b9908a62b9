package org.layerlab.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import org.layerlab.data.DataSplit;
import org.layerlab.data.Point;
import org.layerlab.data.Task;
import org.layerlab.insight.LayerReport;
import org.layerlab.training.ModelFile;

/**
 * Writes the server's text events (docs/protocol.md, "Server → client") as JSON. Every event is an
 * object with a {@code type}. Numbers that are undefined (NaN) go out as null: JSON has no NaN.
 */
public final class EventCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private EventCodec() {
    }

    public static String hello(HelloEvent hello) {
        ObjectNode root = event("hello");
        root.put("protocol", Protocol.VERSION);
        root.put("session", hello.sessionId());
        root.put("resumeToken", hello.resumeToken());
        root.put("resumed", hello.resumed());
        root.set("config", hello.config().toJsonTree());
        ObjectNode limits = root.putObject("limits");
        limits.put("maxHiddenLayers", hello.limits().maxHiddenLayers());
        limits.put("maxNeuronsPerLayer", hello.limits().maxNeuronsPerLayer());
        limits.put("maxInputs", hello.limits().maxInputs());
        limits.put("maxOutputs", hello.limits().maxOutputs());
        ObjectNode grids = root.putObject("grids");
        grids.put("thumbnail", hello.grids().thumbnail());
        grids.put("output", hello.grids().output());
        grids.put("selected", hello.grids().selected());
        return write(root);
    }

    public static String state(StateEvent state) {
        ObjectNode root = event("state");
        root.put("running", state.running());
        root.put("epoch", state.epoch());
        root.set("config", state.config().toJsonTree());
        root.put("diverged", state.diverged());
        if (state.divergedAtEpoch() == null) {
            root.putNull("divergedAtEpoch");
        } else {
            root.put("divergedAtEpoch", state.divergedAtEpoch());
        }
        root.put("speed", state.speed());
        if (state.selected() == null) {
            root.putNull("selected");
        } else {
            ObjectNode selected = root.putObject("selected");
            selected.put("layer", state.selected().layer());
            selected.put("neuron", state.selected().neuron());
        }
        putTask(root, state.task());
        ArrayNode sizes = root.putArray("layerSizes");
        state.layerSizes().forEach(sizes::add);
        ArrayNode features = root.putArray("featureIds");
        state.featureIds().forEach(features::add);
        ArrayNode activations = root.putArray("activations");
        state.activations().forEach(activations::add);
        root.put("viewers", state.viewers());
        return write(root);
    }

    /** The points: {@code train} and {@code test} as [[x, y, label], …]. */
    public static String data(DataSplit split, Task task) {
        ObjectNode root = event("data");
        putPoints(root.putArray("train"), split.train());
        putPoints(root.putArray("test"), split.test());
        putTask(root, task);
        return write(root);
    }

    public static String history(History history) {
        ObjectNode root = event("history");
        putColumn(root.putArray("epoch"), history.epoch());
        putColumn(root.putArray("trainLoss"), history.trainLoss());
        putColumn(root.putArray("testLoss"), history.testLoss());
        putColumn(root.putArray("trainAccuracy"), history.trainAccuracy());
        putColumn(root.putArray("testAccuracy"), history.testAccuracy());
        return write(root);
    }

    /** The model file, embedded as an object (the same document {@code importModel} takes). */
    public static String model(ModelFile model) {
        ObjectNode root = event("model");
        try {
            root.set("model", MAPPER.readTree(model.toJson()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return write(root);
    }

    /**
     * The instruments: one entry per layer after the inputs (hidden layers, then the output layer),
     * measured over the training set at {@code epoch} (completed epochs plus the fraction of the
     * current one).
     */
    public static String insight(double epoch, List<LayerReport> layers) {
        ObjectNode root = event("insight");
        putNumber(root, "epoch", epoch);
        ArrayNode array = root.putArray("layers");
        for (LayerReport report : layers) {
            ObjectNode layer = array.addObject();
            boolean[] dead = report.dead();
            layer.put("layer", report.layer());
            layer.put("neurons", dead.length);
            ArrayNode deadArray = layer.putArray("dead");
            for (boolean d : dead) {
                deadArray.add(d);
            }
            layer.put("deadCount", report.deadCount());
            layer.put("distinct", report.distinctNeurons());
            layer.put("exactCopies", report.exactCopies());
            putNumber(layer, "maxSimilarity", report.maxSimilarity());
            putNumber(layer, "gradientNorm", report.gradientNorm());
            putNumber(layer, "weightNorm", report.weightNorm());
            putNumber(layer, "updateRatio", report.updateRatio());
            putNumber(layer, "saturatedFraction", report.saturatedFraction());
            ObjectNode histogram = layer.putObject("histogram");
            putNumber(histogram, "lo", report.histogramLo());
            putNumber(histogram, "hi", report.histogramHi());
            ArrayNode counts = histogram.putArray("counts");
            for (int count : report.histogram()) {
                counts.add(count);
            }
        }
        return write(root);
    }

    /**
     * The training points in the outputs of neurons {@code a} (x) and {@code b} (y) of hidden layer
     * {@code layer}, with their labels; the three arrays have one entry per training point.
     */
    public static String hiddenSpace(HiddenSpaceView view, double[] x, double[] y, double[] labels) {
        ObjectNode root = event("hiddenSpace");
        root.put("layer", view.layer());
        root.put("a", view.a());
        root.put("b", view.b());
        putColumn(root.putArray("x"), x);
        putColumn(root.putArray("y"), y);
        putColumn(root.putArray("labels"), labels);
        return write(root);
    }

    /** One sample's step through backpropagation; non-finite numbers (and softmax's ∂out/∂net) are null. */
    public static String trace(TraceEvent trace) {
        ObjectNode root = event("trace");
        root.put("traceId", trace.traceId());
        root.put("epoch", trace.epoch());
        putNullable(root, "split", trace.split());
        if (trace.index() == null) {
            root.putNull("index");
        } else {
            root.put("index", trace.index());
        }
        ObjectNode point = root.putObject("point");
        putNumber(point, "x", trace.x());
        putNumber(point, "y", trace.y());
        putNumber(point, "label", trace.label());
        putColumn(root.putArray("inputs"), trace.inputs());
        putColumn(root.putArray("targets"), trace.targets());
        putNumber(root, "learningRate", trace.learningRate());
        putNumber(root, "loss", trace.loss());
        ArrayNode layers = root.putArray("layers");
        for (TraceEvent.Layer l : trace.layers()) {
            ObjectNode layer = layers.addObject();
            layer.put("layer", l.layer());
            putColumn(layer.putArray("netInput"), l.netInput());
            putColumn(layer.putArray("output"), l.output());
            putColumn(layer.putArray("errorByOutput"), l.errorByOutput());
            putColumn(layer.putArray("activationDerivative"), l.activationDerivative());
            putColumn(layer.putArray("delta"), l.delta());
            putMatrix(layer.putArray("weights"), l.weights());
            putColumn(layer.putArray("biases"), l.biases());
            putMatrix(layer.putArray("weightGradient"), l.weightGradient());
            putColumn(layer.putArray("biasGradient"), l.biasGradient());
            putMatrix(layer.putArray("numericWeightGradient"), l.numericWeightGradient());
            putColumn(layer.putArray("numericBiasGradient"), l.numericBiasGradient());
            putMatrix(layer.putArray("updatedWeights"), l.updatedWeights());
            putColumn(layer.putArray("updatedBiases"), l.updatedBiases());
        }
        putNumber(root, "lossAfter", trace.lossAfter());
        return write(root);
    }

    private static void putMatrix(ArrayNode array, double[][] rows) {
        for (double[] row : rows) {
            putColumn(array.addArray(), row);
        }
    }

    /**
     * @param message a sentence a student can read
     * @param field   the offending field's path in the message, or null
     * @param command the {@code type} this answers, or null
     */
    public static String error(String message, String field, String command) {
        ObjectNode root = event("error");
        root.put("message", message);
        putNullable(root, "field", field);
        putNullable(root, "command", command);
        return write(root);
    }

    public static String error(ProtocolException e) {
        return error(e.getMessage(), e.field(), e.command());
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectNode event(String type) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("type", type);
        return root;
    }

    private static void putTask(ObjectNode root, Task task) {
        root.put("task", task.problem().id());
        root.put("classCount", task.classCount());
    }

    private static void putPoints(ArrayNode array, List<Point> points) {
        for (Point p : points) {
            ArrayNode row = array.addArray();
            row.add(p.x());
            row.add(p.y());
            row.add(p.label());
        }
    }

    private static void putColumn(ArrayNode array, double[] values) {
        for (double v : values) {
            if (Double.isFinite(v)) {
                array.add(v);
            } else {
                array.addNull();
            }
        }
    }

    private static void putNumber(ObjectNode root, String name, double value) {
        if (Double.isFinite(value)) {
            root.put(name, value);
        } else {
            root.putNull(name);
        }
    }

    private static void putNullable(ObjectNode root, String name, String value) {
        if (value == null) {
            root.putNull(name);
        } else {
            root.put(name, value);
        }
    }

    private static String write(JsonNode root) {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
