package org.layerlab.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.layerlab.data.DataFormatException;
import org.layerlab.data.UserData;
import org.layerlab.data.UserPoints;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.training.ConfigException;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.ModelFile;

/**
 * Reads a client's text message into a {@link Command}, or says exactly what is wrong with it.
 *
 * <p>Strict on purpose, like the config (docs/config.md): an unknown {@code type}, an unknown
 * field, a missing field, a value of the wrong kind or out of range, malformed JSON (with its line
 * and column), duplicate keys and messages over {@value Protocol#MAX_TEXT_MESSAGE_CHARS}
 * characters are all refused with a {@link ProtocolException} that names the field. A typo never
 * silently does nothing.
 *
 * <p>The embedded documents are validated here too, so that the session only ever receives
 * commands it can carry out: a {@code configure}'s config against the server's
 * {@link NetworkLimits}, an {@code importModel}'s model file, an {@code uploadPoints}' text.
 *
 * <p>Thread-safe: the WebSocket threads of every connection share one codec.
 */
public final class CommandCodec {

    private final NetworkLimits limits;
    private final Map<String, Function<MessageFields, Command>> readers = new LinkedHashMap<>();

    public CommandCodec(NetworkLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        readers.put("configure", f -> new Command.Configure(config(f)));
        readers.put("play", f -> new Command.Play());
        readers.put("pause", f -> new Command.Pause());
        readers.put("step", f -> new Command.Step(stepUnit(f)));
        readers.put("reset", f -> new Command.Reset());
        readers.put("newSeed", f -> new Command.NewSeed());
        readers.put("speed", f -> new Command.Speed(f.number("epochsPerSecond")));
        readers.put("frameRate", f -> new Command.FrameRate(f.number("fps")));
        readers.put("ack", f -> new Command.Ack(f.integer("seq")));
        readers.put("select", CommandCodec::select);
        readers.put("uploadPoints", CommandCodec::uploadPoints);
        readers.put("addPoint", f -> new Command.AddPoint(f.number("x"), f.number("y"), f.number("label")));
        readers.put("importModel", f -> new Command.ImportModel(model(f)));
        readers.put("exportModel", f -> new Command.ExportModel());
        readers.put("exportHistory", f -> new Command.ExportHistory());
        readers.put("breakSymmetry", f -> new Command.BreakSymmetry());
        readers.put("hiddenSpace", CommandCodec::hiddenSpace);
        readers.put("biases", CommandCodec::biases);
        readers.put("trace", CommandCodec::trace);
        readers.put("applyTrace", f -> new Command.ApplyTrace(f.integer("traceId")));
    }

    /** The fields each command may carry, besides {@code type}. */
    private static final Map<String, Set<String>> FIELDS = Map.ofEntries(
            Map.entry("configure", Set.of("config")),
            Map.entry("step", Set.of("unit")),
            Map.entry("speed", Set.of("epochsPerSecond")),
            Map.entry("frameRate", Set.of("fps")),
            Map.entry("ack", Set.of("seq")),
            Map.entry("select", Set.of("layer", "neuron")),
            Map.entry("uploadPoints", Set.of("format", "text")),
            Map.entry("addPoint", Set.of("x", "y", "label")),
            Map.entry("importModel", Set.of("model")),
            Map.entry("hiddenSpace", Set.of("layer", "a", "b")),
            Map.entry("biases", Set.of("shift", "set")),
            Map.entry("trace", Set.of("split", "index", "x", "y", "label")),
            Map.entry("applyTrace", Set.of("traceId")));

    /**
     * {@code {"type":"trace","split":"train","index":3}} (a sample of the data) or
     * {@code {"type":"trace","x":1.5,"y":-2,"label":1}} (a point on the plane): one or the other.
     */
    private static Command trace(MessageFields f) {
        String sampleField = null;
        for (String field : List.of("split", "index")) {
            if (sampleField == null && f.root().hasNonNull(field)) {
                sampleField = field;
            }
        }
        String pointField = null;
        for (String field : List.of("x", "y", "label")) {
            if (pointField == null && f.root().hasNonNull(field)) {
                pointField = field;
            }
        }
        if (sampleField != null && pointField != null) {
            throw new ProtocolException("trace takes either split and index (a sample of the data) or x, y and"
                    + " label (a point on the plane), not both; remove " + pointField + ".", pointField);
        }
        if (sampleField == null && pointField == null) {
            throw new ProtocolException("trace needs split and index (a sample of the data) or x, y and label (a"
                    + " point on the plane).", "split");
        }
        if (sampleField != null) {
            String split = f.text("split");
            if (!split.equals("train") && !split.equals("test")) {
                throw new ProtocolException("split must be \"train\" or \"test\", got \"" + MessageFields.abbreviate(split)
                        + "\".", "split");
            }
            long index = f.integer("index");
            return Command.Trace.sample(split, (int) Math.min(index, Integer.MAX_VALUE));
        }
        return Command.Trace.point(f.number("x"), f.number("y"), f.number("label"));
    }

    /** {@code {"type":"biases","shift":-0.5}} or {@code {"type":"biases","set":0.1}}: exactly one of the two. */
    private static Command biases(MessageFields f) {
        boolean hasShift = f.root().hasNonNull("shift");
        boolean hasSet = f.root().hasNonNull("set");
        if (hasShift == hasSet) {
            throw new ProtocolException("biases needs exactly one of shift (add to every hidden bias) or set (give"
                    + " every hidden bias this value).", hasShift ? "set" : "shift");
        }
        return hasSet ? new Command.Biases(true, f.number("set")) : new Command.Biases(false, f.number("shift"));
    }

    /** The command types, in the order of docs/protocol.md. */
    public List<String> types() {
        return List.copyOf(readers.keySet());
    }

    /**
     * Decodes one text message.
     *
     * @throws ProtocolException naming the problem, the field (or null) and the command (when its
     *                           type could be read)
     */
    public Command decode(String text) {
        MessageFields fields = MessageFields.read(text, types());
        String type = fields.type();
        Function<MessageFields, Command> reader = readers.get(type);
        try {
            fields.rejectUnknown(FIELDS.getOrDefault(type, Set.of()));
            return reader.apply(fields);
        } catch (ProtocolException e) {
            throw e.inCommand(type);
        }
    }

    private ExperimentConfig config(MessageFields f) {
        JsonNode node = f.require("config");
        if (!node.isObject()) {
            throw new ProtocolException("config must be an experiment config (a JSON object), got " + MessageFields.kind(node)
                    + ".", "config");
        }
        try {
            return ExperimentConfig.fromJsonTree(node, limits);
        } catch (ConfigException e) {
            throw new ProtocolException(e.getMessage(), prefixed("config", e.field()));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("config is not usable: " + e.getMessage(), "config");
        }
    }

    private ModelFile model(MessageFields f) {
        JsonNode node = f.require("model");
        String json;
        if (node.isObject()) {
            json = node.toString();
        } else if (node.isTextual()) {
            // A browser may pass a model file's text as it read it.
            json = node.textValue();
        } else {
            throw new ProtocolException("model must be a model file (a JSON object), got " + MessageFields.kind(node) + ".",
                    "model");
        }
        try {
            return ModelFile.fromJson(json, limits);
        } catch (ConfigException e) {
            throw new ProtocolException("The model file is not usable: " + e.getMessage(),
                    prefixed("model", e.field()));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("The model file is not usable: " + e.getMessage(), "model");
        }
    }

    private static Command.StepUnit stepUnit(MessageFields f) {
        String unit = f.text("unit");
        for (Command.StepUnit u : Command.StepUnit.values()) {
            if (u.id().equals(unit)) {
                return u;
            }
        }
        throw new ProtocolException("unit must be \"epoch\" or \"batch\", got \"" + MessageFields.abbreviate(unit) + "\".", "unit");
    }

    private static Command select(MessageFields f) {
        JsonNode layer = f.node("layer");
        JsonNode neuron = f.node("neuron");
        boolean noLayer = layer == null || layer.isNull();
        boolean noNeuron = neuron == null || neuron.isNull();
        if (noLayer && noNeuron) {
            return new Command.Select(null);
        }
        if (noLayer || noNeuron) {
            String missing = noLayer ? "layer" : "neuron";
            throw new ProtocolException("select needs both layer and neuron, or both null to select nothing; "
                    + missing + " is missing.", missing);
        }
        long l = f.integer("layer");
        long n = f.integer("neuron");
        if (l > NeuronRef.MAX_INDEX || n > NeuronRef.MAX_INDEX) {
            String field = l > NeuronRef.MAX_INDEX ? "layer" : "neuron";
            throw new ProtocolException(field + " must be in [0, " + NeuronRef.MAX_INDEX + "], got "
                    + (field.equals("layer") ? l : n) + ".", field);
        }
        return new Command.Select(new NeuronRef((int) l, (int) n));
    }

    /** {@code layer}, {@code a}, {@code b}; or {@code layer} null (a and b null or absent) to stop. */
    private static Command hiddenSpace(MessageFields f) {
        JsonNode layer = f.node("layer");
        if (layer != null && layer.isNull()) {
            for (String field : List.of("a", "b")) {
                JsonNode node = f.node(field);
                if (node != null && !node.isNull()) {
                    throw new ProtocolException("hiddenSpace with layer null stops the view; " + field
                            + " must then be null or absent, got " + MessageFields.kind(node) + ".", field);
                }
            }
            return new Command.HiddenSpace(null);
        }
        if (layer == null) {
            throw new ProtocolException("hiddenSpace needs the field layer (a hidden layer, or null to stop).",
                    "layer");
        }
        long l = f.integer("layer");
        long a = f.integer("a");
        long b = f.integer("b");
        return new Command.HiddenSpace(new HiddenSpaceView((int) Math.min(l, Integer.MAX_VALUE),
                (int) Math.min(a, Integer.MAX_VALUE), (int) Math.min(b, Integer.MAX_VALUE)));
    }

    private static Command uploadPoints(MessageFields f) {
        String format = f.text("format");
        String text = f.text("text");
        UserData data;
        try {
            if (format.equals("csv")) {
                data = UserPoints.parseCsv(text);
            } else if (format.equals("json")) {
                data = UserPoints.parseJson(text);
            } else {
                throw new ProtocolException("format must be \"csv\" or \"json\", got \"" + MessageFields.abbreviate(format) + "\".",
                        "format");
            }
        } catch (DataFormatException e) {
            throw new ProtocolException(e.getMessage(), "text");
        }
        return new Command.UploadPoints(format, data);
    }

    private static String prefixed(String root, String path) {
        return path == null || path.isEmpty() ? root : root + "." + path;
    }

    // ------------------------------------------------------------------ helpers





    /** A number as a person writes it: 25, not 25.0. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
