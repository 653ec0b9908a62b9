package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RngTest {
    @Test
    void sameSeedSameSequenceOtherSeedOtherSequence() {
        Rng a = new Rng(5);
        Rng b = new Rng(5);
        Rng c = new Rng(6);
        boolean differs = false;
        for (int i = 0; i < 100; i++) {
            long x = a.nextLong();
            assertEquals(x, b.nextLong());
            differs |= x != c.nextLong();
        }
        assertTrue(differs);
    }

    @Test
    void stateCapturesThePositionExactly() {
        Rng a = new Rng(9);
        for (int i = 0; i < 37; i++) {
            a.nextDouble();
        }
        Rng b = Rng.fromState(a.state());
        for (int i = 0; i < 100; i++) {
            assertEquals(a.nextLong(), b.nextLong());
        }
        assertThrows(IllegalArgumentException.class, () -> Rng.fromState(new long[4]));
    }

    @Test
    void uniformIsUniformAndGaussianHasItsMoments() {
        Rng rng = new Rng(1);
        int n = 200_000;
        int[] buckets = new int[10];
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double u = rng.nextDouble();
            assertTrue(u >= 0 && u < 1);
            buckets[(int) (u * 10)]++;
            double g = rng.gaussian(2, 4);
            sum += g;
            sumSquares += g * g;
        }
        for (int count : buckets) {
            assertEquals(n / 10.0, count, n / 10.0 * 0.03);
        }
        double mean = sum / n;
        assertEquals(2, mean, 0.02);
        assertEquals(4, sumSquares / n - mean * mean, 0.05);
    }

    @Test
    void nextIntIsUnbiasedAndShuffleIsAPermutation() {
        Rng rng = new Rng(2);
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            counts[rng.nextInt(3)]++;
        }
        for (int c : counts) {
            assertEquals(10_000, c, 400);
        }
        int[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        rng.shuffle(a);
        int[] sorted = a.clone();
        java.util.Arrays.sort(sorted);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
        assertNotEquals(java.util.Arrays.toString(sorted), java.util.Arrays.toString(a));
    }
}
