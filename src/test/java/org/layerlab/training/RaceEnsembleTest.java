package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ensemble path of {@link Race#run} ({@link RaceEnsemble}) against the oracle, {@link Race#runOne}
 * — one network at a time through {@link Trainer}: every run must agree in every bit.
 */
class RaceEnsembleTest {

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    private static void assertSameRun(Race.Run expected, Race.Run actual) {
        String which = "contestant " + expected.contestant() + " seed " + expected.seed();
        assertEquals(expected.contestant(), actual.contestant(), which);
        assertEquals(expected.seed(), actual.seed(), which);
        assertEquals(expected.epochsToTarget(), actual.epochsToTarget(), which);
        assertEquals(expected.epochsTrained(), actual.epochsTrained(), which);
        assertEquals(expected.diverged(), actual.diverged(), which);
        assertEquals(Double.doubleToRawLongBits(expected.finalTestLoss()),
                Double.doubleToRawLongBits(actual.finalTestLoss()), which);
        assertEquals(Double.doubleToRawLongBits(expected.finalTrainLoss()),
                Double.doubleToRawLongBits(actual.finalTrainLoss()), which);
        assertArrayEquals(expected.curveEpochs(), actual.curveEpochs(), which);
        assertArrayEquals(bits(expected.curveTestLoss()), bits(actual.curveTestLoss()), which);
    }

    /** Every contestant × seed of {@code spec}, one at a time: the oracle. */
    private static List<Race.Run> oneAtATime(Race.Spec spec) {
        List<Race.Run> runs = new ArrayList<>();
        for (int c = 0; c < spec.contestants().size(); c++) {
            for (int s = 0; s < spec.seeds(); s++) {
                runs.add(Race.runOne(spec, c, spec.base().seed() + s));
            }
        }
        return runs;
    }

    /**
     * The race with each group of compatible contestants in one ensemble, kept down to
     * {@code minNetworks} networks; the runs in contestant-seed order.
     */
    private static List<Race.Run> ensemble(Race.Spec spec, int minNetworks) {
        List<Race.Run> runs = new ArrayList<>();
        boolean[] placed = new boolean[spec.contestants().size()];
        for (int first = 0; first < placed.length; first++) {
            if (placed[first]) {
                continue;
            }
            List<RaceEnsemble.Entry> entries = new ArrayList<>();
            for (int c = first; c < placed.length; c++) {
                if (!placed[c] && RaceEnsemble.compatible(spec.contestants().get(first).config(),
                        spec.contestants().get(c).config())) {
                    placed[c] = true;
                    for (int s = 0; s < spec.seeds(); s++) {
                        entries.add(new RaceEnsemble.Entry(c, spec.base().seed() + s));
                    }
                }
            }
            runs.addAll(RaceEnsemble.run(spec, entries, null, minNetworks));
        }
        runs.sort(Comparator.comparingInt(Race.Run::contestant).thenComparingLong(Race.Run::seed));
        return runs;
    }

    private static void assertSameRuns(List<Race.Run> expected, List<Race.Run> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertSameRun(expected.get(i), actual.get(i));
        }
    }

    private static Race.Spec race(String base, String contestants, double target, int maxEpochs, int seeds) {
        return Race.parse("{\"base\": " + base + ", \"contestants\": [" + contestants + "], \"target\": " + target
                + ", \"maxEpochs\": " + maxEpochs + ", \"seeds\": " + seeds + "}");
    }

    @Test
    void theDefaultCircleRaceIsBitIdenticalThroughRaceRun() throws InterruptedException {
        Race.Spec spec = Race.defaultRace("circle");
        List<Race.Run> expected = oneAtATime(spec);
        Race.Result result = Race.run(spec, 2, null);
        assertSameRuns(expected, result.runs());
        // The race really exercised both outcomes.
        assertTrue(expected.stream().anyMatch(Race.Run::reached));
        assertEquals(Race.summarize(spec, expected).toJson(), result.toJson());
    }

    @Test
    void theDefaultCircleRaceIsBitIdenticalWithTheEnsembleDownToOneNetwork() {
        Race.Spec spec = Race.defaultRace("circle").withSeeds(6);
        assertSameRuns(oneAtATime(spec), ensemble(spec, 1));
    }

    @Test
    void aShortW2SpiralRaceIsBitIdentical() {
        // W2 (six hidden layers of 8, all seven features); a target some seeds reach within 60 epochs.
        Race.Spec spec = Race.defaultRace("spiral").withSeeds(3).withMaxEpochs(60).withTarget(0.2);
        List<Race.Run> expected = oneAtATime(spec);
        assertTrue(expected.stream().anyMatch(Race.Run::reached), "some run reaches the target");
        assertTrue(expected.stream().anyMatch(run -> !run.reached()), "some run does not");
        assertSameRuns(expected, ensemble(spec, 1));
        // Handing the last networks back to their trainers midway gives the same runs too.
        assertSameRuns(expected, ensemble(spec, 5));
    }

    private static final String SMALL_BASE = "{\"seed\": 3, \"data\": {\"samples\": 80},"
            + " \"network\": {\"hidden\": [5, 3]}, \"training\": {\"learningRate\": 0.1, \"batchSize\": 7}}";

    @Test
    void momentumAdamL1AndL2AreBitIdentical() {
        Race.Spec spec = race(SMALL_BASE,
                "{\"name\": \"momentum\", \"overrides\": {\"training\": {\"optimizer\": \"momentum\", \"momentum\": 0.8}}},"
                + "{\"name\": \"adam\", \"overrides\": {\"training\": {\"optimizer\": \"adam\", \"learningRate\": 0.01}}},"
                + "{\"name\": \"l2\", \"overrides\": {\"training\": {\"regularization\": \"l2\", \"regularizationRate\": 0.01}}},"
                + "{\"name\": \"l1\", \"overrides\": {\"network\": {\"activation\": \"relu\"},"
                + " \"training\": {\"regularization\": \"l1\", \"regularizationRate\": 0.03}}}",
                0.1, 40, 3);
        List<Race.Run> expected = oneAtATime(spec);
        // They differ in their training settings: four ensembles of one contestant each.
        assertSameRuns(expected, ensemble(spec, 1));
        assertThrows(IllegalArgumentException.class, () -> RaceEnsemble.run(spec,
                List.of(new RaceEnsemble.Entry(0, 3), new RaceEnsemble.Entry(1, 3)), null, 1));
        assertSameRuns(expected, runAll(spec));
    }

    @Test
    void aDivergingContestantStopsWhereItDivergesAlone() {
        // A linear regression: at learning rate 1 the weights blow up after 2 to 6 epochs.
        Race.Spec spec = race("{\"seed\": 3, \"data\": {\"dataset\": \"plane\", \"samples\": 80},"
                        + " \"network\": {\"hidden\": [5, 3], \"activation\": \"linear\"},"
                        + " \"training\": {\"learningRate\": 1, \"batchSize\": 7}}",
                "{\"name\": \"calm\", \"overrides\": {\"training\": {\"learningRate\": 0.01}}},"
                + "{\"name\": \"wild\", \"overrides\": {}}",
                1e-9, 30, 3);
        List<Race.Run> expected = oneAtATime(spec);
        assertTrue(expected.stream().anyMatch(run -> run.diverged() && run.epochsTrained() > 1),
                "the wild contestant diverges after some epochs");
        assertTrue(expected.stream().anyMatch(run -> !run.diverged()), "the calm one does not");
        assertSameRuns(expected, ensemble(spec, 1));
        // Networks that diverge at different epochs beside others in one ensemble (only the hidden
        // activation differs, so the two contestants share it).
        Race.Spec together = race("{\"seed\": 3, \"data\": {\"dataset\": \"plane\", \"samples\": 80},"
                        + " \"network\": {\"hidden\": [5, 3], \"activation\": \"linear\"},"
                        + " \"training\": {\"learningRate\": 1, \"batchSize\": 7}}",
                "{\"name\": \"linear\", \"overrides\": {}},"
                + "{\"name\": \"tanh\", \"overrides\": {\"network\": {\"activation\": \"tanh\"}}}",
                1e-9, 30, 4);
        List<Race.Run> mixed = oneAtATime(together);
        assertTrue(mixed.stream().anyMatch(Race.Run::diverged));
        assertSameRuns(mixed, ensemble(together, 1));
        assertSameRuns(expected, runAll(spec));
    }

    @Test
    void everyEpochShuffleDrawsEachSeedsOwnOrders() {
        Race.Spec spec = race("{\"seed\": 11, \"data\": {\"samples\": 90, \"shuffle\": \"every-epoch\"},"
                        + " \"network\": {\"hidden\": [4, 4]}, \"training\": {\"learningRate\": 0.1, \"batchSize\": 4}}",
                "{\"name\": \"tanh\", \"overrides\": {}},"
                + "{\"name\": \"leaky\", \"overrides\": {\"network\": {\"activation\": \"leakyrelu\"}}}",
                0.08, 50, 4);
        List<Race.Run> expected = oneAtATime(spec);
        assertSameRuns(expected, ensemble(spec, 1));
        assertSameRuns(expected, ensemble(spec, 6));
    }

    @Test
    void otherOutputsAndLossesAndEvalEveryAreBitIdentical() {
        // Sigmoid output with binary cross-entropy (δ = out − target), and a regression (linear
        // output), checked every third epoch.
        Race.Spec classify = race(SMALL_BASE,
                "{\"name\": \"bce\", \"overrides\": {\"network\": {\"output\": \"sigmoid\", \"loss\": \"bce\"}}},"
                + "{\"name\": \"bce-sigmoid\", \"overrides\": {\"network\": {\"output\": \"sigmoid\", \"loss\": \"bce\","
                + " \"activation\": \"sigmoid\"}}}",
                0.3, 30, 3).withEvalEvery(3);
        assertSameRuns(oneAtATime(classify), ensemble(classify, 1));
        Race.Spec regress = race("{\"seed\": 2, \"data\": {\"dataset\": \"plane\", \"samples\": 60},"
                        + " \"network\": {\"hidden\": [3]}, \"training\": {\"learningRate\": 0.01}}",
                "{\"name\": \"tanh\", \"overrides\": {}},"
                + "{\"name\": \"elu\", \"overrides\": {\"network\": {\"activation\": \"elu\"}}}",
                0.01, 25, 3);
        List<Race.Run> expected = oneAtATime(regress);
        assertSameRuns(expected, ensemble(regress, 1));
    }

    @Test
    void compatibleContestantsDifferOnlyInTheirHiddenActivations() {
        Race.Spec spec = race(SMALL_BASE,
                "{\"name\": \"a\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}},"
                + "{\"name\": \"b\", \"overrides\": {\"network\": {\"activation\": \"sigmoid\", \"init\": \"xavier\"}}},"
                + "{\"name\": \"c\", \"overrides\": {\"training\": {\"learningRate\": 0.2}}},"
                + "{\"name\": \"d\", \"overrides\": {\"network\": {\"hidden\": [5, 4]}}}",
                0.1, 10, 2);
        ExperimentConfig a = spec.contestants().get(0).config();
        assertTrue(RaceEnsemble.compatible(a, spec.contestants().get(1).config()));
        assertFalse(RaceEnsemble.compatible(a, spec.contestants().get(2).config()));
        assertFalse(RaceEnsemble.compatible(a, spec.contestants().get(3).config()));
        // Race.run puts them in separate ensembles and still gives the runs runOne gives.
        assertSameRuns(oneAtATime(spec), runAll(spec));
    }

    private static List<Race.Run> runAll(Race.Spec spec) {
        try {
            return Race.run(spec, 2, null).runs();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
