package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The step-by-step runner and the lock-step live race, against {@link Race#runOne}. */
class RaceLockStepTest {

    private static final String SMALL = "{\"base\": {\"seed\": 5, \"data\": {\"samples\": 60},"
            + " \"network\": {\"hidden\": [4]}, \"training\": {\"learningRate\": 0.1}},"
            + " \"contestants\": [{\"name\": \"tanh\", \"overrides\": {}},"
            + " {\"name\": \"relu\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}},"
            + " {\"name\": \"sigmoid\", \"overrides\": {\"network\": {\"activation\": \"sigmoid\"}}}],"
            + " \"target\": 0.2, \"maxEpochs\": 60, \"seeds\": 3}";

    private static long[] bits(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.doubleToRawLongBits(values[i]);
        }
        return out;
    }

    private static void assertSameRun(Race.Run expected, Race.Run actual) {
        assertEquals(expected.epochsToTarget(), actual.epochsToTarget());
        assertEquals(expected.epochsTrained(), actual.epochsTrained());
        assertEquals(Double.doubleToRawLongBits(expected.finalTestLoss()), Double.doubleToRawLongBits(actual.finalTestLoss()));
        assertEquals(Double.doubleToRawLongBits(expected.finalTrainLoss()), Double.doubleToRawLongBits(actual.finalTrainLoss()));
        assertArrayEquals(expected.curveEpochs(), actual.curveEpochs());
        assertArrayEquals(bits(expected.curveTestLoss()), bits(actual.curveTestLoss()));
    }

    @Test
    void aLockStepRaceTrainsEveryoneStillRacingOneEpochPerTickAndStopsEachWhereRunOneDoes() {
        Race.Spec spec = Race.parse(SMALL);
        for (long seed = 5; seed < 8; seed++) {
            Race.LockStep race = new Race.LockStep(spec, seed);
            List<Race.Runner> runners = race.runners();
            // Where everyone starts: measured without changing the runs (compared with runOne below).
            for (Race.Runner runner : runners) {
                assertTrue(runner.currentTestLoss() > 0);
                assertEquals(0, runner.measuredAt());
            }
            int ticks = 0;
            while (!race.tick()) {
                ticks++;
                assertEquals(ticks, race.epoch());
                for (Race.Runner runner : runners) {
                    // Racing runners are level with the race; finished ones stopped where they finished.
                    assertTrue(runner.finished() ? runner.epoch() <= race.epoch() : runner.epoch() == race.epoch());
                }
                assertTrue(ticks <= spec.maxEpochs());
            }
            int slowest = 0;
            for (int c = 0; c < runners.size(); c++) {
                Race.Run expected = Race.runOne(spec, c, seed);
                assertSameRun(expected, runners.get(c).result());
                assertEquals(expected.epochsToTarget(), runners.get(c).reachedAt());
                slowest = Math.max(slowest, expected.epochsTrained());
            }
            assertEquals(slowest, race.epoch(), "the race lasts until its slowest contestant stops");
            assertTrue(race.tick(), "a finished race stays finished");
            assertEquals(slowest, race.epoch());
        }
    }

    @Test
    void aRunnerStepsToTheSameRunAsRunOneAndSaysWhereItStands() {
        Race.Spec spec = Race.parse(SMALL).withTarget(1e-12).withMaxEpochs(7);
        Race.Runner runner = new Race.Runner(spec, 1, 6);
        assertEquals(0, runner.epoch());
        assertTrue(Double.isNaN(runner.testLoss()), "nothing measured before the first epoch");
        assertThrows(IllegalStateException.class, runner::result);
        for (int epoch = 1; epoch <= 7; epoch++) {
            assertEquals(epoch == 7, runner.step());
            assertEquals(epoch, runner.epoch());
            assertEquals(epoch, runner.measuredAt());
        }
        assertFalse(runner.diverged());
        assertEquals(-1, runner.reachedAt());
        assertTrue(runner.step(), "a finished runner trains no more");
        assertEquals(7, runner.epoch());
        assertSameRun(Race.runOne(spec, 1, 6), runner.result());
        assertThrows(IllegalArgumentException.class, () -> new Race.Runner(spec, 3, 6));
    }

    @Test
    void aContestantThatCannotBeBuiltIsNamed() {
        Race.Spec spec = Race.parse(SMALL.replace("{\"name\": \"relu\", \"overrides\": {\"network\": {\"activation\":"
                + " \"relu\"}}}", "{\"name\": \"few\", \"overrides\": {\"data\": {\"samples\": 10,"
                + " \"trainFraction\": 0.05}}}"));
        ConfigException e = assertThrows(ConfigException.class, () -> new Race.LockStep(spec, 5));
        assertEquals("contestants[1].data.trainFraction", e.field());
    }
}
