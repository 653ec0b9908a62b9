package org.layerlab.engine;

import java.util.Arrays;

/**
 * LayerLab's one source of randomness: a seeded xoshiro256** generator.
 *
 * <p>Why our own and not {@code java.util.Random}: a session's whole state — the generator's
 * position included — must be captured as a value and restored exactly ({@link #state()},
 * {@link #fromState(long[])}), and the same seed must give the same numbers on every JVM.
 * Pass one instance explicitly to whatever needs randomness; never share it across threads.
 */
public final class Rng {
    private long s0, s1, s2, s3;

    /** A generator whose sequence is fully determined by {@code seed}. */
    public Rng(long seed) {
        // SplitMix64 spreads any seed (0 included) over the 256 bits of state.
        long x = seed;
        s0 = splitMix(x += 0x9E3779B97F4A7C15L);
        s1 = splitMix(x += 0x9E3779B97F4A7C15L);
        s2 = splitMix(x += 0x9E3779B97F4A7C15L);
        s3 = splitMix(x + 0x9E3779B97F4A7C15L);
    }

    private Rng(long[] state) {
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
    }

    /** Restores a generator at exactly the position {@link #state()} captured. */
    public static Rng fromState(long[] state) {
        if (state == null || state.length != 4) {
            throw new IllegalArgumentException("rng state must be 4 numbers, got "
                    + (state == null ? "none" : state.length));
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("rng state must not be all zero");
        }
        return new Rng(state);
    }

    /** The generator's position as four numbers; {@link #fromState} continues from here. */
    public long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    /** Moves this generator to exactly the position {@link #state()} captured. */
    public void restore(long[] state) {
        Rng from = fromState(state);
        s0 = from.s0;
        s1 = from.s1;
        s2 = from.s2;
        s3 = from.s3;
    }

    /** A copy that continues the same sequence independently. */
    public Rng copy() {
        return new Rng(state());
    }

    private static long splitMix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    /** Uniform in [0, 1), with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [a, b). */
    public double uniform(double a, double b) {
        return a + nextDouble() * (b - a);
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        // Lemire's method: unbiased without a division in the common case.
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /**
     * A normal sample by Marsaglia's polar method — the one TensorFlow Playground uses, so the
     * Gaussian data sets are drawn the same way.
     */
    public double gaussian(double mean, double variance) {
        double v1, v2, s;
        do {
            v1 = 2 * nextDouble() - 1;
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s > 1 || s == 0);
        double standard = Math.sqrt(-2 * Math.log(s) / s) * v1;
        return mean + Math.sqrt(variance) * standard;
    }

    /** Shuffles {@code a} in place (Fisher–Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override
    public String toString() {
        return "Rng" + Arrays.toString(state());
    }
}
