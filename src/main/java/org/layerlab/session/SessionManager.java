package org.layerlab.session;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, resumes and evicts sessions.
 *
 * <ul>
 *   <li>{@link #connect}: a socket without a resume token (or with one that names no live session)
 *       gets a fresh session; with a live session's token it joins that session as one more viewer.
 *       Tokens are 128 random bits from {@link SecureRandom}, base64url: they are the only key to a
 *       session, so they are never logged.</li>
 *   <li>When a session's last viewer leaves, it keeps its whole state in memory for the idle
 *       timeout, then is evicted (a sweep runs on the scheduler's timer).</li>
 *   <li>At most {@code maxSessions} sessions exist. When a new one is needed and the server is
 *       full, the session that has waited longest without viewers is evicted for it; if every
 *       session has a viewer, the new one is refused with {@link SessionLimitException}.</li>
 * </ul>
 *
 * <p>Connecting, disconnecting and sweeping take one lock, so a resume can never race an eviction
 * of the same session. They are rare (once per socket), so the lock is never contended for long;
 * commands and frames do not touch it.
 */
public final class SessionManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);
    private static final Base64.Encoder TOKEN_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final SessionSettings settings;
    private final Scheduler scheduler;
    private final SecureRandom random = new SecureRandom();
    /** Live sessions by resume token. */
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> sweeper;
    private volatile boolean closed;

    public SessionManager(SessionSettings settings, Scheduler scheduler) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        // Sweep a few times per timeout so a session goes at most a quarter timeout late.
        java.time.Duration period = settings.idleTimeout().dividedBy(4);
        if (period.compareTo(java.time.Duration.ofSeconds(30)) > 0) {
            period = java.time.Duration.ofSeconds(30);
        }
        this.sweeper = scheduler.every(period, this::sweep);
    }

    public SessionSettings settings() {
        return settings;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /**
     * Attaches {@code viewer} to the session {@code resumeToken} names, or to a new one. The session
     * greets the viewer with {@code hello}, {@code data} and {@code state}.
     *
     * @param resumeToken a token from an earlier {@code hello}, or null
     * @throws SessionLimitException when a new session is needed and none can be made
     */
    public synchronized Connection connect(String resumeToken, Viewer viewer) {
        Objects.requireNonNull(viewer, "viewer");
        if (closed) {
            throw new SessionLimitException("The server is shutting down.");
        }
        Session session = resumeToken == null ? null : sessions.get(resumeToken);
        boolean resumed = session != null && !session.isClosed();
        if (!resumed) {
            if (sessions.size() >= settings.maxSessions() && !evictLongestIdle()) {
                throw new SessionLimitException("The server is full: " + sessions.size()
                        + " sessions are open, as many as it allows. Try again in a few minutes.");
            }
            session = newSession();
        }
        session.attachedViewers.incrementAndGet();
        session.attach(viewer, resumed);
        return new Connection(this, session, viewer, resumed);
    }

    private Session newSession() {
        String token;
        do {
            byte[] bits = new byte[16];
            random.nextBytes(bits);
            token = TOKEN_ENCODER.encodeToString(bits);
        } while (sessions.containsKey(token));
        byte[] name = new byte[4];
        random.nextBytes(name);
        Session session = new Session("s-" + HexFormat.of().formatHex(name), token, scheduler, settings);
        sessions.put(token, session);
        return session;
    }

    /** The viewer's socket closed. */
    synchronized void disconnect(Session session, String viewerId) {
        if (session.attachedViewers.decrementAndGet() <= 0) {
            session.attachedViewers.set(0);
            session.idleSince = System.nanoTime();
        }
        session.detach(viewerId);
    }

    /** Evicts every session that has been without viewers for longer than the idle timeout. */
    public synchronized void sweep() {
        long now = System.nanoTime();
        long timeout = settings.idleTimeout().toNanos();
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, Session> entry : sessions.entrySet()) {
            Session session = entry.getValue();
            if (session.attachedViewers.get() == 0 && now - session.idleSince > timeout) {
                expired.add(entry.getKey());
            }
        }
        for (String token : expired) {
            Session session = sessions.remove(token);
            LOG.debug("session {} evicted after the idle timeout", session.id());
            session.close();
        }
    }

    /** Makes room for a new session by evicting the one idle the longest; false if none is idle. */
    private boolean evictLongestIdle() {
        String oldestToken = null;
        long oldestSince = Long.MAX_VALUE;
        for (Map.Entry<String, Session> entry : sessions.entrySet()) {
            Session session = entry.getValue();
            if (session.attachedViewers.get() == 0 && session.idleSince < oldestSince) {
                oldestSince = session.idleSince;
                oldestToken = entry.getKey();
            }
        }
        if (oldestToken == null) {
            return false;
        }
        Session evicted = sessions.remove(oldestToken);
        LOG.info("session {} evicted early to make room: the server is at its {} sessions", evicted.id(),
                settings.maxSessions());
        evicted.close();
        return true;
    }

    public int sessionCount() {
        return sessions.size();
    }

    /** The live session a token names (tests, admin tools). */
    public Optional<Session> find(String resumeToken) {
        return Optional.ofNullable(resumeToken == null ? null : sessions.get(resumeToken));
    }

    /** Closes every session; the scheduler is the caller's to close. */
    @Override
    public synchronized void close() {
        closed = true;
        sweeper.cancel(false);
        for (Session session : sessions.values()) {
            session.close();
        }
        sessions.clear();
    }
}
