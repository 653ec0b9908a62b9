package org.layerlab.training;

/**
 * One network's answer to "is the mean test loss at most this limit?", exactly the answer of
 * {@link Trainer#evaluateTest()}{@code .loss() <= limit}, found by visiting the test samples
 * hardest first so that "no" is usually proved after a few of them.
 *
 * <p>A race asks this after every epoch. A network above the target — nearly all of them, nearly
 * all the time — must be shown to be above it. Its loss is mostly in a few samples it still gets
 * wrong; summed in the data's order, the running sum crosses limit × count only after most of the
 * test set, but those same samples first, it crosses after one chunk. Which samples are hard
 * changes slowly from epoch to epoch, so the order is the last complete pass's losses, largest
 * first (a race measures every network completely every few epochs, for its curve).
 *
 * <p><b>Why the answer is still exact.</b> Only the order of the additions differs from
 * {@link Trainer#evaluate}: each sample's loss is the very same double (a forward pass treats every
 * sample on its own). Floating-point sums of n numbers ≥ 0 in two orders differ from the exact sum,
 * and so from each other, by at most a relative γ_n ≈ n·2⁻⁵³ (Higham, <i>Accuracy and Stability of
 * Numerical Algorithms</i>, §4.2), and a part of the samples sums to no more than all of them. So a
 * partial sum above limit × count by a margin wider than that bound (and the division's rounding)
 * proves the data-order mean above the limit. A partial sum within the margin proves nothing: the
 * pass goes on, and a complete pass adds the losses up again in the data's order — the very sum
 * {@link Trainer#evaluate} computes — and compares that.
 *
 * <p>Not thread-safe: one per network.
 */
final class HardestFirstCheck {
    private final int count;
    /** The samples in the order the next pass visits them. */
    private final int[] order;
    /** Each sample's loss from the current pass, by sample index. */
    private final double[] losses;
    /** The sum of this pass's losses so far, in visiting order. */
    private double visitedSum;
    private int visited;
    /** A visited sum above this proves the mean above the limit; +∞ when nothing can be proved early. */
    private double proofBound;

    /** A check over {@code count} test samples, visited in their own order until a pass completes. */
    HardestFirstCheck(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be at least 0, got " + count);
        }
        this.count = count;
        this.order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        this.losses = new double[count];
    }

    /** The order this pass visits the samples in (read it; do not change it). */
    int[] order() {
        return order;
    }

    /** Starts a pass that asks about {@code limit} (+∞: a complete measurement, nothing to prove early). */
    void start(double limit) {
        visitedSum = 0;
        visited = 0;
        // Twice the summation bound for two orders, plus room for the rounding of limit·count and
        // of the final division: 8(n + 2)·2⁻⁵³ relative, about 5·10⁻¹³ for 250 samples.
        double margin = 8.0 * (count + 2) * 0x1p-53;
        proofBound = limit > 0 && limit < Double.POSITIVE_INFINITY
                ? limit * count * (1 + margin) : Double.POSITIVE_INFINITY;
    }

    /** The loss of the {@code position}-th sample of the visiting order. */
    void record(int position, double loss) {
        losses[order[position]] = loss;
        visitedSum += loss;
        visited++;
    }

    /** Whether the samples so far already prove the mean test loss above the limit. */
    boolean provedAbove() {
        return visitedSum > proofBound;
    }

    /** Whether every sample of this pass is in. */
    boolean complete() {
        return visited == count;
    }

    /**
     * After a complete pass: the mean test loss exactly as {@link Trainer#evaluate} computes it
     * (the same losses added in the data's order, NaN for no samples); and the next pass will
     * visit the samples hardest first.
     */
    double completeMean() {
        if (!complete()) {
            throw new IllegalStateException("the pass has " + visited + " of " + count + " samples");
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += losses[i];
        }
        sortHardestFirst();
        return sum / count;
    }

    /**
     * The order by this pass's losses, largest first (NaN first of all: it is the hardest), by
     * insertion from the previous order: the losses move little between two passes, so that order
     * is nearly sorted already and each sample moves a few places at most. (A general sort of
     * boxed indices through a comparator cost more in compiling than in sorting.)
     */
    private void sortHardestFirst() {
        for (int i = 1; i < count; i++) {
            int sample = order[i];
            double loss = losses[sample];
            int j = i - 1;
            while (j >= 0 && harder(loss, losses[order[j]])) {
                order[j + 1] = order[j];
                j--;
            }
            order[j + 1] = sample;
        }
    }

    /** Whether a loss of a is harder than b: larger, or NaN where b is not. */
    private static boolean harder(double a, double b) {
        return a > b || (Double.isNaN(a) && !Double.isNaN(b));
    }
}
