package org.layerlab.engine;

/**
 * How big a network may be. A classroom server shares two cores among many students, so a network
 * past these limits is refused with an error that names the limit, never trained slowly.
 */
public record NetworkLimits(int maxHiddenLayers, int maxNeuronsPerLayer, int maxInputs, int maxOutputs) {

    /** 10 hidden layers of 64 neurons, 64 inputs, 16 outputs. */
    public static final NetworkLimits DEFAULT = new NetworkLimits(10, 64, 64, 16);

    public NetworkLimits {
        requireInRange("maxHiddenLayers", maxHiddenLayers, 0, 1000);
        requireInRange("maxNeuronsPerLayer", maxNeuronsPerLayer, 1, 100_000);
        requireInRange("maxInputs", maxInputs, 1, 100_000);
        requireInRange("maxOutputs", maxOutputs, 1, 100_000);
    }

    private static void requireInRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " must be in [" + min + ", " + max + "], got " + value);
        }
    }
}
