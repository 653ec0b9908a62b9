package org.layerlab.data;

import java.util.List;
import java.util.Objects;

/**
 * Feature values in the layouts the engine consumes: a row-major matrix (one row per point) for
 * training, and one column per feature for batched grid evaluation (neuron maps). Plain indexed
 * loops and caller-owned buffers: these run for every frame's grid.
 */
public final class Features {
    private Features() {
    }

    /**
     * The n × f matrix of feature values, row-major: entry {@code i * f + j} is feature j of
     * point i.
     *
     * @param reuse an array to fill if it holds at least n × f values, else null (or too small)
     *              for a new one; entries past n × f are left as they were
     * @return {@code reuse} when it was big enough, else a new array of exactly n × f
     */
    public static double[] rows(List<Feature> features, List<Point> points, double[] reuse) {
        Feature[] featureArray = toArray(features);
        Objects.requireNonNull(points, "points");
        int f = featureArray.length;
        int n = points.size();
        long size = (long) n * f;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(n + " points × " + f + " features is too many values");
        }
        double[] out = reuse != null && reuse.length >= size ? reuse : new double[(int) size];
        int k = 0;
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            double x1 = p.x();
            double x2 = p.y();
            for (int j = 0; j < f; j++) {
                out[k++] = featureArray[j].of(x1, x2);
            }
        }
        return out;
    }

    /**
     * As {@link #rows(List, List, double[])}, with {@code noiseCount} noise inputs after the
     * features: row i is feature 0 … f − 1 of point i, then {@code noise[i·noiseCount …
     * (i + 1)·noiseCount)} ({@link NoiseFeatures#draw}), or zeros when {@code noise} is null (the
     * noise inputs' mean: how a point of the plane is fed in). With no noise it is exactly
     * {@link #rows(List, List, double[])}.
     */
    public static double[] rows(List<Feature> features, List<Point> points, double[] noise, int noiseCount) {
        if (noiseCount == 0) {
            return rows(features, points, null);
        }
        Feature[] featureArray = toArray(features);
        Objects.requireNonNull(points, "points");
        if (noiseCount < 0) {
            throw new IllegalArgumentException("noiseCount must not be negative, got " + noiseCount);
        }
        int n = points.size();
        if (noise != null && noise.length != (long) n * noiseCount) {
            throw new IllegalArgumentException("noise must hold " + n + " points × " + noiseCount
                    + " values, got " + noise.length);
        }
        int f = featureArray.length;
        int width = f + noiseCount;
        long size = (long) n * width;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(n + " points × " + width + " inputs is too many values");
        }
        double[] out = new double[(int) size];
        int k = 0;
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            for (int j = 0; j < f; j++) {
                out[k++] = featureArray[j].of(p.x(), p.y());
            }
            if (noise != null) {
                System.arraycopy(noise, i * noiseCount, out, k, noiseCount);
            }
            k += noiseCount;
        }
        return out;
    }

    /**
     * One column per feature for the points (x1s[i], x2s[i]): {@code result[j][i]} is feature j
     * at point i. Float, because neuron maps are drawn from it and quantised to 8 bits anyway.
     */
    public static float[][] columns(List<Feature> features, double[] x1s, double[] x2s) {
        return columns(features, x1s, x2s, null);
    }

    /**
     * As {@link #columns(List, double[], double[])}, filling {@code reuse} when it has one column
     * per feature, each at least as long as the point list; otherwise a new array is made.
     */
    public static float[][] columns(List<Feature> features, double[] x1s, double[] x2s, float[][] reuse) {
        Feature[] featureArray = toArray(features);
        Objects.requireNonNull(x1s, "x1s");
        Objects.requireNonNull(x2s, "x2s");
        if (x1s.length != x2s.length) {
            throw new IllegalArgumentException("x1s and x2s must have the same length, got "
                    + x1s.length + " and " + x2s.length);
        }
        int f = featureArray.length;
        int n = x1s.length;
        float[][] out = fits(reuse, f, n) ? reuse : new float[f][n];
        for (int j = 0; j < f; j++) {
            Feature feature = featureArray[j];
            float[] column = out[j];
            for (int i = 0; i < n; i++) {
                column[i] = (float) feature.of(x1s[i], x2s[i]);
            }
        }
        return out;
    }

    private static boolean fits(float[][] reuse, int f, int n) {
        if (reuse == null || reuse.length != f) {
            return false;
        }
        for (float[] column : reuse) {
            if (column == null || column.length < n) {
                return false;
            }
        }
        return true;
    }

    private static Feature[] toArray(List<Feature> features) {
        Objects.requireNonNull(features, "features");
        if (features.isEmpty()) {
            throw new IllegalArgumentException("features must name at least one feature");
        }
        Feature[] array = features.toArray(new Feature[0]);
        for (int j = 0; j < array.length; j++) {
            if (array[j] == null) {
                throw new IllegalArgumentException("features[" + j + "] is null");
            }
        }
        return array;
    }
}
