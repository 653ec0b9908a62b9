package org.layerlab.data;

/**
 * The input features TensorFlow Playground offers, computed from a point's coordinates
 * (x1 = x, x2 = y). Sines go through {@link StrictMath} so the same point gives the same input
 * bits on every JVM and CPU.
 */
public enum Feature {
    X1("x1"),
    X2("x2"),
    X1_SQUARED("x1sq"),
    X2_SQUARED("x2sq"),
    X1_TIMES_X2("x1x2"),
    SIN_X1("sinx1"),
    SIN_X2("sinx2");

    private final String id;

    Feature(String id) {
        this.id = id;
    }

    /** The stable lower-case name used in JSON. */
    public String id() {
        return id;
    }

    /** This feature's value at (x1, x2). */
    public double of(double x1, double x2) {
        switch (this) {
            case X1:
                return x1;
            case X2:
                return x2;
            case X1_SQUARED:
                return x1 * x1;
            case X2_SQUARED:
                return x2 * x2;
            case X1_TIMES_X2:
                return x1 * x2;
            case SIN_X1:
                return StrictMath.sin(x1);
            case SIN_X2:
                return StrictMath.sin(x2);
            default:
                throw new AssertionError(this);
        }
    }

    /** The feature named {@code id}; throws naming the bad value and the allowed ones. */
    public static Feature parse(String id) {
        return Ids.parse("feature", id, values(), Feature::id);
    }
}
