package org.layerlab.session;

/** A new session was refused because the server already holds as many as it may. */
public class SessionLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SessionLimitException(String message) {
        super(message);
    }
}
