package org.layerlab.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.layerlab.training.ConfigException;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.Race;

/**
 * Reads a race page's text message into a {@link RaceCommand}, or says exactly what is wrong with
 * it — as strict as {@link CommandCodec}: unknown types and fields, missing fields, wrong kinds,
 * out-of-range values, malformed JSON and duplicate keys are refused with a
 * {@link ProtocolException} naming the field. The race document inside {@code race} is read by
 * {@link Race#parse} (every field path comes back under {@code race.}) and then held to the
 * server's {@link RaceLimits}.
 *
 * <p>Thread-safe: every race socket shares one codec.
 */
public final class RaceCommandCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The command types and the fields each may carry besides {@code type}, in the order of docs/protocol.md. */
    private static final Map<String, Set<String>> FIELDS = orderedFields();

    private static Map<String, Set<String>> orderedFields() {
        Map<String, Set<String>> fields = new java.util.LinkedHashMap<>();
        fields.put("race", Set.of("race"));
        fields.put("play", Set.of());
        fields.put("pause", Set.of());
        fields.put("reset", Set.of());
        fields.put("seed", Set.of("seed"));
        fields.put("speed", Set.of("epochsPerSecond"));
        fields.put("repeat", Set.of());
        fields.put("cancel", Set.of());
        fields.put("ack", Set.of("seq"));
        return java.util.Collections.unmodifiableMap(fields);
    }

    private final RaceLimits limits;

    public RaceCommandCodec(RaceLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public RaceLimits limits() {
        return limits;
    }

    /** The command types, in the order of docs/protocol.md. */
    public static List<String> types() {
        return List.copyOf(FIELDS.keySet());
    }

    /**
     * Decodes one text message.
     *
     * @throws ProtocolException naming the problem, the field (or null) and the command (when its
     *                           type could be read)
     */
    public RaceCommand decode(String text) {
        if (text == null || text.isEmpty()) {
            throw new ProtocolException("The message is empty; send a JSON object with a \"type\".", null);
        }
        if (text.length() > Protocol.MAX_TEXT_MESSAGE_CHARS) {
            throw new ProtocolException("The message has " + text.length() + " characters; at most "
                    + Protocol.MAX_TEXT_MESSAGE_CHARS + " (2 MB) are accepted.", null);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("The message is not valid JSON: " + describe(e), null);
        }
        if (root == null || !root.isObject()) {
            throw new ProtocolException("The message must be a JSON object with a \"type\", got "
                    + (root == null ? "nothing" : CommandCodec.kind(root)) + ".", null);
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null || typeNode.isNull()) {
            throw new ProtocolException("The message has no \"type\"; allowed: " + String.join(", ", types()) + ".",
                    "type");
        }
        if (!typeNode.isTextual()) {
            throw new ProtocolException("type must be a string, got " + CommandCodec.kind(typeNode) + ".", "type");
        }
        String type = typeNode.textValue();
        Set<String> allowed = FIELDS.get(type);
        if (allowed == null) {
            throw new ProtocolException("Unknown message type \"" + abbreviate(type) + "\"; allowed: "
                    + String.join(", ", types()) + ".", "type");
        }
        try {
            rejectUnknown(type, root, allowed);
            return read(type, root);
        } catch (ProtocolException e) {
            throw e.inCommand(type);
        }
    }

    private RaceCommand read(String type, JsonNode root) {
        switch (type) {
            case "race":
                return new RaceCommand.SetRace(race(root));
            case "play":
                return new RaceCommand.Play();
            case "pause":
                return new RaceCommand.Pause();
            case "reset":
                return new RaceCommand.Reset();
            case "seed": {
                long seed = integer(type, root, "seed");
                if (seed > ExperimentConfig.MAX_SEED) {
                    throw new ProtocolException("seed must be in [0, " + ExperimentConfig.MAX_SEED + "], got " + seed
                            + ".", "seed");
                }
                return new RaceCommand.Seed(seed);
            }
            case "speed": {
                double speed = number(type, root, "epochsPerSecond");
                if (speed != 0 && (speed < Protocol.MIN_EPOCHS_PER_SECOND || speed > Protocol.MAX_EPOCHS_PER_SECOND)) {
                    throw new ProtocolException("epochsPerSecond must be 0 (as fast as possible) or in ["
                            + CommandCodec.format(Protocol.MIN_EPOCHS_PER_SECOND) + ", "
                            + CommandCodec.format(Protocol.MAX_EPOCHS_PER_SECOND) + "], got "
                            + CommandCodec.format(speed) + ".", "epochsPerSecond");
                }
                return new RaceCommand.Speed(speed);
            }
            case "repeat":
                return new RaceCommand.Repeat();
            case "cancel":
                return new RaceCommand.Cancel();
            case "ack":
                return new RaceCommand.Ack(integer(type, root, "seq"));
            default:
                throw new IllegalStateException("no reader for " + type);
        }
    }

    /** The race document: {@link Race#parse}'s rules, then this server's limits. */
    private Race.Spec race(JsonNode root) {
        JsonNode node = require("race", root, "race");
        if (!node.isObject()) {
            throw new ProtocolException("race must be a race document (a JSON object), got "
                    + CommandCodec.kind(node) + ".", "race");
        }
        Race.Spec spec;
        try {
            spec = Race.parse(node.toString(), limits.network());
        } catch (ConfigException e) {
            throw new ProtocolException(e.getMessage(), e.field() == null || e.field().isEmpty() ? "race"
                    : "race." + e.field());
        }
        if (spec.maxEpochs() > limits.maxEpochs()) {
            throw new ProtocolException("maxEpochs must be at most " + limits.maxEpochs() + " on this server (a"
                    + " classroom shares its processors; the experiment command has no such limit), got "
                    + spec.maxEpochs() + ".", "race.maxEpochs");
        }
        if (spec.seeds() > limits.maxSeeds()) {
            throw new ProtocolException("seeds must be at most " + limits.maxSeeds() + " on this server (the"
                    + " experiment command has no such limit), got " + spec.seeds() + ".", "race.seeds");
        }
        return spec;
    }

    // ------------------------------------------------------------------ helpers

    private static void rejectUnknown(String type, JsonNode root, Set<String> allowed) {
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("type") && !allowed.contains(name)) {
                List<String> sorted = new ArrayList<>(allowed);
                sorted.sort(null);
                throw new ProtocolException("Unknown field \"" + abbreviate(name) + "\" in " + type + "; "
                        + (sorted.isEmpty() ? type + " has no fields" : "allowed: " + String.join(", ", sorted))
                        + ".", name);
            }
        }
    }

    private static JsonNode require(String type, JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new ProtocolException(type + " needs the field " + field + ".", field);
        }
        return node;
    }

    private static double number(String type, JsonNode root, String field) {
        JsonNode node = require(type, root, field);
        if (!node.isNumber()) {
            throw new ProtocolException(field + " must be a number, got " + CommandCodec.kind(node) + ".", field);
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new ProtocolException(field + " must be a finite number, got " + node + ".", field);
        }
        return value;
    }

    /** A whole number (10 and 10.0 both are), 0 or more. */
    private static long integer(String type, JsonNode root, String field) {
        JsonNode node = require(type, root, field);
        if (!node.isNumber()) {
            throw new ProtocolException(field + " must be a whole number, got " + CommandCodec.kind(node) + ".",
                    field);
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() < 0) {
            throw new ProtocolException(field + " must be 0 or more, got " + value.toPlainString() + ".", field);
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException e) {
            throw new ProtocolException(field + " must be a whole number below 2^63, got "
                    + abbreviate(value.toPlainString()) + ".", field);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    private static String describe(JsonProcessingException e) {
        String original = e.getOriginalMessage();
        int newline = original == null ? -1 : original.indexOf('\n');
        String first = original == null ? "unreadable" : newline < 0 ? original : original.substring(0, newline);
        JsonLocation at = e.getLocation();
        if (at == null) {
            return first + ".";
        }
        return first + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").";
    }
}
