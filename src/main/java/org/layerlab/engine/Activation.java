package org.layerlab.engine;

/**
 * An activation function f: a neuron's output is f(netInput). Each one states its value and its
 * derivative side by side, because backpropagation needs both: the forward pass computes
 * {@code output = value(netInput)}, the backward pass multiplies by
 * {@code derivative(netInput, output)} = ∂out/∂net.
 *
 * <p>The derivative receives the output as well as the net input because several derivatives are
 * cheapest written in terms of the output (tanh: 1 − out², sigmoid: out·(1 − out)).
 */
public sealed interface Activation {

    /** f(x). */
    double value(double x);

    /** f'(x), given x = the net input and y = f(x). */
    double derivative(double x, double y);

    /** The id used in configs and model files, e.g. "tanh" or "leakyrelu". */
    String id();

    /** The range of f, for display: e.g. "(0, 1)". */
    String range();

    /** Sigmoid 1 / (1 + e^−x): range (0, 1); saturates at both ends, where its derivative vanishes. */
    record Sigmoid() implements Activation {
        @Override public double value(double x) {
            return 1 / (1 + Math.exp(-x));
        }
        @Override public double derivative(double x, double y) {
            return y * (1 - y);
        }
        /**
         * y[k] = value(x[k]) for k in [from, to): the same numbers, in two passes — first e^−x,
         * one library call per number, then 1 / (1 + e^−x) for all of them, a loop the JIT turns
         * into vector divisions (a division inside the loop of calls stays one at a time).
         */
        void values(double[] x, double[] y, int from, int to) {
            for (int k = from; k < to; k++) {
                y[k] = Math.exp(-x[k]);
            }
            for (int k = from; k < to; k++) {
                y[k] = 1 / (1 + y[k]);
            }
        }
        @Override public String id() { return "sigmoid"; }
        @Override public String range() { return "(0, 1)"; }
    }

    /** Hyperbolic tangent: range (−1, 1), zero-centred; derivative 1 − tanh². */
    record Tanh() implements Activation {
        @Override public double value(double x) {
            return tanh(x);
        }
        @Override public double derivative(double x, double y) {
            return 1 - y * y;
        }
        /**
         * y[k] = value(x[k]) for k in [from, to): the same numbers as {@link Activation#tanh}, in
         * two passes the JIT can vectorise apart from the library calls — e^2x, then (e − 1) / (e + 1)
         * — and without tanh's branches: x is capped at 20 before e^2x, so that it cannot overflow
         * to ∞ (∞/∞ would be NaN). Why the capped formula gives tanh's ±1 exactly for |x| &gt; 20:
         * above, e^40 is past 2^53, where e ± 1 rounds to e, so (e − 1)/(e + 1) is 1.0; below −20,
         * e^2x is under 2^−55, where −1 + e rounds to −1 and 1 + e to 1. (A rarely taken branch
         * would also make the JIT recompile the loop whenever a unit first saturates.)
         */
        void values(double[] x, double[] y, int from, int to) {
            for (int k = from; k < to; k++) {
                y[k] = Math.exp(2 * Math.min(x[k], 20));
            }
            for (int k = from; k < to; k++) {
                y[k] = (y[k] - 1) / (y[k] + 1);
            }
        }
        @Override public String id() { return "tanh"; }
        @Override public String range() { return "(-1, 1)"; }
    }

    /** Rectified linear unit max(0, x): range [0, ∞); derivative 0 for x ≤ 0, so a unit can die. */
    record Relu() implements Activation {
        @Override public double value(double x) {
            return x > 0 ? x : 0;
        }
        @Override public double derivative(double x, double y) {
            // TF Playground's convention: the derivative at exactly 0 is 0.
            return x > 0 ? 1 : 0;
        }
        @Override public String id() { return "relu"; }
        @Override public String range() { return "[0, inf)"; }
    }

    /** Leaky ReLU: x for x > 0, slope·x otherwise; its gradient never vanishes, so it cannot die. */
    record LeakyRelu(double slope) implements Activation {
        public static final double DEFAULT_SLOPE = 0.1;

        public LeakyRelu {
            if (!(slope >= 0 && slope < 1)) {
                throw new IllegalArgumentException(
                        "leaky ReLU slope must be in [0, 1), got " + slope);
            }
        }
        @Override public double value(double x) {
            return x > 0 ? x : slope * x;
        }
        @Override public double derivative(double x, double y) {
            return x > 0 ? 1 : slope;
        }
        @Override public String id() { return "leakyrelu"; }
        @Override public String range() { return "(-inf, inf): " + slope + "x to x"; }
    }

    /** The identity: no non-linearity at all; stacked linear layers collapse into one. */
    record Linear() implements Activation {
        @Override public double value(double x) {
            return x;
        }
        @Override public double derivative(double x, double y) {
            return 1;
        }
        @Override public String id() { return "linear"; }
        @Override public String range() { return "(-inf, inf)"; }
    }

    /** Exponential linear unit: x for x > 0, α(e^x − 1) otherwise; range (−α, ∞). */
    record Elu(double alpha) implements Activation {
        public static final double DEFAULT_ALPHA = 1.0;

        public Elu {
            if (!(alpha > 0 && alpha <= 10)) {
                throw new IllegalArgumentException("ELU alpha must be in (0, 10], got " + alpha);
            }
        }
        @Override public double value(double x) {
            return x > 0 ? x : alpha * Math.expm1(x);
        }
        @Override public double derivative(double x, double y) {
            // For x ≤ 0: d/dx α(e^x − 1) = α·e^x = y + α.
            return x > 0 ? 1 : y + alpha;
        }
        @Override public String id() { return "elu"; }
        @Override public String range() { return "(-" + alpha + ", inf)"; }
    }

    /** Softplus ln(1 + e^x): a smooth ReLU; its derivative is the sigmoid. */
    record Softplus() implements Activation {
        @Override public double value(double x) {
            // ln(1 + e^x) = max(x, 0) + ln(1 + e^−|x|), which never overflows.
            return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        }
        @Override public double derivative(double x, double y) {
            return 1 / (1 + Math.exp(-x));
        }
        @Override public String id() { return "softplus"; }
        @Override public String range() { return "(0, inf)"; }
    }

    /** Sine: periodic, range [−1, 1]. */
    record Sine() implements Activation {
        @Override public double value(double x) {
            return Math.sin(x);
        }
        @Override public double derivative(double x, double y) {
            return Math.cos(x);
        }
        @Override public String id() { return "sine"; }
        @Override public String range() { return "[-1, 1]"; }
    }

    /**
     * Softmax, for the output layer of a 3+-class network only: out_j = e^net_j / Σ_k e^net_k.
     * It is not element-wise, so {@link Network} computes it over the whole layer; its Jacobian
     * ∂out_k/∂net_j = out_k(δ_kj − out_j) is applied there too. The scalar methods here refuse.
     */
    record Softmax() implements Activation {
        @Override public double value(double x) {
            throw new UnsupportedOperationException("softmax is computed over a whole layer");
        }
        @Override public double derivative(double x, double y) {
            throw new UnsupportedOperationException("softmax is differentiated over a whole layer");
        }
        @Override public String id() { return "softmax"; }
        @Override public String range() { return "(0, 1), summing to 1"; }
    }

    /** The ids {@link #parse} accepts. */
    String IDS = "sigmoid, tanh, relu, leakyrelu, linear, elu, softplus, sine, softmax";

    /** The activation named {@code id}, with its default parameter. */
    static Activation parse(String id) {
        return parse(id, Double.NaN);
    }

    /**
     * The activation named {@code id}; {@code parameter} is leaky ReLU's slope or ELU's alpha
     * (NaN for the default) and is ignored by the others.
     */
    static Activation parse(String id, double parameter) {
        if (id == null) {
            throw new IllegalArgumentException("activation is missing; allowed: " + IDS);
        }
        switch (id.toLowerCase(java.util.Locale.ROOT)) {
            case "sigmoid": return new Sigmoid();
            case "tanh": return new Tanh();
            case "relu": return new Relu();
            case "leakyrelu": case "leaky-relu": case "leaky_relu":
                return new LeakyRelu(Double.isNaN(parameter) ? LeakyRelu.DEFAULT_SLOPE : parameter);
            case "linear": return new Linear();
            case "elu": return new Elu(Double.isNaN(parameter) ? Elu.DEFAULT_ALPHA : parameter);
            case "softplus": return new Softplus();
            case "sine": case "sin": return new Sine();
            case "softmax": return new Softmax();
            default:
                throw new IllegalArgumentException(
                        "activation '" + id + "' is unknown; allowed: " + IDS);
        }
    }

    /**
     * tanh(x) = (e^2x − 1) / (e^2x + 1), built on {@link Math#exp}.
     *
     * <p>Why not {@link Math#tanh}: on Java 17 it is a native call costing ~19 ns, which halves
     * training speed; {@code Math.exp} is a JIT intrinsic (~5 ns). The absolute error stays near
     * 2e-16, exact enough for training and for finite-difference gradient checks.
     */
    static double tanh(double x) {
        if (x > 20) {
            return 1; // tanh(20) = 1 − 8.5e-18, which is 1.0 in double
        }
        if (x < -20) {
            return -1;
        }
        double e = Math.exp(2 * x);
        return (e - 1) / (e + 1);
    }
}
