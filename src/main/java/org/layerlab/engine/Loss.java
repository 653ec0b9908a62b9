package org.layerlab.engine;

/**
 * The error E of one output against its target, with its derivative ∂E/∂out beside it: the first
 * factor of the chain rule at the output layer.
 *
 * <p>Losses are summed over a network's outputs and averaged over samples.
 */
public enum Loss {

    /** ½(o − t)², TensorFlow Playground's; ∂E/∂o = o − t. Targets ±1 (tanh) or real values. */
    SQUARED_ERROR("squared") {
        @Override public double value(double output, double target) {
            double d = output - target;
            return 0.5 * d * d;
        }
        @Override public double derivative(double output, double target) {
            return output - target;
        }
    },

    /**
     * Binary cross-entropy −[t·ln o + (1 − t)·ln(1 − o)] for a sigmoid output and targets 0/1;
     * ∂E/∂o = (o − t) / (o(1 − o)). With the sigmoid's o(1 − o) the product is simply o − t,
     * which {@link Network} uses so that a saturated output cannot divide by zero.
     */
    BINARY_CROSS_ENTROPY("bce") {
        @Override public double value(double output, double target) {
            double o = clampProbability(output);
            return -(target * Math.log(o) + (1 - target) * Math.log(1 - o));
        }
        @Override public double derivative(double output, double target) {
            double o = clampProbability(output);
            return (o - target) / (o * (1 - o));
        }
    },

    /**
     * Cross-entropy −Σ t_k·ln o_k for a softmax output and one-hot targets; ∂E/∂o_k = −t_k / o_k.
     * Through the softmax's Jacobian the δ of output j becomes o_j − t_j, which {@link Network} uses.
     */
    CROSS_ENTROPY("crossentropy") {
        @Override public double value(double output, double target) {
            return target == 0 ? 0 : -target * Math.log(clampProbability(output));
        }
        @Override public double derivative(double output, double target) {
            return -target / clampProbability(output);
        }
    };

    /** Probabilities are kept this far from 0 and 1 so a confident wrong answer costs ~34.5, not ∞. */
    static final double PROBABILITY_EPSILON = 1e-15;

    private final String id;

    Loss(String id) {
        this.id = id;
    }

    /** E(o, t) for one output. */
    public abstract double value(double output, double target);

    /** ∂E/∂o for one output. */
    public abstract double derivative(double output, double target);

    /** The id used in configs and model files. */
    public String id() {
        return id;
    }

    static double clampProbability(double p) {
        return Math.min(Math.max(p, PROBABILITY_EPSILON), 1 - PROBABILITY_EPSILON);
    }

    /** The loss named {@code id} ("squared", "bce", "crossentropy"). */
    public static Loss parse(String id) {
        return EnumIds.parse("loss", id, values(), Loss::id);
    }
}
