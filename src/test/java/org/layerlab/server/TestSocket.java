package org.layerlab.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.layerlab.protocol.FrameCodec;
import org.layerlab.session.JsonEvents;

/**
 * A browser tab stand-in over the JDK's WebSocket client: collects events and decoded frames, and
 * acknowledges every frame as the page would. Partial messages are put together until {@code last};
 * every callback asks for the next message; sends are chained, since the JDK client allows one at a time.
 */
final class TestSocket implements WebSocket.Listener {

    private final JsonEvents received = new JsonEvents();
    final List<JsonNode> events = received.all;
    final List<FrameCodec.DecodedFrame> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile boolean autoAck = true;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
    private volatile WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    static TestSocket open(HttpClient client, int port, String query) throws Exception {
        TestSocket listener = new TestSocket();
        URI uri = URI.create("ws://localhost:" + port + "/ws" + (query == null ? "" : "?" + query));
        client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, listener)
                .get(10, TimeUnit.SECONDS);
        return listener;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        // Before any message: the first frame may arrive before buildAsync's future completes.
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (text) {
            text.append(data);
            if (last) {
                try {
                    received.add(text.toString(), "the server");
                } finally {
                    text.setLength(0);
                }
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        synchronized (binary) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.write(chunk, 0, chunk.length);
            if (last) {
                FrameCodec.DecodedFrame frame = FrameCodec.decode(ByteBuffer.wrap(binary.toByteArray()));
                binary.reset();
                frames.add(frame);
                if (autoAck) {
                    send("{\"type\":\"ack\",\"seq\":" + frame.seq() + "}");
                }
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** Queues a send after the previous one; a failed send does not block the ones after it. */
    synchronized void send(String message) {
        sending = sending.handle((ok, failed) -> null).thenCompose(ignored -> socket.sendText(message, true));
    }

    synchronized void sendBinary(byte[] bytes) {
        sending = sending.handle((ok, failed) -> null)
                .thenCompose(ignored -> socket.sendBinary(ByteBuffer.wrap(bytes), true));
    }

    void close() {
        synchronized (this) {
            sending = sending.handle((ok, failed) -> null)
                    .thenCompose(ignored -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        }
        try {
            closed.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
    }

    List<JsonNode> events(String type) {
        return received.ofType(type);
    }

    JsonNode await(String type, Predicate<JsonNode> condition, Duration timeout) throws InterruptedException {
        return received.await(type, condition, timeout);
    }

    FrameCodec.DecodedFrame awaitFrame(Predicate<FrameCodec.DecodedFrame> condition, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (FrameCodec.DecodedFrame frame : frames) {
                if (condition.test(frame)) {
                    return frame;
                }
            }
            Thread.sleep(5);
        }
        FrameCodec.DecodedFrame last = frames.isEmpty() ? null : frames.get(frames.size() - 1);
        throw new AssertionError("no matching frame within " + timeout + "; " + frames.size() + " frames, last at epoch "
                + (last == null ? "-" : last.epoch() + " test loss " + last.testLoss()));
    }
}
