package org.layerlab.data;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Points a user uploaded, with their own train/test flags when the file had a split column.
 *
 * @param points  at least 2 points, labels already normalised (two classes as ±1)
 * @param isTrain one flag per point (true = train), or null when the file had no split column
 */
public record UserData(List<Point> points, boolean[] isTrain) {

    public UserData {
        points = List.copyOf(Objects.requireNonNull(points, "points"));
        if (points.size() < 2) {
            throw new IllegalArgumentException("points must hold at least 2 points, got " + points.size());
        }
        if (isTrain != null) {
            if (isTrain.length != points.size()) {
                throw new IllegalArgumentException("isTrain has " + isTrain.length + " flags for "
                        + points.size() + " points; they must match");
            }
            isTrain = isTrain.clone();
        }
    }

    /** A copy of the flags (the record stays immutable), or null when there is no split. */
    @Override
    public boolean[] isTrain() {
        return isTrain == null ? null : isTrain.clone();
    }

    /** Whether the points carry their own train/test split. */
    public boolean hasSplit() {
        return isTrain != null;
    }

    /** The problem the labels pose, see {@link UserPoints#inferTask}. */
    public Task task() {
        return UserPoints.inferTask(points);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserData that
                && points.equals(that.points)
                && Arrays.equals(isTrain, that.isTrain);
    }

    @Override
    public int hashCode() {
        return 31 * points.hashCode() + Arrays.hashCode(isTrain);
    }

    @Override
    public String toString() {
        return "UserData[" + points.size() + " points, "
                + (isTrain == null ? "no split" : "own split") + "]";
    }
}
