package org.layerlab.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.layerlab.protocol.RaceCommand;
import org.layerlab.protocol.RaceFrameCodec;

/**
 * A race page without a browser: keeps every event and decoded frame, and acknowledges each frame
 * at once through its session (as the page does after painting), unless told not to.
 */
final class RaceTestViewer implements Viewer {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String id = "race-test-" + COUNTER.incrementAndGet();
    private final JsonEvents received = new JsonEvents();
    final List<JsonNode> events = received.all;
    final List<RaceFrameCodec.DecodedFrame> frames = new CopyOnWriteArrayList<>();
    final AtomicLong frameBytes = new AtomicLong();
    volatile RaceSession session;
    volatile boolean acking = true;

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void sendText(String json) {
        received.add(json, "the race session");
    }

    @Override
    public void sendBinary(ByteBuffer frame) {
        frameBytes.addAndGet(frame.remaining());
        RaceFrameCodec.DecodedFrame decoded = RaceFrameCodec.decode(frame);
        frames.add(decoded);
        if (acking && session != null) {
            session.command(new RaceCommand.Ack(decoded.seq()));
        }
    }

    List<JsonNode> events(String type) {
        return received.ofType(type);
    }

    JsonNode await(String type, Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        return received.await(type, condition, timeout);
    }

    /** Frames of live race {@code liveId}, in order. */
    List<RaceFrameCodec.DecodedFrame> framesOf(long liveId) {
        List<RaceFrameCodec.DecodedFrame> out = new ArrayList<>();
        for (RaceFrameCodec.DecodedFrame frame : frames) {
            if (frame.liveId() == liveId) {
                out.add(frame);
            }
        }
        return out;
    }
}
