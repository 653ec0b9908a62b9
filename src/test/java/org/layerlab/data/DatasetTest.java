package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.layerlab.engine.Rng;

class DatasetTest {

    private static final double EPS = 1e-9;

    private static List<Point> generate(Dataset dataset, int count, double noise, long seed) {
        return dataset.generate(count, noise, new Rng(seed));
    }

    private static Set<Double> labels(List<Point> points) {
        Set<Double> labels = new TreeSet<>();
        for (Point p : points) {
            labels.add(p.label());
        }
        return labels;
    }

    // ---- properties every generator has ----

    @ParameterizedTest
    @EnumSource(Dataset.class)
    void generatesExactlyTheCountAskedFor(Dataset dataset) {
        for (int count : new int[] {1, 2, 3, 7, 500, 501}) {
            assertEquals(count, generate(dataset, count, 0.2, 1).size(), dataset + " count " + count);
        }
    }

    @ParameterizedTest
    @EnumSource(Dataset.class)
    void sameSeedGivesIdenticalPointsAndAnotherSeedDoesNot(Dataset dataset) {
        List<Point> first = generate(dataset, 301, 0.3, 42);
        List<Point> again = generate(dataset, 301, 0.3, 42);
        List<Point> other = generate(dataset, 301, 0.3, 43);
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @ParameterizedTest
    @EnumSource(Dataset.class)
    void labelsMatchTheProblem(Dataset dataset) {
        List<Point> points = generate(dataset, 600, 0.25, 7);
        switch (dataset.problem()) {
            case CLASSIFICATION:
                assertEquals(Set.of(-1.0, 1.0), labels(points), dataset.id());
                assertEquals(2, dataset.task().classCount());
                break;
            case MULTICLASS:
                assertEquals(Set.of(0.0, 1.0, 2.0), labels(points), dataset.id());
                assertEquals(3, dataset.task().classCount());
                assertEquals(3, dataset.task().outputCount());
                break;
            default:
                assertTrue(labels(points).size() > 100, "regression labels are real values");
                assertEquals(1, dataset.task().outputCount());
        }
    }

    @ParameterizedTest
    @EnumSource(Dataset.class)
    void idsRoundTripThroughParse(Dataset dataset) {
        assertEquals(dataset, Dataset.parse(dataset.id()));
    }

    @Test
    void idsAreTheDocumentedOnes() {
        List<String> ids = new ArrayList<>();
        for (Dataset d : Dataset.values()) {
            ids.add(d.id());
        }
        assertEquals(List.of("circle", "xor", "gauss", "spiral", "plane", "multigauss", "moons",
                "checkerboard", "spiral3"), ids);
        assertEquals(Problem.REGRESSION, Dataset.PLANE.problem());
        assertEquals(Problem.REGRESSION, Dataset.MULTI_GAUSS.problem());
        assertEquals(Problem.MULTICLASS, Dataset.SPIRAL3.problem());
        assertEquals(500, Dataset.XOR.defaultCount());
        assertEquals(1200, Dataset.PLANE.defaultCount());
    }

    @Test
    void parseNamesTheBadValueAndTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.parse("donut"));
        assertTrue(e.getMessage().contains("'donut'"), e.getMessage());
        assertTrue(e.getMessage().contains("circle, xor, gauss, spiral, plane, multigauss, moons, checkerboard, spiral3"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.parse(null));
        assertThrows(IllegalArgumentException.class, () -> Dataset.parse("Circle"));
    }

    @Test
    void rejectsCountAndNoiseOutsideTheirRanges() {
        Rng rng = new Rng(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.CIRCLE.generate(0, 0.1, rng));
        assertTrue(e.getMessage().contains("count") && e.getMessage().contains("got 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.CIRCLE.generate(10, 0.6, rng));
        assertTrue(e.getMessage().contains("noise") && e.getMessage().contains("0.6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.CIRCLE.generate(10, Double.NaN, rng));
        assertThrows(IllegalArgumentException.class, () -> Dataset.CIRCLE.generate(10, -0.1, rng));
        assertThrows(IllegalArgumentException.class,
                () -> Dataset.CIRCLE.generate(Dataset.MAX_COUNT + 1, 0, rng));
    }

    // ---- circle ----

    @Test
    void circleWithoutNoiseHasPositivesInsideAndNegativesInTheRing() {
        int count = 501;
        List<Point> points = generate(Dataset.CIRCLE, count, 0, 3);
        for (int i = 0; i < count; i++) {
            Point p = points.get(i);
            double r = Math.hypot(p.x(), p.y());
            if (i < 251) {
                assertEquals(1, p.label(), "point " + i);
                assertTrue(r < 2.5, "positive inside r < 2.5: " + r);
            } else {
                assertEquals(-1, p.label(), "point " + i);
                assertTrue(r >= 3.5 - EPS && r < 5 + EPS, "negative in [3.5, 5): " + r);
            }
        }
    }

    @Test
    void circleNoiseFlipsSomeLabelsButNotMost() {
        List<Point> points = generate(Dataset.CIRCLE, 2000, 0.5, 3);
        int flipped = 0;
        for (int i = 0; i < points.size(); i++) {
            double clean = i < 1000 ? 1 : -1;
            if (points.get(i).label() != clean) {
                flipped++;
            }
            assertTrue(Math.hypot(points.get(i).x(), points.get(i).y()) < 5 + EPS);
        }
        assertTrue(flipped > 100 && flipped < 1000, "flipped " + flipped);
    }

    // ---- xor ----

    @Test
    void xorWithoutNoiseIsLabelledBySignOfProductAndKeepsOffTheAxes() {
        for (Point p : generate(Dataset.XOR, 1000, 0, 5)) {
            assertEquals(p.x() * p.y() >= 0 ? 1 : -1, p.label(), p.toString());
            assertTrue(Math.abs(p.x()) >= 0.3 - EPS && Math.abs(p.x()) <= 5.3, p.toString());
            assertTrue(Math.abs(p.y()) >= 0.3 - EPS && Math.abs(p.y()) <= 5.3, p.toString());
        }
    }

    @Test
    void xorNoiseFlipsSomeLabels() {
        int flipped = 0;
        for (Point p : generate(Dataset.XOR, 2000, 0.5, 5)) {
            if (p.label() != (p.x() * p.y() >= 0 ? 1 : -1)) {
                flipped++;
            }
        }
        // Noise moves the labelling point up to 2.5 in x and y: a good share but far from half flips.
        assertTrue(flipped > 100 && flipped < 800, "flipped " + flipped);
    }

    // ---- gauss ----

    @Test
    void gaussVarianceIsTheLinearMapOfNoise() {
        assertEquals(0.5, Generators.gaussVariance(0), 1e-12);
        assertEquals(2.25, Generators.gaussVariance(0.25), 1e-12);
        assertEquals(4.0, Generators.gaussVariance(0.5), 1e-12);
    }

    @Test
    void gaussSamplesHaveTheMappedVarianceAndCentres() {
        for (double noise : new double[] {0, 0.5}) {
            double expected = 0.5 + 7 * noise;
            int count = 40_000;
            List<Point> points = generate(Dataset.GAUSS, count, noise, 11);
            double[] sum = new double[2];
            double[] sumSq = new double[2];
            int[] n = new int[2];
            for (int i = 0; i < count; i++) {
                Point p = points.get(i);
                int k = i < count / 2 ? 0 : 1;
                assertEquals(k == 0 ? 1 : -1, p.label());
                sum[k] += p.x();
                sumSq[k] += p.x() * p.x();
                n[k]++;
            }
            for (int k = 0; k < 2; k++) {
                double mean = sum[k] / n[k];
                double variance = sumSq[k] / n[k] - mean * mean;
                assertEquals(k == 0 ? 2 : -2, mean, 0.05, "mean");
                assertEquals(expected, variance, expected * 0.05, "variance at noise " + noise);
            }
        }
    }

    // ---- spiral ----

    @Test
    void spiralWithoutNoiseLiesExactlyOnTheTwoArms() {
        for (int count : new int[] {500, 7}) {
            List<Point> points = generate(Dataset.SPIRAL, count, 0, 9);
            double n = count / 2.0;
            int firstArm = (count + 1) / 2;
            for (int k = 0; k < count; k++) {
                int i = k < firstArm ? k : k - firstArm;
                double deltaT = k < firstArm ? 0 : Math.PI;
                double r = i / n * 5;
                double t = 1.75 * i / n * 2 * Math.PI + deltaT;
                Point p = points.get(k);
                assertEquals(k < firstArm ? 1 : -1, p.label());
                assertEquals(r, Math.hypot(p.x(), p.y()), EPS, "radius of point " + k);
                assertEquals(r * Math.sin(t), p.x(), EPS);
                assertEquals(r * Math.cos(t), p.y(), EPS);
            }
        }
    }

    @Test
    void spiralNoiseMovesPointsByAtMostNoise() {
        double noise = 0.4;
        List<Point> clean = generate(Dataset.SPIRAL, 400, 0, 9);
        List<Point> noisy = generate(Dataset.SPIRAL, 400, noise, 9);
        double largest = 0;
        for (int k = 0; k < 400; k++) {
            // The same index is the same arm position; only the noise draws differ.
            double n = 200;
            int i = k % 200;
            double t = 1.75 * i / n * 2 * Math.PI + (k < 200 ? 0 : Math.PI);
            double r = i / n * 5;
            double dx = noisy.get(k).x() - r * Math.sin(t);
            double dy = noisy.get(k).y() - r * Math.cos(t);
            assertTrue(Math.abs(dx) <= noise && Math.abs(dy) <= noise, "moved " + dx + ", " + dy);
            largest = Math.max(largest, Math.abs(dx));
            assertEquals(clean.get(k).label(), noisy.get(k).label());
        }
        assertTrue(largest > noise * 0.9, "noise is used: " + largest);
    }

    // ---- the TF port, draw for draw ----

    /** TF's classifySpiralData as written, numSamples / 2 fractional and all. */
    private static List<Point> tfSpiral(int numSamples, double noise, Rng rng) {
        List<Point> points = new ArrayList<>();
        double n = numSamples / 2.0;
        for (double[] arm : new double[][] {{0, 1}, {Math.PI, -1}}) {
            for (int i = 0; i < n; i++) {
                double r = i / n * 5;
                double t = 1.75 * i / n * 2 * Math.PI + arm[0];
                double x = r * Math.sin(t) + rng.uniform(-1, 1) * noise;
                double y = r * Math.cos(t) + rng.uniform(-1, 1) * noise;
                points.add(new Point(x, y, arm[1]));
            }
        }
        return points;
    }

    /** TF's classifyCircleData as written. */
    private static List<Point> tfCircle(int numSamples, double noise, Rng rng) {
        List<Point> points = new ArrayList<>();
        double radius = 5;
        double[][] rings = {{0, radius * 0.5}, {radius * 0.7, radius}};
        for (double[] ring : rings) {
            for (int i = 0; i < numSamples / 2.0; i++) {
                double r = rng.uniform(ring[0], ring[1]);
                double angle = rng.uniform(0, 2 * Math.PI);
                double x = r * Math.sin(angle);
                double y = r * Math.cos(angle);
                double noiseX = rng.uniform(-radius, radius) * noise;
                double noiseY = rng.uniform(-radius, radius) * noise;
                double dx = x + noiseX;
                double dy = y + noiseY;
                double label = Math.sqrt(dx * dx + dy * dy) < radius * 0.5 ? 1 : -1;
                points.add(new Point(x, y, label));
            }
        }
        return points;
    }

    /** TF's classifyTwoGaussData as written. */
    private static List<Point> tfGauss(int numSamples, double noise, Rng rng) {
        List<Point> points = new ArrayList<>();
        double variance = 0.5 + (4 - 0.5) * (noise / 0.5);
        for (double[] g : new double[][] {{2, 2, 1}, {-2, -2, -1}}) {
            for (int i = 0; i < numSamples / 2.0; i++) {
                double x = rng.gaussian(g[0], variance);
                double y = rng.gaussian(g[1], variance);
                points.add(new Point(x, y, g[2]));
            }
        }
        return points;
    }

    private static void assertSameWithin(List<Point> expected, List<Point> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Point e = expected.get(i);
            Point a = actual.get(i);
            assertEquals(e.x(), a.x(), 1e-12, "x of point " + i);
            assertEquals(e.y(), a.y(), 1e-12, "y of point " + i);
            assertEquals(e.label(), a.label(), "label of point " + i);
        }
    }

    @Test
    void evenCountsAreTfsSequenceAndOddCountsDropItsLastPoint() {
        for (int count : new int[] {200, 201}) {
            int tfExtra = count % 2;  // TF makes count + 1 points for an odd count
            List<Point> tf = tfSpiral(count, 0.3, new Rng(21));
            assertEquals(count + tfExtra, tf.size());
            assertSameWithin(tf.subList(0, count), generate(Dataset.SPIRAL, count, 0.3, 21));

            tf = tfCircle(count, 0.3, new Rng(22));
            assertSameWithin(tf.subList(0, count), generate(Dataset.CIRCLE, count, 0.3, 22));

            tf = tfGauss(count, 0.3, new Rng(23));
            assertSameWithin(tf.subList(0, count), generate(Dataset.GAUSS, count, 0.3, 23));
        }
    }

    @Test
    void xorDrawsInTfsOrder() {
        Rng rng = new Rng(31);
        List<Point> points = generate(Dataset.XOR, 50, 0.2, 31);
        for (Point p : points) {
            double x = rng.uniform(-5, 5);
            x += x > 0 ? 0.3 : -0.3;
            double y = rng.uniform(-5, 5);
            y += y > 0 ? 0.3 : -0.3;
            double noiseX = rng.uniform(-5, 5) * 0.2;
            double noiseY = rng.uniform(-5, 5) * 0.2;
            assertEquals(x, p.x(), 0);
            assertEquals(y, p.y(), 0);
            assertEquals((x + noiseX) * (y + noiseY) >= 0 ? 1 : -1, p.label());
        }
    }

    // ---- plane ----

    @Test
    void planeWithoutNoiseIsTheUnclampedLinearScaleOfXPlusY() {
        double largest = 0;
        for (Point p : generate(Dataset.PLANE, 2000, 0, 13)) {
            assertTrue(p.x() >= -6 && p.x() < 6 && p.y() >= -6 && p.y() < 6, p.toString());
            assertEquals((p.x() + p.y()) / 10, p.label(), 1e-12);
            largest = Math.max(largest, Math.abs(p.label()));
        }
        // TF does not clamp: the corners of [-6, 6]² reach ±1.2.
        assertTrue(largest > 1.0 && largest <= 1.2, "largest |label| " + largest);
    }

    @Test
    void planeNoiseChangesLabelsButNotPositions() {
        List<Point> clean = generate(Dataset.PLANE, 500, 0, 13);
        List<Point> noisy = generate(Dataset.PLANE, 500, 0.5, 13);
        int differ = 0;
        for (int i = 0; i < 500; i++) {
            assertEquals(clean.get(i).x(), noisy.get(i).x(), 0);
            assertEquals(clean.get(i).y(), noisy.get(i).y(), 0);
            if (Math.abs(clean.get(i).label() - noisy.get(i).label()) > 0.01) {
                differ++;
            }
        }
        assertTrue(differ > 400, "noise moves most labels: " + differ);
    }

    // ---- multi gauss ----

    /** The label written from the description: the strongest of six signed cones of radius 2. */
    private static double multiGaussOracle(double x, double y) {
        double[][] centres = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1}, {4, -2.5, -1}};
        double best = 0;
        for (double[] c : centres) {
            double height = Math.max(0, 1 - Math.hypot(x - c[0], y - c[1]) / 2);
            if (height > Math.abs(best)) {
                best = c[2] * height;
            }
        }
        return best;
    }

    @Test
    void multiGaussWithoutNoiseFollowsTheSixCones() {
        int nearZero = 0;
        for (Point p : generate(Dataset.MULTI_GAUSS, 3000, 0, 17)) {
            assertTrue(p.x() >= -6 && p.x() < 6 && p.y() >= -6 && p.y() < 6, p.toString());
            assertEquals(multiGaussOracle(p.x(), p.y()), p.label(), 1e-12, p.toString());
            assertTrue(Math.abs(p.label()) <= 1);
            if (p.label() == 0) {
                nearZero++;
            }
        }
        assertTrue(nearZero > 0, "points far from every centre are labelled 0");
        assertEquals(1.0, Generators.multiGaussLabel(-4, 2.5), 1e-12);
        assertEquals(-1.0, Generators.multiGaussLabel(0, 2.5), 1e-12);
        assertEquals(-0.5, Generators.multiGaussLabel(4, -1.5), 1e-12);
    }

    // ---- moons ----

    @Test
    void moonsWithoutNoiseLieOnTheTwoHalfCircles() {
        int count = 401;
        List<Point> points = generate(Dataset.MOONS, count, 0, 19);
        for (int i = 0; i < count; i++) {
            Point p = points.get(i);
            double mx = p.x() / 3 + 0.5;
            double my = p.y() / 3 + 0.25;
            if (i < 201) {
                assertEquals(1, p.label());
                assertEquals(1, Math.hypot(mx, my), EPS, "upper moon, centre (0, 0)");
                assertTrue(my >= -EPS, "upper half");
            } else {
                assertEquals(-1, p.label());
                assertEquals(1, Math.hypot(mx - 1, my - 0.5), EPS, "lower moon, centre (1, 0.5)");
                assertTrue(my <= 0.5 + EPS, "lower half");
            }
        }
    }

    @Test
    void moonsStayInsideTheSquareEvenAtFullNoise() {
        List<Point> points = generate(Dataset.MOONS, 5000, 0.5, 19);
        double largestJitter = 0;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            assertTrue(Math.abs(p.x()) <= 6 && Math.abs(p.y()) <= 6, p.toString());
            double mx = p.x() / 3 + 0.5;
            double my = p.y() / 3 + 0.25;
            double offCircle = i < 2500 ? Math.abs(Math.hypot(mx, my) - 1) : Math.abs(Math.hypot(mx - 1, my - 0.5) - 1);
            largestJitter = Math.max(largestJitter, offCircle);
        }
        assertTrue(largestJitter > 0.5, "noise blurs the moons: " + largestJitter);
    }

    // ---- checkerboard ----

    private static double parity(double x, double y) {
        int column = (int) Math.floor((x + 6) / 3);
        int row = (int) Math.floor((y + 6) / 3);
        return (column + row) % 2 == 0 ? 1 : -1;
    }

    @Test
    void checkerboardWithoutNoiseIsLabelledByCellParityAwayFromBorders() {
        Set<String> cells = new TreeSet<>();
        for (Point p : generate(Dataset.CHECKERBOARD, 3000, 0, 23)) {
            assertTrue(Math.abs(p.x()) <= 5.8 + EPS && Math.abs(p.y()) <= 5.8 + EPS, p.toString());
            assertEquals(parity(p.x(), p.y()), p.label(), p.toString());
            double fromBorderX = Math.abs(p.x() / 3 - Math.rint(p.x() / 3)) * 3;
            double fromBorderY = Math.abs(p.y() / 3 - Math.rint(p.y() / 3)) * 3;
            assertTrue(fromBorderX >= 0.2 - EPS && fromBorderY >= 0.2 - EPS, p.toString());
            cells.add(Math.floor((p.x() + 6) / 3) + "," + Math.floor((p.y() + 6) / 3));
        }
        assertEquals(16, cells.size(), "all 16 cells are used");
        assertEquals(1, Generators.checkerLabel(-5, -5), "bottom-left cell is +1");
        assertEquals(-1, Generators.checkerLabel(-2, -5));
        assertEquals(-1, Generators.checkerLabel(-6.5, -5), "left of the board continues the pattern");
    }

    @Test
    void checkerboardNoiseFlipsSomeLabels() {
        int flipped = 0;
        for (Point p : generate(Dataset.CHECKERBOARD, 2000, 0.5, 23)) {
            if (p.label() != parity(p.x(), p.y())) {
                flipped++;
            }
        }
        assertTrue(flipped > 100 && flipped < 1000, "flipped " + flipped);
    }

    // ---- three-arm spiral ----

    @Test
    void spiral3WithoutNoiseLiesOnThreeArms() {
        int count = 301;  // arms of 101, 100, 100
        List<Point> points = generate(Dataset.SPIRAL3, count, 0, 29);
        double n = count / 3.0;
        int[] armSizes = {101, 100, 100};
        int k = 0;
        for (int arm = 0; arm < 3; arm++) {
            for (int i = 0; i < armSizes[arm]; i++, k++) {
                Point p = points.get(k);
                double r = i / n * 5;
                double t = 1.75 * i / n * 2 * Math.PI + arm * 2 * Math.PI / 3;
                assertEquals(arm, p.label());
                assertEquals(r, Math.hypot(p.x(), p.y()), EPS);
                assertEquals(r * Math.sin(t), p.x(), EPS);
                assertEquals(r * Math.cos(t), p.y(), EPS);
                assertTrue(r < 5);
            }
        }
        assertEquals(count, k);
    }
}
