package org.layerlab.session;

import java.nio.ByteBuffer;
import org.layerlab.protocol.Protocol;

/**
 * A session's bookkeeping for one viewer: which frames it has not acknowledged, its frame rate, its
 * byte budget, which sections it got when, and which version of the network it last saw. Decides
 * when the viewer is ready for the next frame — the session builds one only when some viewer is.
 *
 * <p>Three brakes, each of which lowers the frame rate and none of which queues anything:
 * <ul>
 *   <li>acknowledgements: at most {@link Protocol#MAX_FRAMES_IN_FLIGHT} frames unacknowledged (a
 *       viewer that stops acknowledging for {@link #ACK_TIMEOUT_NANOS} is given a fresh start, so a
 *       lost ack cannot freeze it; it then still gets at most one frame per timeout);</li>
 *   <li>the frame rate the viewer asked for (urgent frames, which show the effect of a command,
 *       skip this one, and may borrow half a second of the byte budget);</li>
 *   <li>bytes per second: a token bucket that may go into debt by one frame and must be repaid
 *       before the next, so the average stays under the cap while a single frame is never delayed
 *       by its own size. A viewer whose socket compresses is charged the estimated compressed size:
 *       the cap is about what crosses the classroom's Wi-Fi.</li>
 * </ul>
 *
 * <p>Section cadence: the decision map changes in every frame, but the thumbnails and the weights
 * need not follow at 30 Hz — they are the bulk of a frame (W2: 6 KB and 1.8 KB of 10 KB). A viewer
 * gets THUMBNAILS at most every {@link #THUMBNAIL_INTERVAL_NANOS} and WEIGHTS at most every
 * {@link #WEIGHTS_INTERVAL_NANOS}, and both in its first frame and in a frame that shows a command's
 * effect. A viewer whose last frame lacked a section is owed one more frame with everything once
 * the sections are due, so a paused network is always shown complete.
 *
 * <p>Confined to the session's slices.
 */
final class ViewerLink {
    static final long ACK_TIMEOUT_NANOS = 3_000_000_000L;
    static final long THUMBNAIL_INTERVAL_NANOS = 100_000_000L;
    static final long WEIGHTS_INTERVAL_NANOS = 200_000_000L;
    /** The byte bucket holds at most this much of a second's budget: a short burst after a pause. */
    private static final double BYTE_BURST_SECONDS = 0.25;
    /**
     * A frame that shows a command's effect may borrow this much of a second's budget beyond the
     * debt rule, so a click is answered at once; the frames after it repay the debt, so the average
     * stays under the cap.
     */
    private static final double URGENT_BORROW_SECONDS = 0.5;

    final Viewer viewer;
    private final boolean compresses;
    private double fps = Protocol.DEFAULT_FPS;
    private final double maxBytesPerSecond;

    /** Sequence numbers and send times of the unacknowledged frames, oldest first. */
    private final long[] inFlight = new long[Protocol.MAX_FRAMES_IN_FLIGHT];
    private final long[] inFlightSentAt = new long[Protocol.MAX_FRAMES_IN_FLIGHT];
    private int inFlightCount;

    private boolean sentAny;
    /** The frame clock: when the next regular frame is due; advances by whole intervals, so late sends do not drift. */
    private long nextFrameAt;
    private long thumbnailsSentAt;
    private long weightsSentAt;
    private double byteTokens;
    private long tokensAt;

    /** The session's content version this viewer last got a frame of; −1 before its first. */
    private long seenVersion = -1;
    /** The last frame lacked metrics, thumbnails or weights. */
    private boolean partial;
    /** The next frame shows the result of a command: do not wait for the frame interval, send everything. */
    private boolean urgent = true;

    ViewerLink(Viewer viewer, double maxBytesPerSecond, long now) {
        this.viewer = viewer;
        this.compresses = viewer.compressesMessages();
        this.maxBytesPerSecond = maxBytesPerSecond;
        this.byteTokens = maxBytesPerSecond * BYTE_BURST_SECONDS;
        this.tokensAt = now;
    }

    String id() {
        return viewer.id();
    }

    boolean compresses() {
        return compresses;
    }

    void setFps(double newFps) {
        nextFrameAt += (long) (1e9 / newFps) - (long) (1e9 / fps);
        fps = newFps;
    }

    void markUrgent() {
        urgent = true;
    }

    boolean urgent() {
        return urgent || !sentAny;
    }

    /** The viewer received every frame up to {@code seq}. */
    void acknowledge(long seq) {
        int kept = 0;
        for (int i = 0; i < inFlightCount; i++) {
            if (inFlight[i] > seq) {
                inFlight[kept] = inFlight[i];
                inFlightSentAt[kept] = inFlightSentAt[i];
                kept++;
            }
        }
        inFlightCount = kept;
    }

    /** Whether this viewer lacks a frame of {@code version}, or a complete one. */
    boolean wants(long version) {
        return seenVersion != version || partial;
    }

    boolean thumbnailsDue(long now) {
        return urgent() || now - thumbnailsSentAt >= THUMBNAIL_INTERVAL_NANOS;
    }

    boolean weightsDue(long now) {
        return urgent() || now - weightsSentAt >= WEIGHTS_INTERVAL_NANOS;
    }

    /** Whether a frame may go to this viewer now. */
    boolean ready(long now, long version) {
        return nanosUntilReady(now, version) == 0;
    }

    /**
     * Nanoseconds until a frame may go to this viewer: 0 for now, {@link Long#MAX_VALUE} while it is
     * closed. While frames are unacknowledged, the time the oldest of them expires (an ack arriving
     * earlier wakes the session anyway).
     */
    long nanosUntilReady(long now, long version) {
        if (!viewer.isOpen()) {
            return Long.MAX_VALUE;
        }
        long wait = 0;
        if (inFlightCount >= Protocol.MAX_FRAMES_IN_FLIGHT) {
            long expiresIn = inFlightSentAt[0] + ACK_TIMEOUT_NANOS - now;
            if (expiresIn > 0) {
                wait = expiresIn;
            } else {
                // No ack for so long: assume the acks were lost rather than freeze this viewer.
                inFlightCount = 0;
            }
        }
        if (!urgent()) {
            wait = Math.max(wait, nextFrameAt - now);
            if (seenVersion == version && partial) {
                // Nothing new, only the sections the last frame left out: wait until they are all due.
                wait = Math.max(wait, Math.max(thumbnailsSentAt + THUMBNAIL_INTERVAL_NANOS,
                        weightsSentAt + WEIGHTS_INTERVAL_NANOS) - now);
            }
        }
        refillBytes(now);
        double floor = urgent() ? -maxBytesPerSecond * URGENT_BORROW_SECONDS : 0;
        if (byteTokens < floor) {
            wait = Math.max(wait, (long) Math.ceil((floor - byteTokens) / maxBytesPerSecond * 1e9));
        }
        return Math.max(0, wait);
    }

    private void refillBytes(long now) {
        long elapsed = now - tokensAt;
        if (elapsed > 0) {
            byteTokens = Math.min(maxBytesPerSecond * BYTE_BURST_SECONDS, byteTokens + elapsed * maxBytesPerSecond / 1e9);
            tokensAt = now;
        }
    }

    /** Treats {@code version} as seen without sending it (after a failure, not to retry the same frame). */
    void skipTo(long version) {
        seenVersion = version;
        partial = false;
        urgent = false;
    }

    /**
     * Hands the frame over and charges it to this viewer's budgets.
     *
     * @param sections which of the optional sections the frame carries
     * @param wireRatio the estimated compressed size over the raw size, charged to a compressing viewer
     */
    void send(ByteBuffer frame, long seq, long version, long now, Sections sections, double wireRatio) {
        int bytes = frame.remaining();
        viewer.sendBinary(frame);
        if (inFlightCount == inFlight.length) {
            // Only after an ack timeout raced an urgent frame: forget the oldest.
            acknowledge(inFlight[0]);
        }
        inFlight[inFlightCount] = seq;
        inFlightSentAt[inFlightCount] = now;
        inFlightCount++;
        long interval = (long) (1e9 / fps);
        // On time (or a little late): keep the beat. Long late, or an urgent frame: restart the clock.
        nextFrameAt = !urgent() && now - nextFrameAt < interval ? nextFrameAt + interval : now + interval;
        sentAny = true;
        if (sections.thumbnails()) {
            thumbnailsSentAt = now;
        }
        if (sections.weights()) {
            weightsSentAt = now;
        }
        long charged = compresses ? Math.round(bytes * wireRatio) : bytes;
        byteTokens -= charged;
        seenVersion = version;
        partial = !sections.complete();
        urgent = false;
    }

    /** Which optional sections a frame carries. */
    record Sections(boolean metrics, boolean thumbnails, boolean weights) {
        static final int KINDS = 8;

        boolean complete() {
            return metrics && thumbnails && weights;
        }

        /** 0..7: which combination of the optional sections. */
        int kind() {
            return (metrics ? 1 : 0) | (thumbnails ? 2 : 0) | (weights ? 4 : 0);
        }
    }
}
