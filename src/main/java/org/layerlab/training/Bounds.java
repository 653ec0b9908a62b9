package org.layerlab.training;

import static org.layerlab.training.JsonFields.format;

/**
 * Range checks whose messages name the field's JSON path, the allowed range in interval notation
 * and the value found: {@code training.learningRate must be in (0, 10], got 25}.
 */
final class Bounds {
    private Bounds() {
    }

    /** value ∈ [min, max]. */
    static double closed(String path, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw outOfRange(path, "[" + format(min) + ", " + format(max) + "]", value);
        }
        return value;
    }

    /** value ∈ (min, max]. */
    static double openClosed(String path, double value, double min, double max) {
        if (!(value > min && value <= max)) {
            throw outOfRange(path, "(" + format(min) + ", " + format(max) + "]", value);
        }
        return value;
    }

    /** value ∈ [min, max). */
    static double closedOpen(String path, double value, double min, double max) {
        if (!(value >= min && value < max)) {
            throw outOfRange(path, "[" + format(min) + ", " + format(max) + ")", value);
        }
        return value;
    }

    /** A whole number in [min, max]. */
    static long integer(String path, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(path, path + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    private static ConfigException outOfRange(String path, String range, double value) {
        return new ConfigException(path, path + " must be in " + range + ", got " + format(value));
    }
}
