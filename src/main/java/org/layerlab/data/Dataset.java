package org.layerlab.data;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.layerlab.engine.Rng;

/**
 * The built-in 2D data sets. The first six are TensorFlow Playground's, point for point (see
 * {@link Generators} for the draw order and how odd counts are made exact); moons, checkerboard
 * and the three-arm spiral are LayerLab's additions.
 *
 * <p>Noise is TF's internal fraction in [0, 0.5] (its UI shows 0–50 %). The same
 * (data set, count, noise, seed) always gives the same points.
 *
 * <p>Where the points lie (before noise moves them, where noted):
 * <ul>
 *   <li>circle: inside the disc of radius 5; positives r &lt; 2.5, negatives 3.5 ≤ r &lt; 5</li>
 *   <li>xor: [-5.3, 5.3]², at least 0.3 from both axes</li>
 *   <li>gauss: unbounded (two normal clouds at ±(2, 2), variance 0.5..4)</li>
 *   <li>spiral, spiral3: within radius 5 of the origin, plus at most {@code noise} in x and y</li>
 *   <li>plane, multigauss: [-6, 6)²</li>
 *   <li>moons: [-6, 6]² always (jitter is redrawn rather than let a point leave the square)</li>
 *   <li>checkerboard: [-5.8, 5.8]², at least 0.2 from every cell border</li>
 * </ul>
 */
public enum Dataset {
    CIRCLE("circle", Task.CLASSIFICATION, Generators::circle),
    XOR("xor", Task.CLASSIFICATION, Generators::xor),
    GAUSS("gauss", Task.CLASSIFICATION, Generators::gauss),
    SPIRAL("spiral", Task.CLASSIFICATION, Generators::spiral),
    PLANE("plane", Task.REGRESSION, Generators::plane),
    MULTI_GAUSS("multigauss", Task.REGRESSION, Generators::multiGauss),
    MOONS("moons", Task.CLASSIFICATION, Generators::moons),
    CHECKERBOARD("checkerboard", Task.CLASSIFICATION, Generators::checkerboard),
    SPIRAL3("spiral3", Task.multiclass(3), Generators::spiral3);

    /** The noise fraction's range: TF's slider goes 0–50 %, passed on as 0..0.5. */
    public static final double MAX_NOISE = 0.5;

    /** The most points a generator makes, the same cap as for uploaded points. */
    public static final int MAX_COUNT = 100_000;

    /** TF's sample counts: 500 points for classification, 1200 for regression. */
    public static final int DEFAULT_CLASSIFICATION_COUNT = 500;
    public static final int DEFAULT_REGRESSION_COUNT = 1200;

    /** A generator with TF's signature plus the explicit random source. */
    interface Generator {
        List<Point> generate(int count, double noise, Rng rng);
    }

    private final String id;
    private final Task task;
    private final Generator generator;

    Dataset(String id, Task task, Generator generator) {
        this.id = id;
        this.task = task;
        this.generator = generator;
    }

    /** The stable lower-case name used in JSON. */
    public String id() {
        return id;
    }

    /** The problem and class count this set's labels pose. */
    public Task task() {
        return task;
    }

    public Problem problem() {
        return task.problem();
    }

    /** TF's count for this kind of problem: 1200 for regression, else 500. */
    public int defaultCount() {
        return task.problem() == Problem.REGRESSION ? DEFAULT_REGRESSION_COUNT : DEFAULT_CLASSIFICATION_COUNT;
    }

    /**
     * Exactly {@code count} points, drawn from {@code rng} only.
     *
     * <p>Odd counts: TF's loops run {@code i < numSamples / 2} with a fractional bound and so make
     * one point too many. Here a two-class set gives its first class {@code ceil(count / 2)} points
     * and its second {@code floor(count / 2)} — TF's sequence with its last point dropped, so the
     * draws are a prefix of TF's; the three-arm spiral gives its first {@code count % 3} arms one
     * point more. Sets drawn point by point (xor, plane, multigauss, checkerboard) need no rule.
     *
     * @param count how many points, 1..{@value #MAX_COUNT}
     * @param noise TF's noise fraction, 0..0.5
     * @param rng   the one random source; it advances by the draws the generator makes
     * @return an unmodifiable list in generation order (TF's order, before any shuffle)
     */
    public List<Point> generate(int count, double noise, Rng rng) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be in [1, " + MAX_COUNT + "], got " + count);
        }
        if (!(noise >= 0 && noise <= MAX_NOISE)) {
            throw new IllegalArgumentException("noise must be in [0, " + MAX_NOISE + "] (0–50 %), got " + noise);
        }
        Objects.requireNonNull(rng, "rng");
        return Collections.unmodifiableList(generator.generate(count, noise, rng));
    }

    /** The data set named {@code id}; throws naming the bad value and the allowed ones. */
    public static Dataset parse(String id) {
        return Ids.parse("dataset", id, values(), Dataset::id);
    }
}
