package org.layerlab.session;

import org.layerlab.protocol.Command;
import org.layerlab.protocol.ProtocolException;

/**
 * One viewer's link to its session, as the server holds it for a socket: commands go in through
 * here, events and frames come out through the {@link Viewer}. Thread-safe.
 */
public final class Connection {
    private final SessionManager manager;
    private final Session session;
    private final Viewer viewer;
    private final boolean resumed;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    Connection(SessionManager manager, Session session, Viewer viewer, boolean resumed) {
        this.manager = manager;
        this.session = session;
        this.viewer = viewer;
        this.resumed = resumed;
    }

    public Session session() {
        return session;
    }

    public Viewer viewer() {
        return viewer;
    }

    /** Whether the socket took back a session that was still alive. */
    public boolean resumed() {
        return resumed;
    }

    /** A decoded command, queued for the session. */
    public void send(Command command) {
        if (!closed.get()) {
            session.command(viewer.id(), command);
        }
    }

    /** A message that could not be decoded; the session answers with an {@code error} event. */
    public void reject(ProtocolException problem) {
        if (!closed.get()) {
            session.reject(viewer.id(), problem);
        }
    }

    /** The socket closed: the viewer leaves the session. Idempotent. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            manager.disconnect(session, viewer.id());
        }
    }
}
