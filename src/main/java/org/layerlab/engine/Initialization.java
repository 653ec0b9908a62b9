package org.layerlab.engine;

/**
 * How a network's weights and biases start. Seeded: the same {@link Rng} position gives the same
 * weights. Weights are drawn layer by layer, neuron by neuron, incoming link by incoming link —
 * TensorFlow Playground's order — so the same random numbers give the same network there and here.
 *
 * @param kind     which scheme
 * @param constant the single value of every weight and bias for {@link Kind#IDENTICAL}; unused otherwise
 */
public record Initialization(Kind kind, double constant) {

    /** Default constant for the identical scheme. */
    public static final double DEFAULT_IDENTICAL_CONSTANT = 0.5;

    public enum Kind {
        /** TensorFlow Playground's: weights U[−0.5, 0.5), biases 0.1. */
        PLAYGROUND("playground"),
        /** Glorot & Bengio 2010: weights U[−√(6/(in+out)), √(6/(in+out))), biases 0; suits tanh/sigmoid. */
        XAVIER("xavier"),
        /** He et al. 2015: weights N(0, 2/in), biases 0; keeps ReLU activations' variance through depth. */
        HE("he"),
        /** Every weight and bias 0: with tanh nothing ever moves; shows why we need random init. */
        ZERO("zero"),
        /**
         * Every weight and bias equal to one constant: the neurons of each layer compute the same
         * function, receive the same gradient, and so stay exact copies forever — the symmetry problem.
         */
        IDENTICAL("identical");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind parse(String id) {
            return EnumIds.parse("initialization", id, values(), Kind::id);
        }
    }

    public Initialization {
        java.util.Objects.requireNonNull(kind, "kind");
        if (!Double.isFinite(constant) || Math.abs(constant) > 10) {
            throw new IllegalArgumentException(
                    "initialization constant must be finite and in [-10, 10], got " + constant);
        }
    }

    public static Initialization of(Kind kind) {
        return new Initialization(kind, DEFAULT_IDENTICAL_CONSTANT);
    }

    public static Initialization identical(double constant) {
        return new Initialization(Kind.IDENTICAL, constant);
    }

    /** Writes the initial weights and biases of {@code network}, drawing from {@code rng}. */
    public void apply(Network network, Rng rng) {
        double[] params = network.parameters();
        int[] sizes = network.layerSizes();
        for (int l = 1; l < sizes.length; l++) {
            int fanIn = sizes[l - 1];
            int fanOut = sizes[l];
            int weightOffset = network.weightOffset(l);
            int biasOffset = network.biasOffset(l);
            double xavierLimit = Math.sqrt(6.0 / (fanIn + fanOut));
            double heVariance = 2.0 / fanIn;
            for (int j = 0; j < fanOut; j++) {
                for (int i = 0; i < fanIn; i++) {
                    double w;
                    switch (kind) {
                        case PLAYGROUND: w = rng.nextDouble() - 0.5; break;
                        case XAVIER: w = rng.uniform(-xavierLimit, xavierLimit); break;
                        case HE: w = rng.gaussian(0, heVariance); break;
                        case ZERO: w = 0; break;
                        case IDENTICAL: w = constant; break;
                        default: throw new AssertionError(kind);
                    }
                    params[weightOffset + j * fanIn + i] = w;
                }
                double b;
                switch (kind) {
                    case PLAYGROUND: b = 0.1; break;
                    case IDENTICAL: b = constant; break;
                    default: b = 0;
                }
                params[biasOffset + j] = b;
            }
        }
    }
}
