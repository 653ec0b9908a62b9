package org.layerlab.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The JSON events a test's stand-in for a page received (from a session or over a socket), in
 * order, and a wait for the one a test expects. Safe to fill from one thread and read from another.
 */
public final class JsonEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every event so far, in order. */
    public final List<JsonNode> all = new CopyOnWriteArrayList<>();

    /** Parses one event; invalid JSON fails the test, naming {@code sender}. */
    public void add(String json, String sender) {
        try {
            all.add(JSON.readTree(json));
        } catch (Exception e) {
            throw new AssertionError(sender + " sent invalid JSON: " + json, e);
        }
    }

    /** The events of {@code type} so far, in order. */
    public List<JsonNode> ofType(String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode event : all) {
            if (event.get("type").asText().equals(type)) {
                out.add(event);
            }
        }
        return out;
    }

    /** The first event of {@code type} that meets {@code condition}, waiting up to {@code timeout} for it. */
    public JsonNode await(String type, Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode event : ofType(type)) {
                if (condition.test(event)) {
                    return event;
                }
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no matching " + type + " event within " + timeout + "; got " + all);
    }
}
