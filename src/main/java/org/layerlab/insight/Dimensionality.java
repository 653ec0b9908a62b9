package org.layerlab.insight;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.layerlab.engine.Rng;
import org.layerlab.training.ConfigException;

/**
 * The curse of dimensionality, measured: points drawn uniformly in the unit cube [0, 1]^d and three
 * facts about them as d grows.
 *
 * <ol>
 *   <li><b>Distances concentrate.</b> For every point, the ratio of its farthest to its nearest
 *       neighbour (Beyer et al. 1999 call ratio − 1 the relative contrast) tends to 1: in high
 *       dimensions "near" and "far" stop meaning much. Every point is measured against all the
 *       others; the median and quartiles over the points are reported, with the mean pairwise
 *       distance divided by √d (it tends to 1/√6 ≈ 0.408) and a histogram of the pairwise
 *       distances as a fraction of the cube's diagonal √d.</li>
 *   <li><b>The corners take over.</b> The share of the cube [−1, 1]^d inside its inscribed unit
 *       ball is π^{d/2} / (Γ(d/2 + 1) · 2^d), computed in log space (it is below 10^−300 from
 *       d = 319 and underflows even a subnormal double from d = 339), next to the Monte-Carlo share of the sampled points
 *       inside the ball of radius ½ around the centre of [0, 1]^d (the same figure, scaled).</li>
 *   <li><b>Data needed grows exponentially.</b> To keep n₁ points per unit length (spacing 1/n₁) a
 *       grid needs n₁^d points; to keep the expected nearest-neighbour distance at its 1-D value
 *       1/(2n₁), random points need n with Γ(1 + 1/d) · Γ(n)/Γ(n + 1/d) · V_d^{−1/d} = 1/(2n₁)
 *       (the exact expectation on the unit torus, see {@link #log10SamplesForNearestNeighbour}).
 *       Both are reported as log10, as they leave the doubles' range.</li>
 * </ol>
 *
 * <p>Deterministic: dimension d's points come from their own generator, {@code new Rng(seed ^
 * (d · 0x9E3779B97F4A7C15))}, so the figures for one d do not depend on which other dimensions
 * the request lists. The distance loop is plain Java over one flat array; its cost is
 * n(n − 1)/2 · Σd coordinate differences, which {@link Request} bounds by {@link #MAX_WORK}.
 */
public final class Dimensionality {
    public static final int MIN_POINTS = 10;
    public static final int MAX_POINTS = 2000;
    public static final int DEFAULT_POINTS = 500;
    public static final int MAX_DIMENSION = 1000;
    /** At most this many dimensions in one request: twice the 13 of a 1-2-3-5 series from 1 to 1,000. */
    public static final int MAX_DIMENSION_COUNT = 30;
    /** 1, 2, 3 and 5 per decade, as the page's range control makes them. */
    public static final List<Integer> DEFAULT_DIMENSIONS = List.of(1, 2, 3, 5, 10, 20, 30, 50, 100, 200, 300, 500,
            1000);
    public static final int MIN_POINTS_PER_UNIT = 2;
    public static final int MAX_POINTS_PER_UNIT = 1000;
    public static final int DEFAULT_POINTS_PER_UNIT = 10;
    public static final long DEFAULT_SEED = 1;
    /** Seeds stay exact in a browser's doubles. */
    public static final long MAX_SEED = (1L << 53) - 1;
    /**
     * The most coordinate differences one request may take, n(n − 1)/2 · Σd: 6·10^8 take about
     * 0.3 s on one core here, so one request cannot stall a classroom's server. The default
     * request (500 points, 13 dimensions from 1 to 1000, Σd = 2221) takes 2.8·10^8.
     */
    public static final long MAX_WORK = 600_000_000L;
    /** Bins of the pairwise-distance histogram over [0, 1] of the diagonal √d. */
    public static final int HISTOGRAM_BINS = 50;
    /** The query parameters {@link Request#fromQuery} knows. */
    public static final List<String> PARAMETERS = List.of("n", "dims", "seed", "n1");

    private static final long DIMENSION_SALT = 0x9E3779B97F4A7C15L;
    private static final double LN10 = Math.log(10);

    private Dimensionality() {
    }

    // ================================================================== the request

    /**
     * What to measure. Validates in its constructor; every error names the query parameter, the
     * value and the allowed range.
     *
     * @param points        n, points sampled per dimension, [{@value #MIN_POINTS}, {@value #MAX_POINTS}]
     * @param dimensions    the dimensions d, each in [1, {@value #MAX_DIMENSION}], at most
     *                      {@value #MAX_DIMENSION_COUNT}; kept sorted and without repeats
     * @param seed          [0, 2^53 − 1]
     * @param pointsPerUnit n₁, the 1-D density the sample-count figures keep, [{@value #MIN_POINTS_PER_UNIT},
     *                      {@value #MAX_POINTS_PER_UNIT}]
     */
    public record Request(int points, List<Integer> dimensions, long seed, int pointsPerUnit) {
        public Request {
            requireRange("n", points, MIN_POINTS, MAX_POINTS);
            Objects.requireNonNull(dimensions, "dimensions");
            if (dimensions.isEmpty()) {
                throw new ConfigException("dims", "dims must list at least one dimension, e.g. 1,2,5,10");
            }
            Set<Integer> sorted = new TreeSet<>();
            for (Integer d : dimensions) {
                Objects.requireNonNull(d, "dims");
                requireRange("dims", d, 1, MAX_DIMENSION);
                sorted.add(d);
            }
            if (sorted.size() > MAX_DIMENSION_COUNT) {
                throw new ConfigException("dims", "dims must list at most " + MAX_DIMENSION_COUNT
                        + " dimensions, got " + sorted.size());
            }
            dimensions = List.copyOf(sorted);
            requireRange("seed", seed, 0, MAX_SEED);
            requireRange("n1", pointsPerUnit, MIN_POINTS_PER_UNIT, MAX_POINTS_PER_UNIT);
            long work = work(points, dimensions);
            if (work > MAX_WORK) {
                throw new ConfigException("n", "this request needs n(n − 1)/2 · Σd = " + points + "·"
                        + (points - 1) + "/2 · " + sum(dimensions) + " = " + String.format("%.3g", (double) work)
                        + " coordinate differences; the limit is " + String.format("%.3g", (double) MAX_WORK)
                        + " (MAX_WORK): use fewer points (n) or smaller dimensions (dims)");
            }
        }

        /** 500 points, d = 1, 2, 3, 5, 10, 20, 30, 50, …, 1000, seed 1, 10 points per unit length. */
        public static Request defaults() {
            return new Request(DEFAULT_POINTS, DEFAULT_DIMENSIONS, DEFAULT_SEED, DEFAULT_POINTS_PER_UNIT);
        }

        /** The coordinate differences this request computes: n(n − 1)/2 · Σd. */
        public long work() {
            return work(points, dimensions);
        }

        private static long work(int n, List<Integer> dimensions) {
            return (long) n * (n - 1) / 2 * sum(dimensions);
        }

        private static long sum(List<Integer> dimensions) {
            long total = 0;
            for (int d : dimensions) {
                total += d;
            }
            return total;
        }

        /**
         * A request from query parameters as text ({@code n}, {@code dims} as a comma-separated
         * list, {@code seed}, {@code n1}); a missing parameter takes its default.
         *
         * @throws ConfigException naming the parameter: unknown names, text that is not a whole
         *                         number, values out of range, too much work
         */
        public static Request fromQuery(Map<String, String> query) {
            for (String name : query.keySet()) {
                if (!PARAMETERS.contains(name)) {
                    throw new ConfigException(name, "unknown parameter " + name + "; allowed: "
                            + String.join(", ", PARAMETERS));
                }
            }
            int n = (int) whole("n", query.get("n"), DEFAULT_POINTS, MIN_POINTS, MAX_POINTS);
            long seed = whole("seed", query.get("seed"), DEFAULT_SEED, 0, MAX_SEED);
            int n1 = (int) whole("n1", query.get("n1"), DEFAULT_POINTS_PER_UNIT, MIN_POINTS_PER_UNIT,
                    MAX_POINTS_PER_UNIT);
            List<Integer> dims = DEFAULT_DIMENSIONS;
            String dimsText = query.get("dims");
            if (dimsText != null) {
                String[] parts = dimsText.split(",", -1);
                if (parts.length > MAX_DIMENSION_COUNT) {
                    throw new ConfigException("dims", "dims must list at most " + MAX_DIMENSION_COUNT
                            + " dimensions, got " + parts.length);
                }
                dims = new ArrayList<>(parts.length);
                for (String part : parts) {
                    dims.add((int) whole("dims", part, -1, 1, MAX_DIMENSION));
                }
            }
            return new Request(n, dims, seed, n1);
        }

        private static long whole(String name, String text, long fallback, long min, long max) {
            if (text == null) {
                return fallback;
            }
            String trimmed = text.trim();
            long value;
            try {
                value = Long.parseLong(trimmed);
            } catch (NumberFormatException e) {
                throw new ConfigException(name, name + " must be a whole number in [" + min + ", " + max
                        + "], got \"" + text + "\"");
            }
            requireRange(name, value, min, max);
            return value;
        }
    }

    private static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(name, name + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    // ================================================================== the results

    /**
     * What was measured in one dimension.
     *
     * @param dimension              d
     * @param ratioQ1                farthest/nearest neighbour distance, lower quartile over the points
     * @param ratioMedian            … its median
     * @param ratioQ3                … its upper quartile
     * @param nearestMedian          the median over the points of the nearest neighbour's distance
     * @param farthestMedian         the median over the points of the farthest neighbour's distance
     * @param meanDistance           the mean of all n(n − 1)/2 pairwise distances
     * @param distanceStd            their standard deviation (population)
     * @param histogram              the pairwise distances over √d, counted in {@value #HISTOGRAM_BINS}
     *                               equal bins over [0, 1] (the last bin includes 1)
     * @param log10BallFraction      log10 of the exact share of the cube inside its inscribed ball
     * @param pointsInBall           how many of the n points lie inside the inscribed ball
     * @param log10GridSamples       log10 of n₁^d
     * @param log10SamplesSameNearest log10 of the random points that keep the expected nearest
     *                               neighbour distance at 1/(2n₁)
     */
    public record Measure(int dimension, double ratioQ1, double ratioMedian, double ratioQ3, double nearestMedian,
                          double farthestMedian, double meanDistance, double distanceStd, int[] histogram,
                          double log10BallFraction, int pointsInBall, int points, double log10GridSamples,
                          double log10SamplesSameNearest) {

        /** Beyer et al.'s relative contrast (max − min)/min, median over the points: ratio − 1. */
        public double contrastMedian() {
            return ratioMedian - 1;
        }

        /** The mean pairwise distance over √d; tends to 1/√6 ≈ 0.408 (E‖x − y‖² = d/6). */
        public double meanDistanceOverSqrtD() {
            return meanDistance / Math.sqrt(dimension);
        }

        /** Standard deviation over mean of the pairwise distances; falls like ≈ 0.59/√d. */
        public double distanceCv() {
            return distanceStd / meanDistance;
        }

        /** The exact ball fraction as a double, 0 where it underflows (use the log10). */
        public double ballFraction() {
            return Math.pow(10, log10BallFraction);
        }

        /** The Monte-Carlo share of the sampled points inside the ball. */
        public double monteCarloFraction() {
            return (double) pointsInBall / points;
        }

        /** The binomial standard error of {@link #monteCarloFraction()}: √(p(1 − p)/n). */
        public double monteCarloStdError() {
            double p = monteCarloFraction();
            return Math.sqrt(p * (1 - p) / points);
        }

        @Override
        public int[] histogram() {
            return histogram.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Measure m && dimension == m.dimension && ratioQ1 == m.ratioQ1
                    && ratioMedian == m.ratioMedian && ratioQ3 == m.ratioQ3 && nearestMedian == m.nearestMedian
                    && farthestMedian == m.farthestMedian && meanDistance == m.meanDistance
                    && distanceStd == m.distanceStd && Arrays.equals(histogram, m.histogram)
                    && log10BallFraction == m.log10BallFraction && pointsInBall == m.pointsInBall
                    && points == m.points && log10GridSamples == m.log10GridSamples
                    && log10SamplesSameNearest == m.log10SamplesSameNearest;
        }

        @Override
        public int hashCode() {
            return Objects.hash(dimension, ratioMedian, meanDistance, Arrays.hashCode(histogram));
        }

        ObjectNode toJsonTree() {
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("d", dimension);
            node.put("ratioQ1", ratioQ1);
            node.put("ratioMedian", ratioMedian);
            node.put("ratioQ3", ratioQ3);
            node.put("contrastMedian", contrastMedian());
            node.put("nearestMedian", nearestMedian);
            node.put("farthestMedian", farthestMedian);
            node.put("meanDistance", meanDistance);
            node.put("meanDistanceOverSqrtD", meanDistanceOverSqrtD());
            node.put("distanceStd", distanceStd);
            node.put("distanceCv", distanceCv());
            ArrayNode bins = node.putArray("histogram");
            for (int count : histogram) {
                bins.add(count);
            }
            node.put("log10BallFraction", log10BallFraction);
            node.put("pointsInBall", pointsInBall);
            node.put("monteCarloFraction", monteCarloFraction());
            node.put("monteCarloStdError", monteCarloStdError());
            node.put("log10GridSamples", log10GridSamples);
            node.put("log10SamplesSameNearest", log10SamplesSameNearest);
            return node;
        }
    }

    /** Every dimension's measures, in the request's (ascending) order. */
    public record Result(Request request, List<Measure> measures) {
        public Result {
            Objects.requireNonNull(request, "request");
            measures = List.copyOf(measures);
        }

        /** The measure for dimension d. */
        public Measure measure(int d) {
            for (Measure m : measures) {
                if (m.dimension() == d) {
                    return m;
                }
            }
            throw new IllegalArgumentException("d = " + d + " was not measured; measured: " + request.dimensions());
        }

        /** The request echoed, the limits, and one object per dimension (docs/dimensions.md). */
        public ObjectNode toJsonTree() {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.put("n", request.points());
            root.put("seed", request.seed());
            root.put("n1", request.pointsPerUnit());
            ArrayNode dims = root.putArray("dims");
            request.dimensions().forEach(dims::add);
            root.put("work", request.work());
            root.put("maxWork", MAX_WORK);
            root.put("histogramBins", HISTOGRAM_BINS);
            ArrayNode list = root.putArray("measures");
            for (Measure m : measures) {
                list.add(m.toJsonTree());
            }
            return root;
        }
    }

    // ================================================================== measuring

    /** Measures every dimension of the request, one after the other on the calling thread. */
    public static Result measure(Request request) {
        List<Measure> measures = new ArrayList<>(request.dimensions().size());
        for (int d : request.dimensions()) {
            measures.add(measure(request.points(), d, request.seed(), request.pointsPerUnit()));
        }
        return new Result(request, measures);
    }

    /** The n points of dimension d for {@code seed}: row-major, point i at {@code i·d}. */
    public static double[] samplePoints(int n, int d, long seed) {
        Rng rng = new Rng(seed ^ (d * DIMENSION_SALT));
        double[] points = new double[n * d];
        for (int k = 0; k < points.length; k++) {
            points[k] = rng.nextDouble();
        }
        return points;
    }

    /** One dimension's measures: sample, then {@link #measurePoints}. */
    public static Measure measure(int n, int d, long seed, int pointsPerUnit) {
        return measurePoints(samplePoints(n, d, seed), n, d, pointsPerUnit);
    }

    /**
     * The measures of given points (row-major, n × d, in the unit cube), so that a test can hand
     * in points it worked out by hand.
     */
    public static Measure measurePoints(double[] points, int n, int d, int pointsPerUnit) {
        if (n < 2 || points.length != n * d) {
            throw new IllegalArgumentException("need at least 2 points of dimension " + d + " (n × d values), got "
                    + points.length + " values for n = " + n);
        }
        double[] nearest = new double[n];
        double[] farthest = new double[n];
        int[] histogram = new int[HISTOGRAM_BINS];
        double[] moments = pairwise(points, n, d, nearest, farthest, histogram);
        double pairs = (double) n * (n - 1) / 2;
        double mean = moments[0] / pairs;
        double variance = Math.max(0, moments[1] / pairs - mean * mean);

        double[] ratios = new double[n];
        for (int i = 0; i < n; i++) {
            ratios[i] = farthest[i] / nearest[i];
        }
        Arrays.sort(ratios);
        Arrays.sort(nearest);
        Arrays.sort(farthest);

        int inBall = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            int row = i * d;
            for (int k = 0; k < d; k++) {
                double c = points[row + k] - 0.5;
                s += c * c;
            }
            if (s <= 0.25) {
                inBall++;
            }
        }
        return new Measure(d, quantile(ratios, 0.25), quantile(ratios, 0.5), quantile(ratios, 0.75),
                quantile(nearest, 0.5), quantile(farthest, 0.5), mean, Math.sqrt(variance), histogram,
                log10BallFraction(d), inBall, n, log10GridSamples(d, pointsPerUnit),
                log10SamplesForNearestNeighbour(d, pointsPerUnit));
    }

    /**
     * Every pair once: fills each point's nearest and farthest distance and the histogram, and
     * returns {Σ distance, Σ distance²}. Four partial sums per pair let the CPU overlap the
     * additions (the order is fixed, so the result is the same on every run).
     */
    static double[] pairwise(double[] points, int n, int d, double[] nearest, double[] farthest, int[] histogram) {
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        Arrays.fill(farthest, 0);
        double sum = 0;
        double sumSquares = 0;
        int blocked = d & ~3;
        for (int i = 0; i < n; i++) {
            int a = i * d;
            for (int j = i + 1; j < n; j++) {
                int b = j * d;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int k = 0;
                for (; k < blocked; k += 4) {
                    double e0 = points[a + k] - points[b + k];
                    double e1 = points[a + k + 1] - points[b + k + 1];
                    double e2 = points[a + k + 2] - points[b + k + 2];
                    double e3 = points[a + k + 3] - points[b + k + 3];
                    s0 += e0 * e0;
                    s1 += e1 * e1;
                    s2 += e2 * e2;
                    s3 += e3 * e3;
                }
                for (; k < d; k++) {
                    double e = points[a + k] - points[b + k];
                    s0 += e * e;
                }
                double squared = (s0 + s1) + (s2 + s3);
                double distance = Math.sqrt(squared);
                sum += distance;
                sumSquares += squared;
                if (distance < nearest[i]) {
                    nearest[i] = distance;
                }
                if (distance < nearest[j]) {
                    nearest[j] = distance;
                }
                if (distance > farthest[i]) {
                    farthest[i] = distance;
                }
                if (distance > farthest[j]) {
                    farthest[j] = distance;
                }
                // the share of the diagonal as √(squared/d): exact at shares like ½ that a product would miss
                int bin = (int) (Math.sqrt(squared / d) * HISTOGRAM_BINS);
                histogram[bin < HISTOGRAM_BINS ? bin : HISTOGRAM_BINS - 1]++;
            }
        }
        return new double[] {sum, sumSquares};
    }

    /** The q-quantile of sorted values, interpolating linearly between order statistics (R's type 7). */
    static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }

    // ================================================================== formulas

    /**
     * log10 of the share of the cube [−1, 1]^d inside its inscribed unit ball:
     * π^{d/2} / (Γ(d/2 + 1) · 2^d). Exact values: 1 (d = 1), π/4 (d = 2), π/6 (d = 3).
     */
    public static double log10BallFraction(int d) {
        requireDimension(d);
        double ln = d / 2.0 * Math.log(Math.PI) - lnGamma(d / 2.0 + 1) - d * Math.log(2);
        return ln / LN10;
    }

    /** ln of the volume of the unit ball in d dimensions, π^{d/2} / Γ(d/2 + 1). */
    public static double lnUnitBallVolume(int d) {
        requireDimension(d);
        return d / 2.0 * Math.log(Math.PI) - lnGamma(d / 2.0 + 1);
    }

    /** log10 of n₁^d: the points of a grid with n₁ points per unit length in every direction. */
    public static double log10GridSamples(int d, int pointsPerUnit) {
        requireDimension(d);
        return d * Math.log10(pointsPerUnit);
    }

    /**
     * log10 of how many uniform random points keep the expected nearest-neighbour distance at its
     * 1-D value, 1/(2n₁).
     *
     * <p>The formula, on the unit torus (the cube with opposite faces glued, so that no point sits
     * at an edge): of m = n − 1 other points, none lies within r of a point with probability
     * (1 − V_d r^d)^m, V_d the unit ball's volume, so E[nearest] = ∫(1 − V_d r^d)^m dr
     * = Γ(1 + 1/d) · Γ(n)/Γ(n + 1/d) · V_d^{−1/d}. For d = 1 this is exactly 1/(2n), which is
     * where 1/(2n₁) comes from; the integral is exact while the ball of radius r fits the torus
     * (r ≤ ½), and the probability mass beyond is (1 − V_d 2^{−d})^m, negligible at these n. In the
     * cube itself points near a face have fewer neighbours, so its distances are larger and it needs
     * even more points: this figure is a lower bound there. The equation is solved for n by bisection
     * on ln n (E falls as n grows).
     */
    public static double log10SamplesForNearestNeighbour(int d, int pointsPerUnit) {
        requireDimension(d);
        if (pointsPerUnit < 1) {
            throw new IllegalArgumentException("pointsPerUnit must be at least 1, got " + pointsPerUnit);
        }
        double target = -Math.log(2.0 * pointsPerUnit); // ln of 1/(2n₁)
        double constant = lnGamma(1 + 1.0 / d) - lnUnitBallVolume(d) / d;
        double low = 0; // ln n = 0: n = 1, E would be the largest
        double high = 1;
        while (lnExpectedNearest(high, d, constant) > target) {
            high *= 2;
        }
        for (int step = 0; step < 200 && high - low > 1e-13 * Math.max(1, high); step++) {
            double middle = (low + high) / 2;
            if (lnExpectedNearest(middle, d, constant) > target) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2 / LN10;
    }

    /** ln E[nearest] for n = e^{lnN} points on the d-torus: constant + ln Γ(n) − ln Γ(n + 1/d). */
    private static double lnExpectedNearest(double lnN, int d, double constant) {
        return constant - lnGammaRatio(lnN, 1.0 / d);
    }

    /**
     * ln Γ(n + a) − ln Γ(n) for n = e^{lnN}, a in (0, 1]. Directly for n below 10^6; above, where
     * the two log-gammas are large and their difference would lose its digits (and n itself may
     * not fit a double), the asymptotic series a·ln n + a(a − 1)/(2n) − a(a − 1)(2a − 1)/(12n²),
     * whose next term is below 10^−18 there.
     */
    static double lnGammaRatio(double lnN, double a) {
        if (lnN < Math.log(1e6)) {
            double n = Math.exp(lnN);
            return lnGamma(n + a) - lnGamma(n);
        }
        double inverse = Math.exp(-lnN);
        return a * lnN + a * (a - 1) / 2 * inverse - a * (a - 1) * (2 * a - 1) / 12 * inverse * inverse;
    }

    /**
     * ln Γ(x) for x > 0, by Lanczos' approximation (g = 7, nine coefficients; relative error of Γ
     * near 1e−15), with the reflection formula's counterpart Γ(x) = Γ(x + 1)/x below ½.
     */
    public static double lnGamma(double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("lnGamma needs a finite x > 0, got " + x);
        }
        if (x < 0.5) {
            return lnGamma(x + 1) - Math.log(x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + LANCZOS_G + 0.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }

    private static final double LANCZOS_G = 7;
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    };

    private static void requireDimension(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("d must be at least 1, got " + d);
        }
    }
}
