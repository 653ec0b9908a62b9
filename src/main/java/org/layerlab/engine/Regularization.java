package org.layerlab.engine;

/**
 * A penalty on the size of the weights (never the biases, as in TensorFlow Playground), with its
 * derivative beside it. The optimizer subtracts learningRate · rate · derivative(w) after each step.
 */
public enum Regularization {
    NONE("none") {
        @Override public double value(double w) { return 0; }
        @Override public double derivative(double w) { return 0; }
    },
    /** |w|: pushes weights to exactly zero; a weight that crosses zero stops there. */
    L1("l1") {
        @Override public double value(double w) { return Math.abs(w); }
        @Override public double derivative(double w) { return w < 0 ? -1 : (w > 0 ? 1 : 0); }
    },
    /** ½w²: shrinks every weight in proportion to its size. */
    L2("l2") {
        @Override public double value(double w) { return 0.5 * w * w; }
        @Override public double derivative(double w) { return w; }
    };

    private final String id;

    Regularization(String id) {
        this.id = id;
    }

    public abstract double value(double w);

    public abstract double derivative(double w);

    public String id() {
        return id;
    }

    public static Regularization parse(String id) {
        return EnumIds.parse("regularization", id, values(), Regularization::id);
    }
}
