package org.layerlab.data;

import java.util.Objects;
import org.layerlab.engine.Rng;

/**
 * Noise features: extra network inputs that carry no information about the labels, uniform in
 * [−{@value #RANGE}, {@value #RANGE}) — the range of the points' coordinates on the plane, so a
 * noise input looks, to the network, just like x1 or x2. With d of them beside x1 and x2, a small
 * network has d more directions in which to fit noise: its test loss suffers (the curse of
 * dimensionality, docs/dimensions.md).
 *
 * <p>On the plane (the neuron maps) a noise input has no x, y meaning; maps are drawn with every
 * noise input held at 0, its mean.
 */
public final class NoiseFeatures {
    /** Noise values are uniform in [−RANGE, RANGE): the plane's half-width. */
    public static final double RANGE = 6;

    private NoiseFeatures() {
    }

    /**
     * {@code count} noise values for each of {@code points} points, point after point: point i's
     * values are at {@code [i·count, (i + 1)·count)}. Draws exactly {@code points · count} numbers
     * from {@code rng}, in that order.
     */
    public static double[] draw(int points, int count, Rng rng) {
        Objects.requireNonNull(rng, "rng");
        if (points < 0 || count < 0) {
            throw new IllegalArgumentException("points and count must not be negative, got " + points + " and " + count);
        }
        long size = (long) points * count;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(points + " points × " + count + " noise features is too many values");
        }
        double[] values = new double[(int) size];
        for (int k = 0; k < values.length; k++) {
            values[k] = rng.uniform(-RANGE, RANGE);
        }
        return values;
    }
}
