package org.layerlab.data;

import java.util.Objects;
import org.layerlab.engine.Rng;

/**
 * The order in which an epoch visits the training points, as indices into the train list.
 *
 * <p>{@link Shuffle#ONCE} and {@link Shuffle#NEVER} visit in list order every epoch (for ONCE the
 * list itself was shuffled at the split, as in TF). {@link Shuffle#EVERY_EPOCH} draws a new order
 * each epoch: the array is reset to 0..n-1 and then shuffled in place, so an epoch's order depends
 * only on the generator's position — a session restored from its saved {@link Rng} state
 * continues with exactly the orders it would have seen.
 */
public final class EpochOrder {
    private final int[] order;
    private final Shuffle shuffle;
    private final Rng rng;

    /**
     * @param trainCount how many training points
     * @param rng        the session's generator; only used (and required) for EVERY_EPOCH
     */
    public EpochOrder(int trainCount, Shuffle shuffle, Rng rng) {
        if (trainCount < 0) {
            throw new IllegalArgumentException("trainCount must be at least 0, got " + trainCount);
        }
        this.shuffle = Objects.requireNonNull(shuffle, "shuffle");
        if (shuffle == Shuffle.EVERY_EPOCH) {
            Objects.requireNonNull(rng, "rng (needed to shuffle every epoch)");
        }
        this.rng = rng;
        this.order = new int[trainCount];
        resetToIdentity();
    }

    /**
     * The order for the next epoch. Always the same array (no allocation per epoch); the caller
     * must not modify it, and its contents change on the next call for EVERY_EPOCH.
     */
    public int[] next() {
        if (shuffle == Shuffle.EVERY_EPOCH) {
            resetToIdentity();
            rng.shuffle(order);
        }
        return order;
    }

    /** The position of the generator that draws the every-epoch orders; null when there is none. */
    public long[] rngState() {
        return rng == null ? null : rng.state();
    }

    /** Continues from a position {@link #rngState()} captured (ignored when there is no generator). */
    public void restoreRngState(long[] state) {
        if (rng != null && state != null) {
            rng.restore(state);
        }
    }

    public int trainCount() {
        return order.length;
    }

    public Shuffle shuffle() {
        return shuffle;
    }

    private void resetToIdentity() {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }
}
