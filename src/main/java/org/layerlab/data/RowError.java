package org.layerlab.data;

import java.util.Objects;

/**
 * One problem found in uploaded points.
 *
 * @param line    the 1-based line of the original text
 * @param message what is wrong, naming the column (or element) and the value
 */
public record RowError(int line, String message) {

    public RowError {
        if (line < 1) {
            throw new IllegalArgumentException("line must be at least 1, got " + line);
        }
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return "line " + line + ": " + message;
    }
}
