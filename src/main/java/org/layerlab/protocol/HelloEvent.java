package org.layerlab.protocol;

import java.util.Objects;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.training.ExperimentConfig;

/**
 * The first message on every connection.
 *
 * @param sessionId   a short public name for the session (logs, "two tabs watch s-3f2a"); not a secret
 * @param resumeToken the secret that takes the session back after a reconnect: {@code /ws?resume=…}
 * @param resumed     true when the token named a live session, false for a fresh one
 * @param config      the config in force
 * @param limits      how large a network this server accepts
 * @param grids       the resolutions of the maps in binary frames
 */
public record HelloEvent(String sessionId, String resumeToken, boolean resumed, ExperimentConfig config,
                         NetworkLimits limits, Grids grids) {
    public HelloEvent {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(resumeToken, "resumeToken");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(grids, "grids");
    }

    /** Map resolutions: thumbnails of every neuron, the output map, the selected neuron's map. */
    public record Grids(int thumbnail, int output, int selected) {
    }
}
