package org.layerlab.data;

/**
 * One example on the plane: its coordinates and its label.
 *
 * <p>Label conventions: two-class sets use -1 and +1 (TensorFlow Playground's, so a tanh output
 * can reach both); the three-class spiral uses 0, 1, 2 (class indices for a softmax output);
 * regression sets use a real value, about [-1, 1] (TF's plane reaches ±1.2 at its corners).
 */
public record Point(double x, double y, double label) {

    public Point {
        requireFinite("x", x);
        requireFinite("y", y);
        requireFinite("label", label);
    }

    private static void requireFinite(String field, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("point " + field + " must be a finite number, got " + value);
        }
    }
}
