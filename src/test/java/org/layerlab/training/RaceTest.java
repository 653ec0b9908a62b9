package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaceTest {

    /** A small, quick race: circle, one hidden layer of 4, 60 points. */
    private static final String SMALL = "{\"base\": {\"seed\": 5, \"data\": {\"samples\": 60},"
            + " \"network\": {\"hidden\": [4]}, \"training\": {\"learningRate\": 0.1}},"
            + " \"contestants\": [%s], \"target\": 0.2, \"maxEpochs\": 60, \"seeds\": 3}";

    private static Race.Spec small(String contestants) {
        return Race.parse(String.format(SMALL, contestants));
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    private static void assertSameRun(Race.Run a, Race.Run b) {
        assertEquals(a.seed(), b.seed());
        assertEquals(a.epochsToTarget(), b.epochsToTarget());
        assertEquals(a.epochsTrained(), b.epochsTrained());
        assertEquals(Double.doubleToRawLongBits(a.finalTestLoss()), Double.doubleToRawLongBits(b.finalTestLoss()));
        assertEquals(Double.doubleToRawLongBits(a.finalTrainLoss()), Double.doubleToRawLongBits(b.finalTrainLoss()));
        assertArrayEquals(a.curveEpochs(), b.curveEpochs());
        assertArrayEquals(bits(a.curveTestLoss()), bits(b.curveTestLoss()));
    }

    @Test
    void identicalOverridesGiveBitIdenticalRuns() throws InterruptedException {
        Race.Spec spec = small("{\"name\": \"a\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}},"
                + "{\"name\": \"b\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}},"
                + "{\"name\": \"c\", \"overrides\": {\"network\": {\"activation\": \"sigmoid\"}}}");
        Race.Result result = Race.run(spec, 2, null);
        List<Race.Standing> standings = result.standings();
        assertEquals(3, standings.get(0).runs().size());
        for (int s = 0; s < 3; s++) {
            assertSameRun(standings.get(0).runs().get(s), standings.get(1).runs().get(s));
            assertEquals(5 + s, standings.get(0).runs().get(s).seed());
            assertTrue(standings.get(0).runs().get(s).curveEpochs().length > 0);
        }
        assertEquals(standings.get(0).median(), standings.get(1).median());
        // The seeds really differ, and so does the other activation.
        assertNotEquals(standings.get(0).runs().get(0).curveTestLoss()[0],
                standings.get(0).runs().get(1).curveTestLoss()[0]);
        assertNotEquals(standings.get(0).runs().get(0).curveTestLoss()[0],
                standings.get(2).runs().get(0).curveTestLoss()[0]);
    }

    @Test
    void theResultDoesNotDependOnTheThreads() throws InterruptedException {
        Race.Spec spec = small("{\"name\": \"tanh\", \"overrides\": {}},"
                + "{\"name\": \"relu\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}}");
        Race.Result one = Race.run(spec, 1, null);
        Race.Result two = Race.run(spec, 2, null);
        List<Race.Run> a = one.runs();
        List<Race.Run> b = two.runs();
        assertEquals(6, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertSameRun(a.get(i), b.get(i));
        }
        assertEquals(one.toJson(), two.toJson());
        assertEquals(one.toCsv(), two.toCsv());
    }

    @Test
    void aRunStopsAtTheTargetAndEveryCurveIsThinned() {
        Race.Spec spec = small("{\"name\": \"tanh\", \"overrides\": {}},"
                + "{\"name\": \"relu\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}}")
                .withTarget(1e9).withMaxEpochs(500);
        Race.Run run = Race.runOne(spec, 0, 5);
        assertEquals(1, run.epochsToTarget());
        assertEquals(1, run.epochsTrained());

        Race.Run never = Race.runOne(spec.withTarget(1e-12).withEvalEvery(2), 1, 5);
        assertFalse(never.reached());
        assertEquals(500, never.epochsTrained());
        assertTrue(never.curveEpochs().length <= Race.MAX_CURVE_POINTS);
        assertEquals(2, never.curveEpochs()[0]);
        assertEquals(500, never.curveEpochs()[never.curveEpochs().length - 1]);
        assertEquals(Double.doubleToRawLongBits(never.finalTestLoss()),
                Double.doubleToRawLongBits(never.curveTestLoss()[never.curveTestLoss().length - 1]));
    }

    private static Race.Run run(int contestant, long seed, int epochs) {
        return new Race.Run(contestant, seed, epochs, epochs < 0 ? 100 : epochs, 0.1, epochs < 0 ? 0.3 : 0.04,
                false, new int[0], new double[0]);
    }

    @Test
    void medianQuartilesAndRatiosOnAHandMadeSet() {
        Race.Spec spec = small("{\"name\": \"a\", \"overrides\": {}}, {\"name\": \"b\", \"overrides\": {}},"
                + "{\"name\": \"c\", \"overrides\": {}}").withSeeds(4);
        List<Race.Run> runs = new ArrayList<>();
        // a: 10, 20, 30, 40 → median 25, Q1 17.5, Q3 32.5
        int[] a = {40, 10, 30, 20};
        // b: 50, 60, 70, never → median 65, Q1 57.5, Q3 +∞
        int[] b = {50, -1, 70, 60};
        // c: never ×3, 5 → median +∞
        int[] c = {-1, -1, 5, -1};
        for (int s = 3; s >= 0; s--) { // any order in, seed order out
            runs.add(run(0, 5 + s, a[s]));
            runs.add(run(1, 5 + s, b[s]));
            runs.add(run(2, 5 + s, c[s]));
        }
        Race.Result result = Race.summarize(spec, runs);
        Race.Standing sa = result.standings().get(0);
        assertEquals(25, sa.median(), 1e-12);
        assertEquals(17.5, sa.q1(), 1e-12);
        assertEquals(32.5, sa.q3(), 1e-12);
        assertEquals(0, sa.notReached());
        assertEquals(1, sa.ratioToFirst(), 1e-12);
        assertEquals(0.04, sa.meanFinalTestLoss(), 1e-12);
        assertEquals(List.of(5L, 6L, 7L, 8L), sa.runs().stream().map(Race.Run::seed).toList());

        Race.Standing sb = result.standings().get(1);
        assertEquals(65, sb.median(), 1e-12);
        assertEquals(57.5, sb.q1(), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, sb.q3());
        assertEquals(1, sb.notReached());
        assertEquals(2.6, sb.ratioToFirst(), 1e-12);
        assertEquals((0.04 * 3 + 0.3) / 4, sb.meanFinalTestLoss(), 1e-12);

        Race.Standing sc = result.standings().get(2);
        assertEquals(Double.POSITIVE_INFINITY, sc.median());
        assertEquals(3, sc.notReached());
        assertTrue(Double.isNaN(sc.ratioToFirst()));
        assertTrue(result.toJson().contains("\"median\" : null") || result.toJson().contains("\"median\": null"),
                result.toJson());

        assertEquals(7, Race.quantile(new double[] {7}, 0.25));
        assertEquals(2, Race.quantile(new double[] {3, 1, 2}, 0.5));
        assertTrue(Double.isNaN(Race.quantile(new double[0], 0.5)));
    }

    @Test
    void overridesMergeIntoTheBase() {
        Race.Spec spec = small("{\"name\": \"a\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}},"
                + "{\"name\": \"b\", \"overrides\": {\"training\": {\"learningRate\": 0.3}}}");
        ExperimentConfig a = spec.contestants().get(0).config();
        ExperimentConfig b = spec.contestants().get(1).config();
        assertEquals("relu", a.network().activation());
        assertEquals(List.of(4), a.network().hidden());
        assertEquals(60, a.data().samples());
        assertEquals(0.1, a.training().learningRate());
        assertEquals("tanh", b.network().activation());
        assertEquals(0.3, b.training().learningRate());
        assertEquals(spec.base().withNetwork(a.network()), a);
    }

    private static String badField(String race) {
        return assertThrows(ConfigException.class, () -> Race.parse(race)).field();
    }

    @Test
    void badRaceDocumentsNameTheField() {
        ConfigException e = assertThrows(ConfigException.class, () -> small(
                "{\"name\": \"a\", \"overrides\": {}}, {\"name\": \"b\", \"overrides\": {}},"
                + "{\"name\": \"c\", \"overrides\": {\"network\": {\"activation\": \"relux\"}}}"));
        assertEquals("contestants[2].overrides.network.activation", e.field());
        assertTrue(e.getMessage().startsWith("contestants[2].overrides.network.activation must be one of"),
                e.getMessage());

        assertEquals("contestants[1].overrides.network.bogus", badField(String.format(SMALL,
                "{\"name\": \"a\", \"overrides\": {}},"
                + " {\"name\": \"b\", \"overrides\": {\"network\": {\"bogus\": 1}}}")));
        assertEquals("contestants[1].overrides.seed", badField(String.format(SMALL,
                "{\"name\": \"a\", \"overrides\": {}}, {\"name\": \"b\", \"overrides\": {\"seed\": 3}}")));
        assertEquals("contestants[1].name", badField(String.format(SMALL,
                "{\"name\": \"a\", \"overrides\": {}}, {\"overrides\": {}}")));
        assertEquals("contestants[1].name", badField(String.format(SMALL,
                "{\"name\": \"a\", \"overrides\": {}}, {\"name\": \"a\", \"overrides\": {}}")));
        assertEquals("contestants", badField(String.format(SMALL, "{\"name\": \"a\", \"overrides\": {}}")));
        assertEquals("contestants[0].overrides", badField(String.format(SMALL,
                "{\"name\": \"a\", \"overrides\": 3}, {\"name\": \"b\", \"overrides\": {}}")));
        assertEquals("base.network.hidden[0]", badField("{\"base\": {\"network\": {\"hidden\": [0]}},"
                + " \"contestants\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}"));
        assertEquals("target", badField("{\"contestants\": [{\"name\": \"a\"}, {\"name\": \"b\"}], \"target\": 0}"));
        assertEquals("maxEpochs", badField("{\"contestants\": [{\"name\": \"a\"}, {\"name\": \"b\"}],"
                + " \"maxEpochs\": 0}"));
        assertEquals("colour", badField("{\"contestants\": [{\"name\": \"a\"}, {\"name\": \"b\"}], \"colour\": 1}"));
    }
}
