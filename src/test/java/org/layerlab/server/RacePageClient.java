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
import org.layerlab.protocol.RaceFrameCodec;
import org.layerlab.session.JsonEvents;

/** A race page stand-in on /race/ws: its text events as JSON, its frames decoded (not acknowledged). */
final class RacePageClient implements WebSocket.Listener {

    private final JsonEvents received = new JsonEvents();
    final List<JsonNode> events = received.all;
    final List<RaceFrameCodec.DecodedFrame> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    volatile WebSocket socket;
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    /** Connects to the server on {@code port}, with the client cookie if not null, and waits for its hello. */
    static RacePageClient connect(HttpClient client, int port, String cookie) throws Exception {
        RacePageClient page = new RacePageClient();
        WebSocket.Builder builder = client.newWebSocketBuilder();
        if (cookie != null) {
            builder.header("Cookie", ClientKeys.COOKIE + "=" + cookie);
        }
        builder.buildAsync(URI.create("ws://localhost:" + port + "/race/ws"), page).get(10, TimeUnit.SECONDS);
        page.await("hello", e -> true);
        return page;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            received.add(text.toString(), "the server");
            text.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binary.write(chunk, 0, chunk.length);
        if (last) {
            frames.add(RaceFrameCodec.decode(ByteBuffer.wrap(binary.toByteArray())));
            binary.reset();
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    void send(String message) throws Exception {
        socket.sendText(message, true).get(5, TimeUnit.SECONDS);
    }

    /** The first event of {@code type} that meets {@code condition}, waiting up to a minute for it. */
    JsonNode await(String type, Predicate<JsonNode> condition) throws InterruptedException {
        return received.await(type, condition, Duration.ofSeconds(60));
    }
}
