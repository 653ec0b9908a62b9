package org.layerlab.engine;

/**
 * Which optimizer, with its constants. The learning rate is not here: it may change between any two
 * updates (a student drags the slider) and is passed to each {@link Optimizer#update}.
 */
public record OptimizerSpec(Kind kind, double momentum, double beta1, double beta2, double epsilon) {

    public enum Kind {
        /** w ← w − η·g, g the batch's mean gradient: TensorFlow Playground's. */
        SGD("sgd"),
        /** v ← μ·v + g, w ← w − η·v: keeps moving through flat stretches and ravines. */
        MOMENTUM("momentum"),
        /** Kingma & Ba 2015: per-weight step sizes from running means of g and g². */
        ADAM("adam");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind parse(String id) {
            return EnumIds.parse("optimizer", id, values(), Kind::id);
        }
    }

    public static final OptimizerSpec SGD = new OptimizerSpec(Kind.SGD, 0.9, 0.9, 0.999, 1e-8);

    public OptimizerSpec {
        java.util.Objects.requireNonNull(kind, "kind");
        requireInRange("momentum", momentum, 0, 1, false);
        requireInRange("beta1", beta1, 0, 1, false);
        requireInRange("beta2", beta2, 0, 1, false);
        if (!(epsilon > 0 && epsilon <= 1)) {
            throw new IllegalArgumentException("epsilon must be in (0, 1], got " + epsilon);
        }
    }

    private static void requireInRange(String field, double value, double min, double max, boolean maxIncluded) {
        if (!(value >= min && (maxIncluded ? value <= max : value < max))) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max
                    + (maxIncluded ? "]" : ")") + ", got " + value);
        }
    }

    public static OptimizerSpec of(Kind kind) {
        return new OptimizerSpec(kind, 0.9, 0.9, 0.999, 1e-8);
    }
}
