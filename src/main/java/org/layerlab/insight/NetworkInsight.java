package org.layerlab.insight;

import java.util.ArrayList;
import java.util.List;
import org.layerlab.engine.Activation;
import org.layerlab.engine.Network;
import org.layerlab.training.Samples;

/**
 * Measurements that explain why a network learns or fails: dead neurons, symmetry, gradient flow
 * and what each hidden layer's activations look like. One pass over the training set.
 */
public final class NetworkInsight {
    /** Neurons whose incoming weights and bias differ by no more than this count as one. */
    public static final double SAME_NEURON_TOLERANCE = 1e-12;
    /** A sigmoid or tanh unit is saturated where its derivative is below this. */
    public static final double SATURATION_DERIVATIVE = 0.01;
    /** Training points per batched pass. */
    private static final int CHUNK = 32;
    /** Bins of each layer's activation histogram. */
    public static final int HISTOGRAM_BINS = 20;

    private NetworkInsight() {
    }

    /**
     * Measures every layer of {@code network} after the inputs — hidden layers and the output layer —
     * over {@code train}.
     *
     * <p>The gradients are the network's own backpropagation, summed into its gradient buffer and
     * cleared again: call this between two updates (when {@link Network#accumulatedSamples()} is 0),
     * which is where a session stands when it builds a frame.
     *
     * @param learningRate η, for the update-to-weight ratio
     */
    public static List<LayerReport> measure(Network network, Samples train, double learningRate) {
        if (network.accumulatedSamples() != 0) {
            throw new IllegalStateException("measure between updates: " + network.accumulatedSamples()
                    + " samples are waiting in the gradient");
        }
        // Every layer with weights; a softmax output has no per-neuron derivative, so it is never
        // reported dead or saturated.
        int hiddenLayers = network.layerCount();
        boolean softmaxOutput = network.activation(hiddenLayers) instanceof Activation.Softmax;
        boolean[][] alive = new boolean[hiddenLayers + 1][];
        long[] saturated = new long[hiddenLayers + 1];
        double[][] samplesOut = new double[hiddenLayers + 1][];
        double[] lo = new double[hiddenLayers + 1];
        double[] hi = new double[hiddenLayers + 1];
        for (int l = 1; l <= hiddenLayers; l++) {
            alive[l] = new boolean[network.layerSize(l)];
            samplesOut[l] = new double[network.layerSize(l) * train.count()];
        }

        // One forward and backward pass over the training points, a chunk at a time through the
        // batched kernels (the very numbers of sample-by-sample backpropagation): liveness,
        // saturation, outputs, and the gradient summed in the network's gradient buffer.
        int[] identity = new int[train.count()];
        for (int s = 0; s < identity.length; s++) {
            identity[s] = s;
        }
        for (int from = 0; from < train.count(); from += CHUNK) {
            int to = Math.min(train.count(), from + CHUNK);
            network.accumulateBatch(train.inputs(), train.targets(), identity, from, to);
            for (int l = 1; l <= hiddenLayers; l++) {
                int width = network.layerSize(l);
                boolean measurable = !(softmaxOutput && l == hiddenLayers);
                for (int j = 0; j < width; j++) {
                    for (int s = from; s < to; s++) {
                        double derivative = measurable ? network.batchActivationDerivativeOf(l, j, s - from) : 1;
                        if (derivative != 0) {
                            alive[l][j] = true;
                        }
                        if (Math.abs(derivative) < SATURATION_DERIVATIVE) {
                            saturated[l]++;
                        }
                        samplesOut[l][s * width + j] = network.batchOutputOf(l, j, s - from);
                    }
                }
            }
        }
        double[] meanGradient = network.gradient().clone();
        for (int p = 0; p < meanGradient.length; p++) {
            meanGradient[p] /= train.count();
        }
        network.clearGradient();

        List<LayerReport> reports = new ArrayList<>();
        double[] params = network.parameters();
        for (int l = 1; l <= hiddenLayers; l++) {
            int width = network.layerSize(l);
            boolean[] dead = new boolean[width];
            int deadCount = 0;
            for (int j = 0; j < width; j++) {
                dead[j] = !alive[l][j];
                if (dead[j]) {
                    deadCount++;
                }
            }
            int fanIn = network.layerSize(l - 1);
            int wo = network.weightOffset(l);
            double gradientSquares = 0;
            double weightSquares = 0;
            for (int k = wo; k < wo + width * fanIn; k++) {
                gradientSquares += meanGradient[k] * meanGradient[k];
                weightSquares += params[k] * params[k];
            }
            double gradientNorm = Math.sqrt(gradientSquares);
            double weightNorm = Math.sqrt(weightSquares);
            Activation f = network.activation(l);
            boolean saturates = f instanceof Activation.Sigmoid || f instanceof Activation.Tanh;
            double[] range = histogramRange(f, samplesOut[l]);
            lo[l] = range[0];
            hi[l] = range[1];
            reports.add(new LayerReport(l, dead, deadCount, distinctNeurons(network, l), exactCopies(network, l),
                    maxSimilarity(network, l), gradientNorm, weightNorm,
                    weightNorm == 0 ? Double.NaN : learningRate * gradientNorm / weightNorm,
                    saturates ? (double) saturated[l] / ((long) width * train.count()) : Double.NaN,
                    histogram(samplesOut[l], lo[l], hi[l]), lo[l], hi[l]));
        }
        return reports;
    }

    /** Neuron j of layer l's incoming weights, then its bias. */
    static double[] incoming(Network network, int l, int j) {
        int fanIn = network.layerSize(l - 1);
        double[] v = new double[fanIn + 1];
        for (int i = 0; i < fanIn; i++) {
            v[i] = network.weight(l, j, i);
        }
        v[fanIn] = network.bias(l, j);
        return v;
    }

    /** Groups neurons that agree within the tolerance; each group counts once. */
    public static int distinctNeurons(Network network, int l) {
        int width = network.layerSize(l);
        List<double[]> representatives = new ArrayList<>();
        for (int j = 0; j < width; j++) {
            double[] v = incoming(network, l, j);
            boolean known = false;
            for (double[] r : representatives) {
                if (within(v, r, SAME_NEURON_TOLERANCE)) {
                    known = true;
                    break;
                }
            }
            if (!known) {
                representatives.add(v);
            }
        }
        return representatives.size();
    }

    /** True when every neuron of layer l is bit for bit the first one (incoming weights and bias). */
    public static boolean exactCopies(Network network, int l) {
        double[] first = incoming(network, l, 0);
        for (int j = 1; j < network.layerSize(l); j++) {
            double[] v = incoming(network, l, j);
            for (int k = 0; k < v.length; k++) {
                if (Double.doubleToRawLongBits(v[k]) != Double.doubleToRawLongBits(first[k])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Largest cosine similarity of two neurons' incoming weights and bias; NaN for one neuron. */
    public static double maxSimilarity(Network network, int l) {
        int width = network.layerSize(l);
        double best = Double.NaN;
        for (int a = 0; a < width; a++) {
            double[] va = incoming(network, l, a);
            for (int b = a + 1; b < width; b++) {
                double[] vb = incoming(network, l, b);
                double dot = 0;
                double na = 0;
                double nb = 0;
                for (int k = 0; k < va.length; k++) {
                    dot += va[k] * vb[k];
                    na += va[k] * va[k];
                    nb += vb[k] * vb[k];
                }
                // Two zero vectors are the same neuron: similarity 1.
                double similarity = na == 0 || nb == 0 ? (na == nb ? 1 : 0) : dot / Math.sqrt(na * nb);
                best = Double.isNaN(best) ? similarity : Math.max(best, similarity);
            }
        }
        return best;
    }

    private static boolean within(double[] a, double[] b, double tolerance) {
        for (int k = 0; k < a.length; k++) {
            if (Math.abs(a[k] - b[k]) > tolerance) {
                return false;
            }
        }
        return true;
    }

    /** The activation's own range where it is bounded, else the observed range. */
    private static double[] histogramRange(Activation f, double[] values) {
        if (f instanceof Activation.Tanh) {
            return new double[] {-1, 1};
        }
        if (f instanceof Activation.Sigmoid) {
            return new double[] {0, 1};
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (f instanceof Activation.Relu) {
            min = 0;
        }
        if (!(max > min)) {
            max = min + 1;
        }
        return new double[] {min, max};
    }

    private static int[] histogram(double[] values, double lo, double hi) {
        int[] bins = new int[HISTOGRAM_BINS];
        double scale = HISTOGRAM_BINS / (hi - lo);
        for (double v : values) {
            int bin = (int) ((v - lo) * scale);
            bins[Math.max(0, Math.min(HISTOGRAM_BINS - 1, bin))]++;
        }
        return bins;
    }

    /**
     * The training points in the coordinates of two neurons of layer l — the "hidden space" where a
     * student sees how the layers bend the data until a line separates it. Returns {x[], y[]}.
     */
    public static double[][] hiddenCoordinates(Network network, Samples samples, int l, int neuronA, int neuronB) {
        if (l < 1 || l >= network.layerCount() + 1) {
            throw new IllegalArgumentException("layer must be in [1, " + network.layerCount() + "], got " + l);
        }
        int width = network.layerSize(l);
        if (neuronA < 0 || neuronA >= width || neuronB < 0 || neuronB >= width) {
            throw new IllegalArgumentException("neurons must be in [0, " + (width - 1) + "], got "
                    + neuronA + " and " + neuronB);
        }
        double[][] coordinates = new double[2][samples.count()];
        for (int from = 0; from < samples.count(); from += CHUNK) {
            int to = Math.min(samples.count(), from + CHUNK);
            network.forwardBatch(samples.inputs(), from, to);
            for (int s = from; s < to; s++) {
                coordinates[0][s] = network.batchOutputOf(l, neuronA, s - from);
                coordinates[1][s] = network.batchOutputOf(l, neuronB, s - from);
            }
        }
        return coordinates;
    }
}
