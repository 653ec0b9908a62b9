package org.layerlab.data;

import java.util.ArrayList;
import java.util.List;
import org.layerlab.engine.Rng;

/**
 * The 2D data generators. The first six are TensorFlow Playground's (its {@code dataset.ts}),
 * drawing from the generator in the same order it does: {@code randUniform(a, b)} is
 * {@link Rng#uniform}, {@code normalRandom(mean, variance)} is {@link Rng#gaussian}.
 * The last three (moons, checkerboard, three-arm spiral) are LayerLab's, in the same style.
 *
 * <p>Exact counts: TF loops {@code i < numSamples / 2} with a fractional bound, so an odd count
 * gives one point too many in each half. Here the first class gets {@code ceil(count / 2)} points
 * and the second {@code floor(count / 2)}: exactly TF's sequence with its last point dropped, so
 * for every count the random draws are a prefix of TF's. Even counts are TF's sequence unchanged.
 *
 * <p>Trigonometry goes through {@link StrictMath} so the same seed gives the same points on every
 * JVM and CPU (a saved run restored on another server must see the same data).
 */
final class Generators {
    private Generators() {
    }

    static final double TWO_PI = 2 * Math.PI;

    /** TF's circle radius; positives inside half of it, negatives from 0.7 of it outwards. */
    static final double CIRCLE_RADIUS = 5;
    /** TF's XOR: coordinates in [-5, 5), pushed 0.3 away from the axes. */
    static final double XOR_HALF_WIDTH = 5;
    static final double XOR_PADDING = 0.3;
    /** TF's plane and multi-gauss draw from [-6, 6)². */
    static final double REGRESSION_RADIUS = 6;
    /** TF's spiral arms end at radius 5 after 1.75 turns. */
    static final double SPIRAL_RADIUS = 5;
    static final double SPIRAL_TURNS = 1.75;

    /** Moons are scaled so the pair spans [-4.5, 4.5] × [-2.25, 2.25] before jitter. */
    static final double MOON_SCALE = 3;
    /**
     * Jitter standard deviation per unit of noise, in the scaled units: noise 0.5 (TF's 50 %)
     * gives 0.9, which is 0.3 of a moon's radius — scikit-learn's make_moons at its noisiest usual
     * setting, where the moons just start to touch.
     */
    static final double MOON_JITTER_PER_NOISE = 1.8;
    /** Every generated moon point stays inside [-6, 6]², the square TF's plots show. */
    static final double BOX_HALF_WIDTH = 6;

    /** Checkerboard: 4 × 4 cells of width 3 tile [-6, 6]². */
    static final int CHECKER_CELLS = 4;
    static final double CHECKER_CELL_WIDTH = 2 * BOX_HALF_WIDTH / CHECKER_CELLS;
    /**
     * Points keep this far from a cell border, as TF's XOR keeps 0.3 from the axes: without
     * noise the classes are cleanly separated.
     */
    static final double CHECKER_PADDING = 0.2;

    static int firstHalf(int count) {
        return (count + 1) / 2;
    }

    static int secondHalf(int count) {
        return count / 2;
    }

    /** TF's classifyCircleData. */
    static List<Point> circle(int count, double noise, Rng rng) {
        List<Point> points = new ArrayList<>(count);
        // Positive points inside the circle.
        addCircleRing(points, firstHalf(count), 0, CIRCLE_RADIUS * 0.5, noise, rng);
        // Negative points outside the circle.
        addCircleRing(points, secondHalf(count), CIRCLE_RADIUS * 0.7, CIRCLE_RADIUS, noise, rng);
        return points;
    }

    private static void addCircleRing(List<Point> points, int n, double rMin, double rMax,
                                      double noise, Rng rng) {
        for (int i = 0; i < n; i++) {
            double r = rng.uniform(rMin, rMax);
            double angle = rng.uniform(0, TWO_PI);
            double x = r * StrictMath.sin(angle);
            double y = r * StrictMath.cos(angle);
            double noiseX = rng.uniform(-CIRCLE_RADIUS, CIRCLE_RADIUS) * noise;
            double noiseY = rng.uniform(-CIRCLE_RADIUS, CIRCLE_RADIUS) * noise;
            // The label comes from the noisy position, so noise flips labels near the border.
            double label = circleLabel(x + noiseX, y + noiseY);
            points.add(new Point(x, y, label));
        }
    }

    static double circleLabel(double x, double y) {
        return Math.sqrt(x * x + y * y) < CIRCLE_RADIUS * 0.5 ? 1 : -1;
    }

    /** TF's classifyXORData. */
    static List<Point> xor(int count, double noise, Rng rng) {
        List<Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double x = rng.uniform(-XOR_HALF_WIDTH, XOR_HALF_WIDTH);
            x += x > 0 ? XOR_PADDING : -XOR_PADDING;
            double y = rng.uniform(-XOR_HALF_WIDTH, XOR_HALF_WIDTH);
            y += y > 0 ? XOR_PADDING : -XOR_PADDING;
            double noiseX = rng.uniform(-XOR_HALF_WIDTH, XOR_HALF_WIDTH) * noise;
            double noiseY = rng.uniform(-XOR_HALF_WIDTH, XOR_HALF_WIDTH) * noise;
            double label = xorLabel(x + noiseX, y + noiseY);
            points.add(new Point(x, y, label));
        }
        return points;
    }

    static double xorLabel(double x, double y) {
        return x * y >= 0 ? 1 : -1;
    }

    /** TF's variance for the two Gaussians: noise [0, 0.5] mapped linearly onto [0.5, 4]. */
    static double gaussVariance(double noise) {
        return linearScale(noise, 0, 0.5, 0.5, 4);
    }

    /** TF's classifyTwoGaussData. */
    static List<Point> gauss(int count, double noise, Rng rng) {
        double variance = gaussVariance(noise);
        List<Point> points = new ArrayList<>(count);
        addGaussian(points, firstHalf(count), 2, 2, 1, variance, rng);  // positive examples
        addGaussian(points, secondHalf(count), -2, -2, -1, variance, rng);  // negative examples
        return points;
    }

    private static void addGaussian(List<Point> points, int n, double cx, double cy, double label,
                                    double variance, Rng rng) {
        for (int i = 0; i < n; i++) {
            double x = rng.gaussian(cx, variance);
            double y = rng.gaussian(cy, variance);
            points.add(new Point(x, y, label));
        }
    }

    /** TF's classifySpiralData. */
    static List<Point> spiral(int count, double noise, Rng rng) {
        // TF's n is numSamples / 2, fractional for odd counts; it sets the arm's radius step.
        double n = count / 2.0;
        List<Point> points = new ArrayList<>(count);
        addSpiralArm(points, firstHalf(count), n, 0, 1, noise, rng);  // positive examples
        addSpiralArm(points, secondHalf(count), n, Math.PI, -1, noise, rng);  // negative examples
        return points;
    }

    /**
     * One arm: point i sits at radius {@code i / n * 5} and angle {@code 1.75 * i / n * 2π + deltaT},
     * then moves by {@code noise * uniform(-1, 1)} in x and y.
     */
    private static void addSpiralArm(List<Point> points, int armSize, double n, double deltaT,
                                     double label, double noise, Rng rng) {
        for (int i = 0; i < armSize; i++) {
            double r = i / n * SPIRAL_RADIUS;
            double t = SPIRAL_TURNS * i / n * 2 * Math.PI + deltaT;
            double x = r * StrictMath.sin(t) + rng.uniform(-1, 1) * noise;
            double y = r * StrictMath.cos(t) + rng.uniform(-1, 1) * noise;
            points.add(new Point(x, y, label));
        }
    }

    /** TF's regressPlane: label (x + noiseX) + (y + noiseY) mapped from [-10, 10] to [-1, 1], unclamped. */
    static List<Point> plane(int count, double noise, Rng rng) {
        return regression(count, noise, rng, Generators::planeLabel);
    }

    /**
     * TF's regression sets: points uniform in [−6, 6]², each labelled by {@code label} at a position
     * moved by uniform noise — drawn x, y, noiseX, noiseY per point, in TF's order.
     */
    private static List<Point> regression(int count, double noise, Rng rng,
                                          java.util.function.DoubleBinaryOperator label) {
        List<Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double x = rng.uniform(-REGRESSION_RADIUS, REGRESSION_RADIUS);
            double y = rng.uniform(-REGRESSION_RADIUS, REGRESSION_RADIUS);
            double noiseX = rng.uniform(-REGRESSION_RADIUS, REGRESSION_RADIUS) * noise;
            double noiseY = rng.uniform(-REGRESSION_RADIUS, REGRESSION_RADIUS) * noise;
            points.add(new Point(x, y, label.applyAsDouble(x + noiseX, y + noiseY)));
        }
        return points;
    }

    static double planeLabel(double x, double y) {
        return linearScale(x + y, -10, 10, -1, 1);
    }

    /** TF's six Gaussians of regressGaussian: centre x, centre y, sign. */
    private static final double[][] MULTI_GAUSSIANS = {
        {-4, 2.5, 1},
        {0, 2.5, -1},
        {4, 2.5, 1},
        {-4, -2.5, -1},
        {0, -2.5, 1},
        {4, -2.5, -1},
    };

    /** TF's regressGaussian. */
    static List<Point> multiGauss(int count, double noise, Rng rng) {
        return regression(count, noise, rng, Generators::multiGaussLabel);
    }

    /** Each Gaussian votes sign × (1 − dist/2, clamped to [0, 1]); the vote largest in size wins. */
    static double multiGaussLabel(double x, double y) {
        double label = 0;
        for (double[] g : MULTI_GAUSSIANS) {
            double dx = x - g[0];
            double dy = y - g[1];
            double vote = g[2] * clampedLinearScale(Math.sqrt(dx * dx + dy * dy), 0, 2, 1, 0);
            if (Math.abs(vote) > Math.abs(label)) {
                label = vote;
            }
        }
        return label;
    }

    /**
     * Two interleaving half circles (scikit-learn's make_moons), labels +1 (upper) and -1 (lower).
     * In moon units the upper moon is (cos t, sin t) and the lower (1 − cos t, 0.5 − sin t), t
     * uniform in [0, π); the pair is centred and scaled by {@value #MOON_SCALE}. Noise adds Gaussian
     * jitter of standard deviation {@code noise × 1.8}; a jittered point that would leave
     * [-6, 6]² is jittered again, so the set stays inside the plotted square. Labels are the
     * moon a point was drawn from: noise blurs the moons, it does not flip labels.
     */
    static List<Point> moons(int count, double noise, Rng rng) {
        double sd = noise * MOON_JITTER_PER_NOISE;
        double variance = sd * sd;
        int upperCount = firstHalf(count);
        List<Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean upper = i < upperCount;
            double t = rng.uniform(0, Math.PI);
            double mx = upper ? StrictMath.cos(t) : 1 - StrictMath.cos(t);
            double my = upper ? StrictMath.sin(t) : 0.5 - StrictMath.sin(t);
            double cleanX = moonToPlaneX(mx);
            double cleanY = moonToPlaneY(my);
            double x;
            double y;
            do {
                x = cleanX + rng.gaussian(0, variance);
                y = cleanY + rng.gaussian(0, variance);
            } while (Math.abs(x) > BOX_HALF_WIDTH || Math.abs(y) > BOX_HALF_WIDTH);
            points.add(new Point(x, y, upper ? 1 : -1));
        }
        return points;
    }

    /** Moon units span x ∈ [-1, 2], y ∈ [-0.5, 1]; this centres them on the origin. */
    static double moonToPlaneX(double mx) {
        return MOON_SCALE * (mx - 0.5);
    }

    static double moonToPlaneY(double my) {
        return MOON_SCALE * (my - 0.25);
    }

    /**
     * A 4 × 4 checkerboard over [-6, 6]², label +1 on cells whose column + row is even (the
     * bottom-left cell is +1, as XOR's bottom-left quadrant is). Each point is drawn uniformly in
     * a random cell, keeping {@value #CHECKER_PADDING} from the cell's borders; like TF's XOR the
     * label is read at the point moved by {@code uniform(-3, 3) × noise} (a cell width, as XOR
     * moves by a quadrant width), so noise flips labels near the borders.
     */
    static List<Point> checkerboard(int count, double noise, Rng rng) {
        List<Point> points = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double x = checkerCoordinate(rng.uniform(0, CHECKER_CELLS));
            double y = checkerCoordinate(rng.uniform(0, CHECKER_CELLS));
            double noiseX = rng.uniform(-CHECKER_CELL_WIDTH, CHECKER_CELL_WIDTH) * noise;
            double noiseY = rng.uniform(-CHECKER_CELL_WIDTH, CHECKER_CELL_WIDTH) * noise;
            points.add(new Point(x, y, checkerLabel(x + noiseX, y + noiseY)));
        }
        return points;
    }

    /** u in [0, 4): its integer part picks the cell, its fraction the place inside the padded cell. */
    private static double checkerCoordinate(double u) {
        int cell = (int) u;
        double fraction = u - cell;
        return -BOX_HALF_WIDTH + cell * CHECKER_CELL_WIDTH + CHECKER_PADDING
                + fraction * (CHECKER_CELL_WIDTH - 2 * CHECKER_PADDING);
    }

    static double checkerLabel(double x, double y) {
        // floor, not a cast: a noisy point may fall left of -6, into column -1.
        long column = (long) Math.floor((x + BOX_HALF_WIDTH) / CHECKER_CELL_WIDTH);
        long row = (long) Math.floor((y + BOX_HALF_WIDTH) / CHECKER_CELL_WIDTH);
        return Math.floorMod(column + row, 2L) == 0 ? 1 : -1;
    }

    /**
     * Three spiral arms, labels 0, 1, 2, shaped like TF's spiral: arm k starts at angle k·2π/3,
     * point i sits at radius {@code i / n * 5} and angle {@code 1.75 * i / n * 2π + k·2π/3} with
     * {@code n = count / 3}, then moves by {@code noise * uniform(-1, 1)} in x and y. The first
     * {@code count % 3} arms get one point more, so the total is exactly {@code count}.
     */
    static List<Point> spiral3(int count, double noise, Rng rng) {
        double n = count / 3.0;
        List<Point> points = new ArrayList<>(count);
        for (int arm = 0; arm < 3; arm++) {
            int armSize = count / 3 + (arm < count % 3 ? 1 : 0);
            addSpiralArm(points, armSize, n, arm * TWO_PI / 3, arm, noise, rng);
        }
        return points;
    }

    /**
     * d3's linear scale, as TF uses it: {@code t = (v − d0) / (d1 − d0)}, then
     * {@code r0 (1 − t) + r1 t} — the same operations, so the same rounding.
     */
    static double linearScale(double v, double d0, double d1, double r0, double r1) {
        double t = (v - d0) / (d1 - d0);
        return r0 * (1 - t) + r1 * t;
    }

    /** d3's linear scale with {@code clamp(true)}: t is held in [0, 1]. */
    static double clampedLinearScale(double v, double d0, double d1, double r0, double r1) {
        double t = (v - d0) / (d1 - d0);
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
        return r0 * (1 - t) + r1 * t;
    }
}
