package org.layerlab.server;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsCloseStatus;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.layerlab.pages.RacePage;
import org.layerlab.protocol.ProtocolException;
import org.layerlab.protocol.RaceCommand;
import org.layerlab.protocol.RaceCommandCodec;
import org.layerlab.protocol.RaceEventCodec;
import org.layerlab.session.RaceHub;
import org.layerlab.session.RaceSession;
import org.layerlab.session.SessionLimitException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /race} (the race page) and {@code WS /race/ws} (its socket, docs/protocol.md
 * "Races"). Wiring only: a text message is decoded and validated by {@link RaceCommandCodec} and
 * handed to the socket's {@link RaceSession}; the socket closing closes the session, which stops
 * its live race and its repeat over seeds. The page sets the client cookie, and a socket's repeats
 * count against its client ({@link ClientKeys}: the remote address plus that cookie), as the
 * learning-rate page's jobs do — one client, one share of the heavy-job queue, across both pages.
 */
final class RaceEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(RaceEndpoint.class);

    private final RaceHub hub;
    private final RaceCommandCodec codec;
    private final Map<String, RaceSession> sessions = new ConcurrentHashMap<>();
    private final AtomicLong viewerCounter = new AtomicLong();
    private volatile String page;

    RaceEndpoint(RaceHub hub) {
        this.hub = hub;
        this.codec = new RaceCommandCodec(hub.limits());
    }

    RaceHub hub() {
        return hub;
    }

    void configure(JavalinConfig config) {
        config.routes.get("/race", this::page);
        config.routes.ws("/race/ws", this::socket);
    }

    private void page(Context ctx) {
        String html = page;
        if (html == null) {
            html = RacePage.render();
            page = html;
        }
        ClientKeys.issue(ctx);
        ctx.html(html);
    }

    private void socket(WsConfig ws) {
        ws.onConnect(this::connect);
        ws.onMessage(ctx -> text(ctx, ctx.message()));
        ws.onBinaryMessage(ctx -> {
            RaceSession session = sessions.get(ctx.sessionId());
            if (session != null) {
                session.reject(new ProtocolException("The server accepts only text messages (JSON commands),"
                        + " not binary ones.", null));
            }
        });
        ws.onClose(ctx -> {
            RaceSession session = sessions.remove(ctx.sessionId());
            if (session != null) {
                session.close();
            }
        });
        ws.onError(ctx -> LOG.debug("race socket {} failed", ctx.sessionId(), ctx.error()));
    }

    private void connect(WsContext ctx) {
        ctx.enableAutomaticPings();
        WebSocketViewer viewer = new WebSocketViewer("race-" + viewerCounter.incrementAndGet(), ctx);
        try {
            sessions.put(ctx.sessionId(), hub.open(viewer, ClientKeys.of(ctx)));
        } catch (SessionLimitException e) {
            ctx.send(RaceEventCodec.error(e.getMessage(), null, null));
            ctx.closeSession(WsCloseStatus.TRY_AGAIN_LATER, "server full");
        }
    }

    private void text(WsContext ctx, String message) {
        RaceSession session = sessions.get(ctx.sessionId());
        if (session == null) {
            return;
        }
        try {
            RaceCommand command = codec.decode(message);
            session.command(command);
        } catch (ProtocolException e) {
            session.reject(e);
        } catch (RuntimeException e) {
            LOG.error("decoding a race message failed unexpectedly", e);
            session.reject(new ProtocolException("The server could not read this message (" + e + ").", null));
        }
    }

    /** Closes every race session (the scheduler is closed by whoever owns it). */
    void close() {
        hub.close();
    }
}
