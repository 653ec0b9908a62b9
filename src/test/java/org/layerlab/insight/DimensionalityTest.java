package org.layerlab.insight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.Rng;
import org.layerlab.training.ConfigException;

/** The curse-of-dimensionality core against exact values, hand-worked point sets and theory. */
class DimensionalityTest {

    private static double log10Factorial(int n) {
        double sum = 0;
        for (int k = 2; k <= n; k++) {
            sum += Math.log10(k);
        }
        return sum;
    }

    // ------------------------------------------------------------------ log-gamma and the ball

    @Test
    void lnGammaMatchesFactorialsAndTheHalfIntegerValues() {
        assertEquals(0, Dimensionality.lnGamma(1), 1e-15);
        assertEquals(0, Dimensionality.lnGamma(2), 1e-15);
        assertEquals(Math.log(24), Dimensionality.lnGamma(5), 1e-14);
        assertEquals(Math.log(Math.sqrt(Math.PI)), Dimensionality.lnGamma(0.5), 1e-14);
        assertEquals(Math.log(0.75 * Math.sqrt(Math.PI)), Dimensionality.lnGamma(2.5), 1e-14); // Γ(5/2) = 3√π/4
        // Γ(0.1) = 9.513507698668732 (tables); below ½ the shift Γ(x) = Γ(x + 1)/x is used
        assertEquals(Math.log(9.513507698668732), Dimensionality.lnGamma(0.1), 1e-13);
        // Γ(501) = 500!: summed term by term, independently of Lanczos
        double exact = log10Factorial(500) * Math.log(10);
        assertEquals(exact, Dimensionality.lnGamma(501), 1e-12 * exact);
    }

    @Test
    void ballFractionIsExactForTheFirstDimensionsAndKnownForLargeOnes() {
        assertEquals(1, Math.pow(10, Dimensionality.log10BallFraction(1)), 1e-14);
        assertEquals(Math.PI / 4, Math.pow(10, Dimensionality.log10BallFraction(2)), 1e-14);
        assertEquals(Math.PI / 6, Math.pow(10, Dimensionality.log10BallFraction(3)), 1e-14);
        // d = 10: π^5 / (5! · 2^10) = 0.0024903945701927...
        double ten = Math.pow(Math.PI, 5) / (120 * 1024.0);
        assertEquals(ten, Math.pow(10, Dimensionality.log10BallFraction(10)), 1e-16);
        assertEquals(0.00249, Math.pow(10, Dimensionality.log10BallFraction(10)), 5e-6);
        // d = 1000: 500·log10 π − log10(500!) − 1000·log10 2 ≈ −1186.54, far below any double
        double thousand = 500 * Math.log10(Math.PI) - log10Factorial(500) - 1000 * Math.log10(2);
        assertEquals(thousand, Dimensionality.log10BallFraction(1000), 1e-9);
        assertEquals(-1186.54, Dimensionality.log10BallFraction(1000), 0.005);
    }

    // ------------------------------------------------------------------ distances on hand-worked sets

    @Test
    void ratioNearestAndFarthestOnFourPointsOfALine() {
        // points 0, 0.1, 0.3, 1: nearest 0.1, 0.1, 0.2, 0.7; farthest 1, 0.9, 0.7, 1
        // ratios 10, 9, 3.5, 1/0.7 → sorted 1.428571, 3.5, 9, 10
        double[] points = {0, 0.1, 0.3, 1};
        Dimensionality.Measure m = Dimensionality.measurePoints(points, 4, 1, 10);
        assertEquals((3.5 + 9) / 2, m.ratioMedian(), 1e-12);
        assertEquals(1 / 0.7 + 0.75 * (3.5 - 1 / 0.7), m.ratioQ1(), 1e-12); // position 0.75
        assertEquals(9 + 0.25 * (10 - 9), m.ratioQ3(), 1e-12); // position 2.25
        assertEquals(m.ratioMedian() - 1, m.contrastMedian(), 1e-15);
        assertEquals(0.15, m.nearestMedian(), 1e-12); // 0.1, 0.1, 0.2, 0.7
        assertEquals(0.95, m.farthestMedian(), 1e-12); // 0.7, 0.9, 1, 1
        // six distances 0.1, 0.3, 1, 0.2, 0.9, 0.7
        assertEquals(3.2 / 6, m.meanDistance(), 1e-12);
        double meanSquare = (0.01 + 0.09 + 1 + 0.04 + 0.81 + 0.49) / 6;
        assertEquals(Math.sqrt(meanSquare - (3.2 / 6) * (3.2 / 6)), m.distanceStd(), 1e-12);
        // every point is inside the "ball" [0, 1] of d = 1 except none: |x − ½| ≤ ½ holds for all four
        assertEquals(4, m.pointsInBall());
        assertEquals(6, java.util.Arrays.stream(m.histogram()).sum());
    }

    @Test
    void theCornersOfASquareAndItsCentre() {
        // (0,0), (1,0), (0,1), (1,1), (½,½): every corner is √½ from the centre, 1 from two corners,
        // √2 from the opposite one; the centre is √½ from all four.
        double[] points = {0, 0, 1, 0, 0, 1, 1, 1, 0.5, 0.5};
        Dimensionality.Measure m = Dimensionality.measurePoints(points, 5, 2, 10);
        double half = Math.sqrt(0.5);
        // corners: √2 / √½ = 2; centre: 1 → sorted 1, 2, 2, 2, 2
        assertEquals(2, m.ratioMedian(), 1e-12);
        assertEquals(2, m.ratioQ1(), 1e-12);
        assertEquals(half, m.nearestMedian(), 1e-12);
        assertEquals(1, m.pointsInBall(), "only the centre lies inside the inscribed circle");
        // histogram over [0, 1] of the diagonal √2: four sides (1/√2 = 0.7071 → bin 35), two diagonals (1 → last
        // bin), four half-diagonals (½ → bin 25)
        int[] bins = m.histogram();
        assertEquals(4, bins[25]);
        assertEquals(4, bins[35]);
        assertEquals(2, bins[Dimensionality.HISTOGRAM_BINS - 1]);
        assertEquals((4 * 1 + 2 * Math.sqrt(2) + 4 * half) / 10, m.meanDistance(), 1e-12);
    }

    // ------------------------------------------------------------------ sampled points

    @Test
    void theSameSeedGivesTheSameMeasuresAndEachDimensionHasItsOwnStream() {
        Dimensionality.Result a = Dimensionality.measure(new Dimensionality.Request(200, List.of(3, 50), 7, 10));
        Dimensionality.Result b = Dimensionality.measure(new Dimensionality.Request(200, List.of(50, 3), 7, 10));
        assertEquals(a, b, "same request (the list is sorted), same numbers");
        // d = 50 alone, or beside other dimensions: the same points
        assertEquals(Dimensionality.measure(200, 50, 7, 10), a.measure(50));
        Dimensionality.Result other = Dimensionality.measure(new Dimensionality.Request(200, List.of(3, 50), 8, 10));
        assertTrue(other.measure(50).ratioMedian() != a.measure(50).ratioMedian(), "another seed, other points");
        // the points are the seeded generator's, in order
        double[] points = Dimensionality.samplePoints(3, 2, 7);
        Rng rng = new Rng(7 ^ (2 * 0x9E3779B97F4A7C15L));
        for (double p : points) {
            assertEquals(rng.nextDouble(), p);
        }
    }

    @Test
    void onTheDefaultsTheRatioFallsTowardsOneAndDistancesConcentrateAsTheoryHasIt() {
        Dimensionality.Result result = Dimensionality.measure(Dimensionality.Request.defaults());
        List<Dimensionality.Measure> measures = result.measures();
        assertEquals(Dimensionality.DEFAULT_DIMENSIONS.size(), measures.size());
        for (int i = 1; i < measures.size(); i++) {
            assertTrue(measures.get(i).ratioMedian() < measures.get(i - 1).ratioMedian(),
                    "the ratio falls from d = " + measures.get(i - 1).dimension() + " to " + measures.get(i).dimension());
            assertTrue(measures.get(i).distanceCv() < measures.get(i - 1).distanceCv() + 0.01);
        }
        Dimensionality.Measure d1000 = result.measure(1000);
        assertTrue(d1000.ratioMedian() > 1 && d1000.ratioMedian() < 1.2, "ratio at d = 1000: " + d1000.ratioMedian());
        assertTrue(result.measure(1).ratioMedian() > 100, "ratio at d = 1: " + result.measure(1).ratioMedian());
        // E‖x − y‖² = d/6 exactly; the mean distance over √d tends to 1/√6; the std to √(7/120) ≈ 0.2415
        double meanSquare = d1000.distanceStd() * d1000.distanceStd() + d1000.meanDistance() * d1000.meanDistance();
        assertEquals(1.0 / 6, meanSquare / 1000, 0.002);
        assertEquals(1 / Math.sqrt(6), d1000.meanDistanceOverSqrtD(), 0.002);
        assertEquals(Math.sqrt(7.0 / 120), d1000.distanceStd(), 0.01);
        // the share of points in the ball is the ball's volume, within binomial noise: d = 2 → π/4
        Dimensionality.Measure d2 = result.measure(2);
        assertEquals(Math.PI / 4, d2.monteCarloFraction(), 4 * d2.monteCarloStdError());
        assertEquals(0, d1000.pointsInBall());
    }

    // ------------------------------------------------------------------ samples for the same density

    @Test
    void gridSamplesAreTheDensityToTheD() {
        assertEquals(3, Dimensionality.log10GridSamples(3, 10), 1e-15);
        assertEquals(1000, Dimensionality.log10GridSamples(1000, 10), 1e-12);
        assertEquals(2 * Math.log10(7), Dimensionality.log10GridSamples(2, 7), 1e-15);
    }

    @Test
    void samplesForTheSameNearestDistanceAreExactInOneDimensionAndCloseToASquareInTwo() {
        // d = 1: E[nearest] = 1/(2n) exactly, so n = n₁
        assertEquals(1, Dimensionality.log10SamplesForNearestNeighbour(1, 10), 1e-9);
        assertEquals(Math.log10(37), Dimensionality.log10SamplesForNearestNeighbour(1, 37), 1e-9);
        // d = 2: Γ(3/2)² = π/4 makes the large-n answer exactly n₁²; Γ(n)/Γ(n + ½) ≈ n^−½ (1 + 1/(8n)) adds ¼
        double n2 = Math.pow(10, Dimensionality.log10SamplesForNearestNeighbour(2, 10));
        assertEquals(100.25, n2, 0.01);
        // larger d needs more than the grid: the unit ball's volume vanishes
        assertTrue(Dimensionality.log10SamplesForNearestNeighbour(100, 10) > 100);
    }

    @Test
    void thatManyRandomPointsOnTheTorusHaveTheOneDimensionalNearestDistance() {
        // Monte Carlo on the 3-torus: n ≈ 1,360 points keep E[nearest] at 1/(2·10) = 0.05
        int d = 3;
        int n = (int) Math.round(Math.pow(10, Dimensionality.log10SamplesForNearestNeighbour(d, 10)));
        assertTrue(n > 1300 && n < 1420, "n = " + n);
        double sum = 0;
        int count = 0;
        for (long seed = 1; seed <= 4; seed++) {
            double[] p = Dimensionality.samplePoints(n, d, seed);
            for (int i = 0; i < n; i++) {
                double best = Double.POSITIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    if (j == i) {
                        continue;
                    }
                    double s = 0;
                    for (int k = 0; k < d; k++) {
                        double e = Math.abs(p[i * d + k] - p[j * d + k]);
                        e = Math.min(e, 1 - e); // wrap around
                        s += e * e;
                    }
                    best = Math.min(best, s);
                }
                sum += Math.sqrt(best);
                count++;
            }
        }
        // the nearest distance's spread is about half its mean: the standard error of 5,400 is ~0.7 %
        assertEquals(0.05, sum / count, 0.05 * 0.03);
    }

    // ------------------------------------------------------------------ requests

    private static ConfigException refused(Map<String, String> query) {
        return assertThrows(ConfigException.class, () -> Dimensionality.Request.fromQuery(query));
    }

    private static Map<String, String> query(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    @Test
    void aQueryWithoutParametersIsTheDefaultRequest() {
        assertEquals(Dimensionality.Request.defaults(), Dimensionality.Request.fromQuery(Map.of()));
        Dimensionality.Request request = Dimensionality.Request.fromQuery(query("n", "100", "dims", "10, 2,2,1",
                "seed", "5", "n1", "4"));
        assertEquals(new Dimensionality.Request(100, List.of(1, 2, 10), 5, 4), request);
        assertEquals(100L * 99 / 2 * 13, request.work());
    }

    @Test
    void everyBadParameterIsNamedWithItsRange() {
        ConfigException n = refused(query("n", "5"));
        assertEquals("n", n.field());
        assertEquals("n must be in [10, 2000], got 5", n.getMessage());
        ConfigException text = refused(query("seed", "abc"));
        assertEquals("seed", text.field());
        assertEquals("seed must be a whole number in [0, 9007199254740991], got \"abc\"", text.getMessage());
        ConfigException dims = refused(query("dims", "1,0,5"));
        assertEquals("dims", dims.field());
        assertEquals("dims must be in [1, 1000], got 0", dims.getMessage());
        assertEquals("dims", refused(query("dims", "1,,5")).field());
        assertEquals("dims", refused(query("dims", "1001")).field());
        ConfigException many = refused(query("dims", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,"
                + "26,27,28,29,30,31"));
        assertEquals("dims must list at most 30 dimensions, got 31", many.getMessage());
        ConfigException perUnit = refused(query("n1", "1"));
        assertEquals("n1 must be in [2, 1000], got 1", perUnit.getMessage());
        ConfigException unknown = refused(query("points", "10"));
        assertEquals("points", unknown.field());
        assertEquals("unknown parameter points; allowed: n, dims, seed, n1", unknown.getMessage());
    }

    @Test
    void tooMuchWorkIsRefusedWithTheLimit() {
        // 2000 points · 1999/2 · 2221 = 4.4·10^9 coordinate differences
        ConfigException e = refused(query("n", "2000"));
        assertEquals("n", e.field());
        assertTrue(e.getMessage().contains("4.44e+09") && e.getMessage().contains("6.00e+08"), e.getMessage());
        // the largest n that fits the default dimensions: n(n − 1)/2 · 2221 ≤ 6·10^8 → n = 735
        Dimensionality.Request fits = Dimensionality.Request.fromQuery(query("n", "735"));
        assertTrue(fits.work() <= Dimensionality.MAX_WORK);
        refused(query("n", "736"));
        // 2000 points fit in small dimensions
        assertEquals(2000, Dimensionality.Request.fromQuery(query("n", "2000", "dims", "1,2,3,5,10,20,50,100")).points());
    }

    @Test
    void theJsonCarriesTheRequestAndEveryMeasure() {
        Dimensionality.Result result = Dimensionality.measure(new Dimensionality.Request(50, List.of(1, 4), 3, 10));
        var json = result.toJsonTree();
        assertEquals(50, json.get("n").asInt());
        assertEquals(2, json.get("measures").size());
        var four = json.get("measures").get(1);
        Dimensionality.Measure m = result.measure(4);
        assertEquals(4, four.get("d").asInt());
        assertEquals(m.ratioMedian(), four.get("ratioMedian").asDouble());
        assertEquals(m.log10BallFraction(), four.get("log10BallFraction").asDouble());
        assertEquals(Dimensionality.HISTOGRAM_BINS, four.get("histogram").size());
        int[] bins = new int[Dimensionality.HISTOGRAM_BINS];
        for (int i = 0; i < bins.length; i++) {
            bins[i] = four.get("histogram").get(i).asInt();
        }
        assertArrayEquals(m.histogram(), bins);
    }
}
