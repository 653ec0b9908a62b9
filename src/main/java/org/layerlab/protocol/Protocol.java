package org.layerlab.protocol;

/**
 * The wire contract's fixed numbers (docs/protocol.md). The browser's {@code web/js/wire.js} holds
 * the same ones; change both together and raise {@link #VERSION} when old clients would misread.
 */
public final class Protocol {
    /** Sent in {@code hello} and in every binary frame's header. */
    public static final int VERSION = 1;

    /** The largest text message a client may send, in characters: 2 MiB. */
    public static final int MAX_TEXT_MESSAGE_CHARS = 2 * 1024 * 1024;

    /** Flow control: a viewer gets no new frame while this many are unacknowledged. */
    public static final int MAX_FRAMES_IN_FLIGHT = 2;

    /** Frame rate a viewer gets until it asks for another, and the allowed range. */
    public static final double DEFAULT_FPS = 30;
    public static final double MIN_FPS = 1;
    public static final double MAX_FPS = 60;

    /** Training pace: 0 means as fast as possible, else epochs per second in this range. */
    public static final double MIN_EPOCHS_PER_SECOND = 1;
    public static final double MAX_EPOCHS_PER_SECOND = 100_000;

    /** A point drawn by clicking must lie on the plane the maps show. */
    public static final double PLANE_EXTENT = 6;

    private Protocol() {
    }
}
