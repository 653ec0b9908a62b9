package org.layerlab.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.layerlab.protocol.Command;
import org.layerlab.protocol.FrameCodec;

/**
 * A viewer without a socket: keeps every event and frame it gets, and acknowledges frames at once,
 * after a delay, or never — a fast tab, a slow tab, a stuck tab.
 */
final class FakeViewer implements Viewer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ScheduledExecutorService DELAYS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fake-viewer-acks");
        t.setDaemon(true);
        return t;
    });

    final String id = "fake-" + COUNTER.incrementAndGet();
    final List<JsonNode> events = new CopyOnWriteArrayList<>();
    final List<FrameCodec.DecodedFrame> frames = new CopyOnWriteArrayList<>();
    final List<Long> frameNanos = new CopyOnWriteArrayList<>();
    final AtomicInteger frameBytes = new AtomicInteger();
    /** With {@link #compresses}: the frames' sizes after raw deflate, one message at a time (no context takeover). */
    final java.util.concurrent.atomic.AtomicLong deflatedBytes = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.zip.Deflater deflater = new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true);
    private final byte[] deflated = new byte[1 << 16];
    final CompletableFuture<Connection> connection = new CompletableFuture<>();
    volatile boolean open = true;
    /** Negative: never acknowledge; 0: at once; else after this many milliseconds. */
    volatile long ackDelayMillis;
    volatile boolean throwOnSend;
    volatile boolean compresses;

    FakeViewer(long ackDelayMillis) {
        this.ackDelayMillis = ackDelayMillis;
    }

    static FakeViewer acking() {
        return new FakeViewer(0);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean compressesMessages() {
        return compresses;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void sendText(String json) {
        try {
            events.add(JSON.readTree(json));
        } catch (Exception e) {
            throw new AssertionError("the session sent invalid JSON: " + json, e);
        }
    }

    @Override
    public void sendBinary(ByteBuffer frame) {
        if (throwOnSend) {
            throw new IllegalStateException("this socket is broken");
        }
        frameBytes.addAndGet(frame.remaining());
        if (compresses) {
            synchronized (deflater) {
                deflater.reset();
                deflater.setInput(frame.duplicate());
                deflater.finish();
                while (!deflater.finished()) {
                    deflatedBytes.addAndGet(deflater.deflate(deflated));
                }
            }
        }
        FrameCodec.DecodedFrame decoded = FrameCodec.decode(frame);
        frames.add(decoded);
        frameNanos.add(System.nanoTime());
        long delay = ackDelayMillis;
        if (delay == 0) {
            ack(decoded.seq());
        } else if (delay > 0) {
            DELAYS.schedule(() -> ack(decoded.seq()), delay, TimeUnit.MILLISECONDS);
        }
    }

    void ack(long seq) {
        connection.thenAccept(c -> c.send(new Command.Ack(seq)));
    }

    Connection conn() {
        return connection.join();
    }

    void send(Command command) {
        conn().send(command);
    }

    List<JsonNode> events(String type) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode event : events) {
            if (event.get("type").asText().equals(type)) {
                out.add(event);
            }
        }
        return out;
    }

    JsonNode last(String type) {
        List<JsonNode> all = events(type);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    FrameCodec.DecodedFrame lastFrame() {
        return frames.isEmpty() ? null : frames.get(frames.size() - 1);
    }

    /** The last frame that carried every section (metrics, thumbnails, weights). */
    /** The newest frame with the diagram's sections (thumbnails and weights), metrics or not. */
    FrameCodec.DecodedFrame lastDiagramFrame() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            FrameCodec.DecodedFrame frame = frames.get(i);
            if (frame.thumbnails() != null && frame.weights() != null) {
                return frame;
            }
        }
        return null;
    }

    FrameCodec.DecodedFrame lastCompleteFrame() {
        for (int i = frames.size() - 1; i >= 0; i--) {
            FrameCodec.DecodedFrame frame = frames.get(i);
            if (frame.metrics() != null && frame.thumbnails() != null && frame.weights() != null) {
                return frame;
            }
        }
        return null;
    }

    /** Waits for an event of {@code type} after the first {@code skip} events that match. */
    JsonNode await(String type, Predicate<JsonNode> condition, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode event : events(type)) {
                if (condition.test(event)) {
                    return event;
                }
            }
            sleep(5);
        }
        throw new AssertionError("no " + type + " event matched within " + timeout + "; got " + events);
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(5);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
