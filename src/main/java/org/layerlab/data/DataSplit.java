package org.layerlab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.layerlab.engine.Rng;

/**
 * The training and test points. The network learns from {@code train} only; {@code test} shows
 * how well that carries over to points it never saw.
 */
public record DataSplit(List<Point> train, List<Point> test) {

    /** The smallest share of points that may be used for training. */
    public static final double MIN_TRAIN_FRACTION = 0.05;
    /** All points may be used for training (then the test set is empty). */
    public static final double MAX_TRAIN_FRACTION = 1.0;

    public DataSplit {
        train = List.copyOf(Objects.requireNonNull(train, "train"));
        test = List.copyOf(Objects.requireNonNull(test, "test"));
        if (train.isEmpty()) {
            throw new IllegalArgumentException("train must hold at least 1 point, got 0 (test has "
                    + test.size() + ")");
        }
    }

    /**
     * TF's split: shuffle once (unless {@link Shuffle#NEVER}), then the first
     * {@code floor(n * trainFraction)} points train and the rest test.
     *
     * @param trainFraction the share of points for training, in [0.05, 1]
     * @param rng           used only when shuffling; may be null for {@link Shuffle#NEVER}
     */
    public static DataSplit split(List<Point> points, double trainFraction, Shuffle shuffle, Rng rng) {
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(shuffle, "shuffle");
        if (!(trainFraction >= MIN_TRAIN_FRACTION && trainFraction <= MAX_TRAIN_FRACTION)) {
            throw new IllegalArgumentException("trainFraction must be in [" + MIN_TRAIN_FRACTION + ", "
                    + MAX_TRAIN_FRACTION + "] (5 %–100 %), got " + trainFraction);
        }
        List<Point> ordered = ordered(points, shuffle, rng);
        int splitIndex = (int) Math.floor(ordered.size() * trainFraction);
        if (splitIndex == 0) {
            throw new IllegalArgumentException("trainFraction " + trainFraction + " of " + points.size()
                    + " points leaves no point to train on; use a larger fraction or more points");
        }
        return new DataSplit(ordered.subList(0, splitIndex), ordered.subList(splitIndex, ordered.size()));
    }

    /**
     * A split the points carry themselves: {@code isTrain[i]} says where point i goes. The
     * membership is kept as given; only the order within each part is shuffled once (unless
     * {@link Shuffle#NEVER}), as it would be for a generated set.
     */
    public static DataSplit byFlags(List<Point> points, boolean[] isTrain, Shuffle shuffle, Rng rng) {
        Objects.requireNonNull(points, "points");
        Objects.requireNonNull(isTrain, "isTrain");
        Objects.requireNonNull(shuffle, "shuffle");
        if (isTrain.length != points.size()) {
            throw new IllegalArgumentException("isTrain has " + isTrain.length + " flags for "
                    + points.size() + " points; they must match");
        }
        int[] order = identity(points.size());
        if (shuffle != Shuffle.NEVER) {
            shuffleLikePlayground(order, Objects.requireNonNull(rng, "rng"));
        }
        List<Point> train = new ArrayList<>();
        List<Point> test = new ArrayList<>();
        for (int index : order) {
            (isTrain[index] ? train : test).add(points.get(index));
        }
        return new DataSplit(train, test);
    }

    /** A user's points: their own train/test flags when they have them, else {@link #split}. */
    public static DataSplit of(UserData data, double trainFraction, Shuffle shuffle, Rng rng) {
        Objects.requireNonNull(data, "data");
        return data.hasSplit()
                ? byFlags(data.points(), data.isTrain(), shuffle, rng)
                : split(data.points(), trainFraction, shuffle, rng);
    }

    private static List<Point> ordered(List<Point> points, Shuffle shuffle, Rng rng) {
        if (shuffle == Shuffle.NEVER) {
            return points;
        }
        int[] order = identity(points.size());
        shuffleLikePlayground(order, Objects.requireNonNull(rng, "rng"));
        List<Point> shuffled = new ArrayList<>(points.size());
        for (int index : order) {
            shuffled.add(points.get(index));
        }
        return shuffled;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /**
     * TF's shuffle (Fisher–Yates from the back), draw for draw: index = floor(random × counter),
     * then the element at --counter is swapped with it — including the last, idle draw at
     * counter 1, so the generator advances exactly as TF's does.
     */
    static void shuffleLikePlayground(int[] array, Rng rng) {
        int counter = array.length;
        while (counter > 0) {
            int index = (int) Math.floor(rng.nextDouble() * counter);
            counter--;
            int temp = array[counter];
            array[counter] = array[index];
            array[index] = temp;
        }
    }
}
