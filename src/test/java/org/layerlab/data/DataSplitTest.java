package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.Rng;

class DataSplitTest {

    /** Points whose x is their original index, so order and membership can be read back. */
    private static List<Point> numbered(int n) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(new Point(i, 0, i % 2 == 0 ? 1 : -1));
        }
        return points;
    }

    private static int[] indices(List<Point> points) {
        int[] indices = new int[points.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = (int) points.get(i).x();
        }
        return indices;
    }

    private static void assertPermutation(int[] order, int n) {
        assertEquals(n, order.length);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i], "permutation of 0.." + (n - 1));
        }
    }

    @Test
    void onceShufflesIntoAPermutationAndSplitsAtTheFloor() {
        List<Point> points = numbered(101);
        DataSplit split = DataSplit.split(points, 0.7, Shuffle.ONCE, new Rng(5));
        assertEquals(70, split.train().size(), "floor(101 * 0.7)");
        assertEquals(31, split.test().size());
        List<Point> all = new ArrayList<>(split.train());
        all.addAll(split.test());
        int[] order = indices(all);
        assertPermutation(order, 101);
        int[] identity = indices(points);
        assertFalse(Arrays.equals(identity, order), "shuffled");
    }

    @Test
    void onceIsDeterministicForASeed() {
        List<Point> points = numbered(50);
        DataSplit first = DataSplit.split(points, 0.5, Shuffle.ONCE, new Rng(8));
        DataSplit again = DataSplit.split(points, 0.5, Shuffle.ONCE, new Rng(8));
        DataSplit other = DataSplit.split(points, 0.5, Shuffle.ONCE, new Rng(9));
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @Test
    void onceShufflesDrawForDrawLikeTf() {
        // TF's loop draws floor(random * counter) for counter = n .. 1: n draws in all.
        Rng rng = new Rng(3);
        Rng replay = rng.copy();
        int[] array = {0, 1, 2, 3, 4, 5};
        DataSplit.shuffleLikePlayground(array, rng);
        int[] expected = {0, 1, 2, 3, 4, 5};
        for (int counter = expected.length; counter > 0; ) {
            int index = (int) Math.floor(replay.nextDouble() * counter);
            counter--;
            int t = expected[counter];
            expected[counter] = expected[index];
            expected[index] = t;
        }
        assertArrayEquals(expected, array);
        assertEquals(replay.nextLong(), rng.nextLong(), "both advanced by exactly n draws");
    }

    @Test
    void splitSizesAreTheFloorForManyFractions() {
        for (double fraction : new double[] {0.05, 0.1, 0.33, 0.5, 0.9, 1.0}) {
            DataSplit split = DataSplit.split(numbered(77), fraction, Shuffle.ONCE, new Rng(1));
            assertEquals((int) Math.floor(77 * fraction), split.train().size(), "fraction " + fraction);
            assertEquals(77 - split.train().size(), split.test().size());
        }
    }

    @Test
    void neverKeepsFileOrder() {
        List<Point> points = numbered(10);
        DataSplit split = DataSplit.split(points, 0.6, Shuffle.NEVER, null);
        assertEquals(points.subList(0, 6), split.train());
        assertEquals(points.subList(6, 10), split.test());
    }

    @Test
    void trainFractionOutsideItsRangeIsRejectedNamingTheRange() {
        for (double bad : new double[] {0, 0.04, 1.01, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DataSplit.split(numbered(10), bad, Shuffle.ONCE, new Rng(1)));
            assertTrue(e.getMessage().contains("trainFraction") && e.getMessage().contains("[0.05, 1.0]"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataSplit.split(numbered(3), 0.1, Shuffle.ONCE, new Rng(1)));
        assertTrue(e.getMessage().contains("no point to train on"), e.getMessage());
    }

    @Test
    void ownFlagsKeepMembershipAndNeverKeepsOrder() {
        List<Point> points = numbered(6);
        boolean[] isTrain = {true, false, true, true, false, true};
        DataSplit never = DataSplit.byFlags(points, isTrain, Shuffle.NEVER, null);
        assertArrayEquals(new int[] {0, 2, 3, 5}, indices(never.train()));
        assertArrayEquals(new int[] {1, 4}, indices(never.test()));

        DataSplit once = DataSplit.byFlags(points, isTrain, Shuffle.ONCE, new Rng(4));
        Set<Integer> train = new HashSet<>();
        for (int i : indices(once.train())) {
            train.add(i);
        }
        assertEquals(Set.of(0, 2, 3, 5), train);
        assertEquals(2, once.test().size());
    }

    @Test
    void userDataWithFlagsIsNotResplit() {
        UserData data = new UserData(numbered(4), new boolean[] {false, true, true, true});
        DataSplit split = DataSplit.of(data, 0.05, Shuffle.NEVER, null);
        assertArrayEquals(new int[] {1, 2, 3}, indices(split.train()));
        assertArrayEquals(new int[] {0}, indices(split.test()));

        UserData unflagged = new UserData(numbered(10), null);
        assertEquals(5, DataSplit.of(unflagged, 0.5, Shuffle.ONCE, new Rng(2)).train().size());
    }

    @Test
    void anEmptyTrainSetIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataSplit(List.of(), numbered(2)));
        assertTrue(e.getMessage().contains("train"), e.getMessage());
    }

    @Test
    void shuffleIdsParse() {
        assertEquals(Shuffle.ONCE, Shuffle.parse("once"));
        assertEquals(Shuffle.EVERY_EPOCH, Shuffle.parse("every-epoch"));
        assertEquals(Shuffle.NEVER, Shuffle.parse("never"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shuffle.parse("always"));
        assertTrue(e.getMessage().contains("'always'") && e.getMessage().contains("once, every-epoch, never"),
                e.getMessage());
    }

    // ---- epoch order ----

    @Test
    void onceAndNeverVisitInListOrderEveryEpochWithTheSameArray() {
        for (Shuffle mode : new Shuffle[] {Shuffle.ONCE, Shuffle.NEVER}) {
            EpochOrder order = new EpochOrder(5, mode, new Rng(1));
            int[] first = order.next();
            assertArrayEquals(new int[] {0, 1, 2, 3, 4}, first);
            for (int epoch = 0; epoch < 3; epoch++) {
                assertSame(first, order.next());
                assertArrayEquals(new int[] {0, 1, 2, 3, 4}, first);
            }
        }
    }

    @Test
    void everyEpochGivesADifferentPermutationEachEpochInTheSameArray() {
        EpochOrder order = new EpochOrder(40, Shuffle.EVERY_EPOCH, new Rng(6));
        int[] array = order.next();
        int[] previous = array.clone();
        assertPermutation(previous, 40);
        for (int epoch = 0; epoch < 5; epoch++) {
            int[] next = order.next();
            assertSame(array, next, "no allocation per epoch");
            assertPermutation(next, 40);
            assertFalse(Arrays.equals(previous, next), "epoch " + epoch + " reshuffled");
            previous = next.clone();
        }
    }

    @Test
    void everyEpochOrdersDependOnlyOnTheGeneratorPosition() {
        Rng rng = new Rng(12);
        EpochOrder order = new EpochOrder(30, Shuffle.EVERY_EPOCH, rng);
        order.next();
        order.next();
        // A session restored from the saved generator state continues with the same orders.
        EpochOrder restored = new EpochOrder(30, Shuffle.EVERY_EPOCH, Rng.fromState(rng.state()));
        assertArrayEquals(order.next().clone(), restored.next());

        int[] a = new EpochOrder(30, Shuffle.EVERY_EPOCH, new Rng(12)).next();
        int[] b = new EpochOrder(30, Shuffle.EVERY_EPOCH, new Rng(12)).next();
        assertArrayEquals(a, b, "deterministic for a seed");
    }

    @Test
    void everyEpochNeedsAGenerator() {
        assertThrows(NullPointerException.class, () -> new EpochOrder(3, Shuffle.EVERY_EPOCH, null));
        assertEquals(3, new EpochOrder(3, Shuffle.NEVER, null).next().length);
    }
}
