package org.layerlab.protocol;

import java.util.Objects;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.training.Race;

/**
 * How large a race the server accepts on its race socket (docs/protocol.md, "Races"). A race
 * document is checked against {@link Race}'s own rules first, then against these: a classroom
 * shares a few processors, so a race of a million epochs or a thousand seeds is the command line's
 * business ({@code layerlab experiment}), not the page's.
 *
 * @param maxEpochs the most epochs a race's runs may train, ≤ {@link Race#MAX_EPOCHS}
 * @param maxSeeds  the most seeds a repeat over seeds may run, ≤ {@link Race#MAX_SEEDS}
 * @param network   the largest network a contestant may build
 */
public record RaceLimits(int maxEpochs, int maxSeeds, NetworkLimits network) {

    public static final int DEFAULT_MAX_EPOCHS = 20_000;
    public static final int DEFAULT_MAX_SEEDS = 100;

    public RaceLimits {
        if (maxEpochs < 1 || maxEpochs > Race.MAX_EPOCHS) {
            throw new IllegalArgumentException("maxEpochs must be in [1, " + Race.MAX_EPOCHS + "], got " + maxEpochs);
        }
        if (maxSeeds < 1 || maxSeeds > Race.MAX_SEEDS) {
            throw new IllegalArgumentException("maxSeeds must be in [1, " + Race.MAX_SEEDS + "], got " + maxSeeds);
        }
        Objects.requireNonNull(network, "network");
    }

    public static RaceLimits defaults() {
        return new RaceLimits(DEFAULT_MAX_EPOCHS, DEFAULT_MAX_SEEDS, NetworkLimits.DEFAULT);
    }

    public RaceLimits withNetwork(NetworkLimits newNetwork) {
        return new RaceLimits(maxEpochs, maxSeeds, newNetwork);
    }
}
