package org.layerlab.protocol;

import com.fasterxml.jackson.databind.JsonNode;
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
        MessageFields fields = MessageFields.read(text, FIELDS.keySet());
        try {
            fields.rejectUnknown(FIELDS.get(fields.type()));
            return read(fields);
        } catch (ProtocolException e) {
            throw e.inCommand(fields.type());
        }
    }

    private RaceCommand read(MessageFields fields) {
        switch (fields.type()) {
            case "race":
                return new RaceCommand.SetRace(race(fields));
            case "play":
                return new RaceCommand.Play();
            case "pause":
                return new RaceCommand.Pause();
            case "reset":
                return new RaceCommand.Reset();
            case "seed": {
                long seed = fields.integer("seed");
                if (seed > ExperimentConfig.MAX_SEED) {
                    throw new ProtocolException("seed must be in [0, " + ExperimentConfig.MAX_SEED + "], got " + seed
                            + ".", "seed");
                }
                return new RaceCommand.Seed(seed);
            }
            case "speed": {
                double speed = fields.number("epochsPerSecond");
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
                return new RaceCommand.Ack(fields.integer("seq"));
            default:
                throw new IllegalStateException("no reader for " + fields.type());
        }
    }

    /** The race document: {@link Race#parse}'s rules, then this server's limits. */
    private Race.Spec race(MessageFields fields) {
        JsonNode node = fields.require("race");
        if (!node.isObject()) {
            throw new ProtocolException("race must be a race document (a JSON object), got "
                    + MessageFields.kind(node) + ".", "race");
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
}
