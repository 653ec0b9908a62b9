package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hardest-first test check against the plain data-order mean, on losses chosen to round badly. */
class HardestFirstCheckTest {

    /** What Trainer.evaluate computes: the losses added in the data's order, divided by the count. */
    private static double dataOrderMean(double[] losses) {
        double sum = 0;
        for (double loss : losses) {
            sum += loss;
        }
        return sum / losses.length;
    }

    /** One check pass as Trainer.testLossAtMost runs it: its answer, and how many samples it read. */
    private static int[] ask(HardestFirstCheck check, double[] losses, double limit) {
        check.start(limit);
        int[] order = check.order().clone();
        for (int p = 0; p < losses.length; p++) {
            check.record(p, losses[order[p]]);
            if (check.provedAbove()) {
                return new int[] {0, p + 1};
            }
        }
        return new int[] {check.completeMean() <= limit ? 1 : 0, losses.length};
    }

    /** A complete measurement pass (Race curve points): every sample, the data-order mean. */
    private static double measure(HardestFirstCheck check, double[] losses) {
        int[] answer = ask(check, losses, Double.POSITIVE_INFINITY);
        assertEquals(losses.length, answer[1], "a measurement reads every sample");
        check.start(Double.POSITIVE_INFINITY);
        int[] order = check.order().clone();
        for (int p = 0; p < losses.length; p++) {
            check.record(p, losses[order[p]]);
        }
        return check.completeMean();
    }

    @Test
    void givesTheDataOrderAnswerForLimitsAtTheRoundingStepsAroundTheMean() {
        Random random = new Random(7);
        for (int trial = 0; trial < 2_000; trial++) {
            int count = 1 + random.nextInt(300);
            double[] losses = new double[count];
            for (int i = 0; i < count; i++) {
                // magnitudes from 1e-18 to 10: sums in different orders round differently
                losses[i] = Math.pow(10, -18 + 19 * random.nextDouble()) * (random.nextInt(4) == 0 ? 1 : 1e-3);
            }
            HardestFirstCheck check = new HardestFirstCheck(count);
            double mean = dataOrderMean(losses);
            // measured once in the data's order, then again hardest first: the same bits both times
            assertEquals(mean, measure(check, losses));
            assertEquals(mean, measure(check, losses));
            double[] limits = {mean, Math.nextDown(mean), Math.nextUp(mean), mean * (1 - 1e-13), mean * (1 + 1e-13),
                mean / 2, mean * 2};
            for (double limit : limits) {
                boolean expected = mean <= limit;
                assertEquals(expected ? 1 : 0, ask(check, losses, limit)[0],
                        "trial " + trial + ", limit " + limit + ", mean " + mean);
            }
        }
    }

    @Test
    void aFewHardSamplesVisitedFirstSettleTheAnswerAfterThem() {
        // 250 samples: 240 nearly right (loss 1e-4), 10 wrong (loss 1.0); mean 0.0410 against 0.01
        double[] losses = new double[250];
        for (int i = 0; i < 250; i++) {
            losses[i] = i % 25 == 24 ? 1.0 : 1e-4;
        }
        HardestFirstCheck check = new HardestFirstCheck(250);
        int[] first = ask(check, losses, 0.01);
        assertEquals(0, first[0]);
        assertEquals(3 * 25, first[1], "in the data's order the sum crosses 2.5 at the third wrong sample");
        assertEquals(dataOrderMean(losses), measure(check, losses));
        int[] second = ask(check, losses, 0.01);
        assertEquals(0, second[0]);
        assertEquals(3, second[1], "hardest first: three wrong samples prove it");
        assertEquals(1, ask(check, losses, 0.05)[0], "0.041 <= 0.05 needs every sample");
    }

    @Test
    void nanAndInfinityAnswerAsTheDataOrderSumDoes() {
        double[] withNaN = {0.1, Double.NaN, 0.2};
        HardestFirstCheck check = new HardestFirstCheck(3);
        assertEquals(0, ask(check, withNaN, 10)[0], "a NaN mean is never at most a limit");
        assertEquals(0, ask(check, withNaN, 10)[0]);
        assertTrue(Double.isNaN(measure(check, withNaN)));
        double[] withInfinity = {0.1, Double.POSITIVE_INFINITY, 0.2};
        HardestFirstCheck infinite = new HardestFirstCheck(3);
        assertEquals(0, ask(infinite, withInfinity, 1e300)[0]);
    }

    @Test
    void aCompletePassOrdersTheSamplesHardestFirst() {
        HardestFirstCheck check = new HardestFirstCheck(5);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, check.order(), "the data's order until a pass completes");
        double[] losses = {0.3, Double.NaN, 0.0, 2.0, 0.3};
        check.start(Double.POSITIVE_INFINITY);
        for (int p = 0; p < 5; p++) {
            check.record(p, losses[p]);
        }
        assertTrue(check.complete());
        assertTrue(Double.isNaN(check.completeMean()));
        assertArrayEquals(new int[] {1, 3, 0, 4, 2}, check.order());
        assertFalse(check.provedAbove());
    }
}
