package org.layerlab.server;

import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import org.layerlab.session.Viewer;

/**
 * A browser tab's socket as a session sees it. Sends are asynchronous (Jetty queues the message and
 * returns); the session's flow control, not this class, keeps the queue short.
 */
final class WebSocketViewer implements Viewer {
    private final String id;
    private final WsContext socket;
    private final boolean compresses;

    WebSocketViewer(String id, WsContext socket) {
        this.id = id;
        this.socket = socket;
        this.compresses = negotiatedDeflate(socket);
    }

    /** Whether the handshake agreed on permessage-deflate (browsers offer it; Jetty accepts it). */
    private static boolean negotiatedDeflate(WsContext socket) {
        try {
            for (org.eclipse.jetty.websocket.api.ExtensionConfig extension
                    : socket.session.getUpgradeResponse().getExtensions()) {
                if ("permessage-deflate".equals(extension.getName())) {
                    return true;
                }
            }
        } catch (RuntimeException e) {
            // No upgrade response to look at: count raw bytes, the safe side.
        }
        return false;
    }

    @Override
    public boolean compressesMessages() {
        return compresses;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isOpen() {
        return socket.session.isOpen();
    }

    @Override
    public void sendText(String json) {
        socket.send(json);
    }

    @Override
    public void sendBinary(ByteBuffer frame) {
        socket.send(frame);
    }
}
