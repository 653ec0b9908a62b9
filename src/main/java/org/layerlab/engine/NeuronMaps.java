package org.layerlab.engine;

/**
 * Every neuron's output over many input points at once — the pictures in the network diagram.
 *
 * <p>Maps are for display: they are sent to the browser as 8-bit shades, so they are computed in
 * {@code float} with fast approximations of tanh and sigmoid whose error stays far below one shade
 * (tested). Training never uses these numbers.
 *
 * <p>Layout, chosen so the JIT vectorises it: one array per neuron with the point index innermost,
 * {@code maps[layer][neuron][point]}, and points processed in chunks that stay in cache while a
 * chunk flows through every layer. A single flat per-layer buffer defeats the vectoriser.
 */
public final class NeuronMaps {
    /** Points per chunk: a layer's chunk of 64 neurons × 512 floats fits in L2. */
    private static final int CHUNK = 512;

    private final int[] sizes;
    private final int pointCount;
    private final float[][][] maps;
    private final float[] weightScratch;

    /**
     * Buffers for {@code pointCount} points through a network of {@code layerSizes}. Layer 0's
     * maps are the input columns the caller passes to {@link #evaluate}.
     */
    public NeuronMaps(int[] layerSizes, int pointCount) {
        if (pointCount < 1) {
            throw new IllegalArgumentException("pointCount must be at least 1, got " + pointCount);
        }
        this.sizes = layerSizes.clone();
        this.pointCount = pointCount;
        this.maps = new float[sizes.length][][];
        int widest = 0;
        for (int l = 1; l < sizes.length; l++) {
            maps[l] = new float[sizes[l]][pointCount];
            widest = Math.max(widest, sizes[l - 1]);
        }
        this.weightScratch = new float[widest];
    }

    public int pointCount() {
        return pointCount;
    }

    /**
     * Computes every neuron's output at every point. {@code inputColumns[i][p]} is input i at point
     * p (for the plane, the features over a grid: they never change, so callers compute them once).
     * Returns {@code maps[layer][neuron][point]}, this object's own buffers, reused by the next call;
     * layer 0 is {@code inputColumns}.
     */
    public float[][][] evaluate(Network network, float[][] inputColumns) {
        int[] netSizes = network.layerSizes();
        if (netSizes.length != sizes.length) {
            throw new IllegalArgumentException("network has " + netSizes.length
                    + " layers, these maps were built for " + sizes.length);
        }
        for (int l = 0; l < sizes.length; l++) {
            if (netSizes[l] != sizes[l]) {
                throw new IllegalArgumentException("layer " + l + " has " + netSizes[l]
                        + " neurons, these maps were built for " + sizes[l]);
            }
        }
        if (inputColumns.length != sizes[0]) {
            throw new IllegalArgumentException("expected " + sizes[0] + " input columns, got "
                    + inputColumns.length);
        }
        for (float[] column : inputColumns) {
            if (column.length < pointCount) {
                throw new IllegalArgumentException("input column has " + column.length
                        + " points, expected " + pointCount);
            }
        }
        maps[0] = inputColumns;
        double[] params = network.parameters();
        int layers = sizes.length - 1;
        for (int start = 0; start < pointCount; start += CHUNK) {
            int end = Math.min(pointCount, start + CHUNK);
            for (int l = 1; l <= layers; l++) {
                evaluateLayer(network, params, l, start, end);
            }
        }
        return maps;
    }

    private void evaluateLayer(Network network, double[] params, int l, int start, int end) {
        float[][] in = maps[l - 1];
        float[][] out = maps[l];
        int fanIn = sizes[l - 1];
        int wo = network.weightOffset(l);
        int bo = network.biasOffset(l);
        Activation f = network.activation(l);
        for (int j = 0; j < sizes[l]; j++) {
            float[] o = out[j];
            for (int i = 0; i < fanIn; i++) {
                weightScratch[i] = (float) params[wo + j * fanIn + i];
            }
            float bias = (float) params[bo + j];
            for (int p = start; p < end; p++) {
                o[p] = bias;
            }
            // net_j = b_j + Σ_i w_ji·in_i, one input column at a time so the point loop vectorises.
            for (int i = 0; i < fanIn; i++) {
                float w = weightScratch[i];
                float[] x = in[i];
                for (int p = start; p < end; p++) {
                    o[p] += w * x[p];
                }
            }
            if (!(f instanceof Activation.Softmax)) {
                activate(f, o, start, end);
            }
        }
        if (f instanceof Activation.Softmax) {
            softmaxColumns(out, start, end);
        }
    }

    /** Replaces net inputs by outputs over [start, end). */
    static void activate(Activation f, float[] v, int start, int end) {
        if (f instanceof Activation.Tanh) {
            for (int p = start; p < end; p++) {
                v[p] = fastTanh(v[p]);
            }
        } else if (f instanceof Activation.Sigmoid) {
            // σ(x) = ½ + ½·tanh(x/2)
            for (int p = start; p < end; p++) {
                v[p] = 0.5f + 0.5f * fastTanh(0.5f * v[p]);
            }
        } else if (f instanceof Activation.Relu) {
            for (int p = start; p < end; p++) {
                v[p] = Math.max(v[p], 0f);
            }
        } else if (f instanceof Activation.LeakyRelu) {
            // For 0 ≤ slope < 1, max(x, slope·x) is x above zero and slope·x below.
            float slope = (float) ((Activation.LeakyRelu) f).slope();
            for (int p = start; p < end; p++) {
                v[p] = Math.max(v[p], slope * v[p]);
            }
        } else if (f instanceof Activation.Linear) {
            return;
        } else {
            for (int p = start; p < end; p++) {
                v[p] = (float) f.value(v[p]);
            }
        }
    }

    private static void softmaxColumns(float[][] columns, int start, int end) {
        for (int p = start; p < end; p++) {
            float max = Float.NEGATIVE_INFINITY;
            for (float[] c : columns) {
                max = Math.max(max, c[p]);
            }
            float sum = 0;
            for (float[] c : columns) {
                c[p] = (float) Math.exp(c[p] - max);
                sum += c[p];
            }
            for (float[] c : columns) {
                c[p] /= sum;
            }
        }
    }

    /** |x| beyond which the rational tanh below is clamped; there tanh(x) rounds to ±1 in float. */
    private static final float TANH_CLAMP = 7.90531110763549805f;

    /**
     * tanh in float as a rational function, p(x)/q(x) with x clamped to ±7.9: the minimax
     * approximation used by Eigen's fast float tanh. Error below 1e-6 — far below one 8-bit shade
     * (0.0078 over [−1, 1]) — and only multiplies, adds and one divide, which vectorise.
     */
    static float fastTanh(float x) {
        x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
        float x2 = x * x;
        float p = x2 * -2.76076847742355e-16f + 2.00018790482477e-13f;
        p = x2 * p + -8.60467152213735e-11f;
        p = x2 * p + 5.12229709037114e-08f;
        p = x2 * p + 1.48572235717979e-05f;
        p = x2 * p + 6.37261928875436e-04f;
        p = x2 * p + 4.89352455891786e-03f;
        p = x * p;
        float q = x2 * 1.19825839466702e-06f + 1.18534705686654e-04f;
        q = x2 * q + 2.26843463243900e-03f;
        q = x2 * q + 4.89352518554385e-03f;
        return p / q;
    }
}
