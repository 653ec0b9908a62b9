package org.layerlab.session;

import java.nio.ByteBuffer;

/**
 * One socket watching a session (a browser tab). The server implements it over its WebSocket; the
 * session only ever calls it from its own slice, one call at a time, and never waits on it: both
 * sends must queue the message and return at once. A viewer whose socket broke may throw or drop
 * messages; the session carries on either way.
 */
public interface Viewer {

    /** Unique among the viewers of this server, stable for the socket's life. */
    String id();

    boolean isOpen();

    /** Queues a JSON event. */
    void sendText(String json);

    /**
     * Queues a binary frame. The buffer is a {@code duplicate()} of the session's one encoding of
     * the frame, shared with the other viewers: read it, never write it.
     */
    void sendBinary(ByteBuffer frame);

    /**
     * Whether this viewer's messages are compressed on the way (WebSocket permessage-deflate): its
     * byte budget is then charged the estimated compressed size of each frame.
     */
    default boolean compressesMessages() {
        return false;
    }
}
