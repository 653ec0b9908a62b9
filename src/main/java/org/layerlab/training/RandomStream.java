package org.layerlab.training;

import org.layerlab.engine.Rng;

/**
 * The independent random streams an experiment draws from, all derived from the config's one
 * {@code seed}: stream s is {@code new Rng(seed ^ s.salt)}. Rng's SplitMix64 seeding spreads
 * seeds that differ in a few bits into unrelated states, so the streams do not overlap in practice.
 *
 * <p>Why separate streams: a student who changes the architecture or the initialisation keeps the
 * very same points, and a student who changes the data keeps the same initial weights for the
 * same shape of network — one change at a time, as an experiment should be.
 */
public enum RandomStream {
    /**
     * Generating the points, then shuffling them once before the split — in that order on the
     * same generator, as TensorFlow Playground does.
     */
    DATA(0L),
    /** The initial weights and biases. */
    INIT(0x9E3779B97F4A7C15L),
    /** The new visiting order of every epoch when {@code data.shuffle} is "every-epoch". */
    ORDER(0xC2B2AE3D27D4EB4FL),
    /**
     * The values of the noise features ({@code noiseFeatures}): a stream of their own, so that
     * adding noise inputs leaves the points, their split and the order untouched.
     */
    NOISE(0x165667B19E3779F9L);

    private final long salt;

    RandomStream(long salt) {
        this.salt = salt;
    }

    /** A fresh generator for this stream of {@code seed}. */
    public Rng from(long seed) {
        return new Rng(seed ^ salt);
    }

    /** What is XORed into the seed; documented in docs/config.md. */
    public long salt() {
        return salt;
    }
}
