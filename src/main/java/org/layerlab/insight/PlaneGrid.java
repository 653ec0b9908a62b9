package org.layerlab.insight;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.layerlab.data.Feature;
import org.layerlab.data.Features;

/**
 * The square grids over the input plane [−6, 6]² on which neuron maps are drawn.
 *
 * <p>A grid of resolution G has G × G points, numbered row by row: point {@code p = row·G + col}.
 * Row 0 is the top of the plane (y = +6), column 0 its left edge (x = −6), and the last row and
 * column lie exactly on y = −6 and x = +6 — TensorFlow Playground's grid, whose scale maps
 * 0..G−1 onto [−6, 6].
 *
 * <p>A feature's values over a grid never change, so each (feature, resolution) column is computed
 * once per JVM and shared by every session, read-only. That matters: {@code sin x} through
 * {@link StrictMath} costs tens of nanoseconds, and a 100 × 100 grid of seven features is 70,000
 * of them.
 */
public final class PlaneGrid {
    /** The plane is [−EXTENT, EXTENT]² in both coordinates. */
    public static final double EXTENT = 6;
    public static final int MIN_RESOLUTION = 2;
    public static final int MAX_RESOLUTION = 200;

    private record Key(Feature feature, int resolution) {
    }

    private static final Map<Key, float[]> COLUMNS = new ConcurrentHashMap<>();

    private PlaneGrid() {
    }

    /** Column 0 is the left edge of the plane: x = −6. */
    public static double x(int col, int resolution) {
        checkResolution(resolution);
        return -EXTENT + 2 * EXTENT * col / (resolution - 1);
    }

    /** Row 0 is the top of the plane: y = +6. */
    public static double y(int row, int resolution) {
        checkResolution(resolution);
        return EXTENT - 2 * EXTENT * row / (resolution - 1);
    }

    static void checkResolution(int resolution) {
        if (resolution < MIN_RESOLUTION || resolution > MAX_RESOLUTION) {
            throw new IllegalArgumentException("grid resolution must be in [" + MIN_RESOLUTION + ", "
                    + MAX_RESOLUTION + "], got " + resolution);
        }
    }

    /**
     * {@code feature}'s value at every point of the G × G grid. Shared between callers: it must
     * never be written to, which is why it stays inside this package.
     */
    static float[] column(Feature feature, int resolution) {
        Objects.requireNonNull(feature, "feature");
        checkResolution(resolution);
        return COLUMNS.computeIfAbsent(new Key(feature, resolution), key -> compute(key.feature(), key.resolution()));
    }

    private static float[] compute(Feature feature, int resolution) {
        int n = resolution * resolution;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int row = 0; row < resolution; row++) {
            for (int col = 0; col < resolution; col++) {
                xs[row * resolution + col] = x(col, resolution);
                ys[row * resolution + col] = y(row, resolution);
            }
        }
        return Features.columns(List.of(feature), xs, ys)[0];
    }
}
