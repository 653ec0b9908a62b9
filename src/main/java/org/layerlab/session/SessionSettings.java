package org.layerlab.session;

import java.time.Duration;
import java.util.Objects;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.training.ExperimentConfig;

/**
 * How the server runs sessions.
 *
 * @param idleTimeout       how long a session outlives its last viewer before it is evicted
 * @param maxSessions       how many sessions may exist at once (live or waiting for a reconnect)
 * @param maxBytesPerSecond each viewer's frame budget in bytes per second (uncompressed); its frame
 *                          rate is lowered to fit, frames are never queued
 * @param limits            the largest network a session may build
 * @param initialConfig     the config of a fresh session
 */
public record SessionSettings(Duration idleTimeout, int maxSessions, long maxBytesPerSecond, NetworkLimits limits,
                              ExperimentConfig initialConfig) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_MAX_SESSIONS = 200;
    public static final long DEFAULT_MAX_BYTES_PER_SECOND = 60_000;

    public SessionSettings {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
        }
        if (maxSessions < 1 || maxSessions > 100_000) {
            throw new IllegalArgumentException("maxSessions must be in [1, 100000], got " + maxSessions);
        }
        if (maxBytesPerSecond < 1_000 || maxBytesPerSecond > 1_000_000_000L) {
            throw new IllegalArgumentException("maxBytesPerSecond must be in [1000, 1000000000], got "
                    + maxBytesPerSecond);
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(initialConfig, "initialConfig");
    }

    public static SessionSettings defaults() {
        return new SessionSettings(DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_SESSIONS, DEFAULT_MAX_BYTES_PER_SECOND,
                NetworkLimits.DEFAULT, ExperimentConfig.defaults());
    }

    public SessionSettings withIdleTimeout(Duration newIdleTimeout) {
        return new SessionSettings(newIdleTimeout, maxSessions, maxBytesPerSecond, limits, initialConfig);
    }

    public SessionSettings withMaxSessions(int newMaxSessions) {
        return new SessionSettings(idleTimeout, newMaxSessions, maxBytesPerSecond, limits, initialConfig);
    }

    public SessionSettings withMaxBytesPerSecond(long newMaxBytesPerSecond) {
        return new SessionSettings(idleTimeout, maxSessions, newMaxBytesPerSecond, limits, initialConfig);
    }

    public SessionSettings withLimits(NetworkLimits newLimits) {
        return new SessionSettings(idleTimeout, maxSessions, maxBytesPerSecond, newLimits, initialConfig);
    }

    public SessionSettings withInitialConfig(ExperimentConfig newInitialConfig) {
        return new SessionSettings(idleTimeout, maxSessions, maxBytesPerSecond, limits, newInitialConfig);
    }
}
