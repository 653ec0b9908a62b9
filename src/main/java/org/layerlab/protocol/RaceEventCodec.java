package org.layerlab.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.layerlab.data.Point;
import org.layerlab.data.Task;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.training.Race;

/**
 * Writes the race socket's text events (docs/protocol.md, "Races") as JSON. Epoch counts that are
 * "never" (+∞: the run did not reach the target) and ratios without meaning go out as null.
 */
public final class RaceEventCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    /** The states a repeat over seeds goes through, as {@code progress.state} names them. */
    public enum JobState {
        QUEUED("queued"), RUNNING("running"), DONE("done"), CANCELLED("cancelled");

        private final String id;

        JobState(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /**
     * One contestant of the live race, as {@code raceState} shows it.
     *
     * @param output the output layer's activation id (the page picks the map's colour scale by it)
     * @param status one of {@link RaceFrameCodec}'s STATUS_ codes
     */
    public record LiveContestant(String name, Task task, String output, int status, int epochsTrained, int reachedAt,
                                 double testLoss) {
        public LiveContestant {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(output, "output");
        }
    }

    /**
     * The live race.
     *
     * @param liveId  changes with every new race, seed and reset; frames carry it
     * @param spec    the race, null before the page set one
     * @param speed   lock-step epochs per second, 0 for as fast as possible
     * @param epoch   lock-step epochs so far
     * @param finished every contestant has reached the target, run out of epochs or diverged
     * @param job     the repeat over seeds: its progress, or null if there was none
     */
    public record LiveState(long liveId, Race.Spec spec, long seed, boolean running, double speed, int epoch,
                            boolean finished, List<LiveContestant> contestants, Progress job) {
        public LiveState {
            contestants = List.copyOf(contestants);
        }
    }

    /**
     * A repeat over seeds.
     *
     * @param queuePosition 1 for the next job to start, … while queued; 0 otherwise
     */
    public record Progress(long job, JobState state, int done, int total, int queuePosition, long elapsedMs) {
        public Progress {
            Objects.requireNonNull(state, "state");
        }
    }

    private RaceEventCodec() {
    }

    /**
     * {@code hello}: the protocol version, the preset races (exactly {@link Race#defaultRace}), the
     * server's limits and how many repeats it runs at once.
     */
    public static String hello(Map<String, Race.Spec> presets, RaceLimits limits, int mapResolution, int jobSlots) {
        ObjectNode root = event("hello");
        root.put("protocol", Protocol.VERSION);
        ObjectNode presetNode = root.putObject("presets");
        presets.forEach((name, spec) -> presetNode.set(name, spec.toJsonTree()));
        ObjectNode limitNode = root.putObject("limits");
        limitNode.put("maxEpochs", limits.maxEpochs());
        limitNode.put("maxSeeds", limits.maxSeeds());
        limitNode.put("minContestants", Race.MIN_CONTESTANTS);
        limitNode.put("maxContestants", Race.MAX_CONTESTANTS);
        NetworkLimits network = limits.network();
        limitNode.put("maxHiddenLayers", network.maxHiddenLayers());
        limitNode.put("maxNeuronsPerLayer", network.maxNeuronsPerLayer());
        root.put("mapResolution", mapResolution);
        root.put("jobSlots", jobSlots);
        return write(root);
    }

    public static String state(LiveState state) {
        ObjectNode root = event("raceState");
        root.put("liveId", state.liveId());
        if (state.spec() == null) {
            root.putNull("race");
        } else {
            root.set("race", state.spec().toJsonTree());
        }
        root.put("seed", state.seed());
        root.put("running", state.running());
        root.put("speed", state.speed());
        root.put("epoch", state.epoch());
        root.put("finished", state.finished());
        ArrayNode list = root.putArray("contestants");
        for (LiveContestant c : state.contestants()) {
            ObjectNode node = list.addObject();
            node.put("name", c.name());
            node.put("task", c.task().problem().id());
            node.put("classCount", c.task().classCount());
            node.put("output", c.output());
            node.put("status", RaceFrameCodec.STATUS_NAMES.get(c.status()));
            node.put("epochsTrained", c.epochsTrained());
            putEpochs(node, "reachedAt", c.reachedAt());
            putNumber(node, "testLoss", c.testLoss());
        }
        if (state.job() == null) {
            root.putNull("job");
        } else {
            root.set("job", progressNode(state.job()));
        }
        return write(root);
    }

    /**
     * {@code points}: the live race's training points. {@code sets} holds each distinct set once;
     * {@code of[c]} is the index of contestant c's set (a fair race gives every contestant set 0).
     */
    public static String points(long liveId, long seed, List<List<Point>> sets, int[] of) {
        ObjectNode root = event("points");
        root.put("liveId", liveId);
        root.put("seed", seed);
        ArrayNode setsNode = root.putArray("sets");
        for (List<Point> set : sets) {
            ArrayNode points = setsNode.addArray();
            for (Point p : set) {
                ArrayNode row = points.addArray();
                row.add(p.x());
                row.add(p.y());
                row.add(p.label());
            }
        }
        ArrayNode ofNode = root.putArray("of");
        for (int i : of) {
            ofNode.add(i);
        }
        return write(root);
    }

    public static String progress(Progress progress) {
        ObjectNode root = progressNode(progress);
        return write(root);
    }

    private static ObjectNode progressNode(Progress progress) {
        ObjectNode root = event("progress");
        root.put("job", progress.job());
        root.put("state", progress.state().id());
        root.put("done", progress.done());
        root.put("total", progress.total());
        root.put("queuePosition", progress.queuePosition());
        root.put("elapsedMs", progress.elapsedMs());
        return root;
    }

    /**
     * {@code result}: a finished repeat over seeds — per contestant the statistics of
     * {@link Race#summarize} and every run's epochs to target (the curves stay on the server).
     */
    public static String result(long job, Race.Result result, long elapsedMs) {
        ObjectNode root = event("result");
        root.put("job", job);
        Race.Spec spec = result.spec();
        root.put("firstSeed", spec.base().seed());
        root.put("seeds", spec.seeds());
        root.put("target", spec.target());
        root.put("maxEpochs", spec.maxEpochs());
        root.put("elapsedMs", elapsedMs);
        root.set("contestants", result.standingsJsonTree(false));
        return write(root);
    }

    public static String error(ProtocolException e) {
        return EventCodec.error(e);
    }

    public static String error(String message, String field, String command) {
        return EventCodec.error(message, field, command);
    }

    // ------------------------------------------------------------------ helpers

    private static ObjectNode event(String type) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("type", type);
        return root;
    }

    /** −1 (never) as null. */
    private static void putEpochs(ObjectNode node, String name, int epochs) {
        if (epochs < 0) {
            node.putNull(name);
        } else {
            node.put(name, epochs);
        }
    }

    /** +∞ (never) and NaN (undefined) as null. */
    private static void putNumber(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    private static String write(ObjectNode root) {
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
