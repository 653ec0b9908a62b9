package org.layerlab.engine;

import java.util.Arrays;

/**
 * A fully connected feed-forward network on flat arrays.
 *
 * <p>Layers are numbered 0 (the inputs) to {@code L} (the outputs). Every weight and bias lives in
 * one array, {@link #parameters()}, layer after layer: first the weights of layer l in row-major
 * order — row j holds neuron j's incoming weights w_ji — then the biases of layer l. The gradient
 * has the same layout, so an optimizer updates everything in one loop.
 *
 * <p>Training works sample by sample: {@link #forward} computes every neuron's net input
 * {@code net_j = Σ_i w_ji·out_i + b_j} and output {@code out_j = f(net_j)}; {@link #backward} then
 * runs the chain rule from the output back to layer 1 and adds each ∂E/∂w to the gradient sum.
 * The buffers are allocated once here: nothing is allocated per sample.
 *
 * <p>Not thread-safe: one network belongs to one session, which works on it one step at a time.
 */
public final class Network {
    private final NetworkSpec spec;
    private final int layerCount;
    private final int[] sizes;
    private final Activation[] activations;
    private final Loss loss;
    /** The output layer and loss pair whose combined δ is simply out − target. */
    private final boolean outputDeltaIsDifference;
    private final boolean softmaxOutput;

    private final double[] params;
    private final int[] weightOffset;
    private final int[] biasOffset;

    /** Per-sample workspace, indexed [layer][neuron]; output[0] holds the inputs. */
    private final double[][] netInput;
    private final double[][] output;
    private final double[][] delta;

    /** Σ ∂E/∂parameter over the samples accumulated since the last {@link #clearGradient()}. */
    private final double[] gradient;
    private int accumulatedSamples;

    public Network(NetworkSpec spec) {
        this.spec = spec;
        this.sizes = spec.layerSizes();
        this.layerCount = sizes.length - 1;
        this.loss = spec.loss();
        this.activations = new Activation[layerCount + 1];
        for (int l = 1; l <= layerCount; l++) {
            activations[l] = spec.activation(l);
        }
        Activation outputActivation = spec.outputActivation();
        this.softmaxOutput = outputActivation instanceof Activation.Softmax;
        this.outputDeltaIsDifference = outputDeltaIsDifference(outputActivation, loss);

        this.weightOffset = new int[layerCount + 1];
        this.biasOffset = new int[layerCount + 1];
        this.params = new double[layout(sizes, weightOffset, biasOffset)];
        this.gradient = new double[params.length];

        this.netInput = new double[layerCount + 1][];
        this.output = new double[layerCount + 1][];
        this.delta = new double[layerCount + 1][];
        for (int l = 0; l <= layerCount; l++) {
            netInput[l] = new double[sizes[l]];
            output[l] = new double[sizes[l]];
            delta[l] = new double[sizes[l]];
        }
    }

    /**
     * Whether the output layer's δ is simply out − target: for softmax with cross-entropy and for
     * sigmoid with binary cross-entropy, ∂E/∂out · ∂out/∂net simplifies to it exactly.
     */
    static boolean outputDeltaIsDifference(Activation outputActivation, Loss loss) {
        return outputActivation instanceof Activation.Softmax
                || (outputActivation instanceof Activation.Sigmoid && loss == Loss.BINARY_CROSS_ENTROPY);
    }

    /**
     * The flat parameter layout: layer by layer, its weights (row j = neuron j's incoming weights)
     * then its biases. Fills each layer's first weight and first bias index; returns the count.
     */
    static int layout(int[] sizes, int[] weightOffset, int[] biasOffset) {
        int offset = 0;
        for (int l = 1; l < sizes.length; l++) {
            weightOffset[l] = offset;
            offset += sizes[l] * sizes[l - 1];
            biasOffset[l] = offset;
            offset += sizes[l];
        }
        return offset;
    }

    /** A network of {@code spec} initialised by {@code init} from {@code rng}. */
    public static Network create(NetworkSpec spec, Initialization init, Rng rng) {
        Network network = new Network(spec);
        init.apply(network, rng);
        return network;
    }

    // ---------------------------------------------------------------- forward propagation

    /**
     * Propagates one sample, {@code inputs[offset .. offset + inputCount)}, from layer 0 to the
     * output layer and returns the output layer's values. The returned array is this network's own
     * buffer: read it before the next call.
     */
    public double[] forward(double[] inputs, int offset) {
        System.arraycopy(inputs, offset, output[0], 0, sizes[0]);
        for (int l = 1; l <= layerCount; l++) {
            forwardLayer(l);
        }
        return output[layerCount];
    }

    /** net_j = b_j + Σ_i w_ji·out_i of the layer to the left, then out_j = f(net_j). */
    private void forwardLayer(int l) {
        double[] in = output[l - 1];
        double[] net = netInput[l];
        double[] out = output[l];
        int fanIn = sizes[l - 1];
        int fanOut = sizes[l];
        int wo = weightOffset[l];
        int bo = biasOffset[l];
        for (int j = 0; j < fanOut; j++) {
            double sum = params[bo + j];
            int row = wo + j * fanIn;
            for (int i = 0; i < fanIn; i++) {
                sum += params[row + i] * in[i];
            }
            net[j] = sum;
        }
        if (softmaxOutput && l == layerCount) {
            softmax(net, out, fanOut);
        } else {
            Activation f = activations[l];
            for (int j = 0; j < fanOut; j++) {
                out[j] = f.value(net[j]);
            }
        }
    }

    /** out_j = e^(net_j − max) / Σ_k e^(net_k − max); subtracting the max keeps e^x finite. */
    static void softmax(double[] net, double[] out, int n) {
        softmaxColumn(net, out, n, 1, 0);
    }

    /** The loss of the last {@link #forward} output against {@code targets[offset ..]}. */
    public double loss(double[] targets, int offset) {
        double[] out = output[layerCount];
        double sum = 0;
        for (int j = 0; j < out.length; j++) {
            sum += loss.value(out[j], targets[offset + j]);
        }
        return sum;
    }

    // ---------------------------------------------------------------- backpropagation

    /**
     * Backpropagates the error of the last {@link #forward} sample against
     * {@code targets[offset ..]} and adds every ∂E/∂w and ∂E/∂b to the gradient sum.
     *
     * <p>The chain rule, layer by layer from the output back to layer 1:
     * <ul>
     *   <li>at the output, δ_j = ∂E/∂out_j · ∂out_j/∂net_j;</li>
     *   <li>∂E/∂w_ji = δ_j · out_i (∂net_j/∂w_ji is the input the weight carries), ∂E/∂b_j = δ_j;</li>
     *   <li>one layer to the left, δ_i = (Σ_j w_ji·δ_j) · f'(net_i): each layer reuses the δs
     *       already computed to its right, which is what makes backpropagation cheap.</li>
     * </ul>
     */
    public void backward(double[] targets, int offset) {
        outputDelta(targets, offset);
        for (int l = layerCount; l >= 1; l--) {
            backwardLayer(l, l > 1);
        }
        accumulatedSamples++;
    }

    /** Forward then backward for one sample: the gradient sum grows by this sample's gradient. */
    public void accumulate(double[] inputs, int inputOffset, double[] targets, int targetOffset) {
        forward(inputs, inputOffset);
        backward(targets, targetOffset);
    }

    private void outputDelta(double[] targets, int offset) {
        int L = layerCount;
        double[] out = output[L];
        double[] net = netInput[L];
        double[] d = delta[L];
        if (outputDeltaIsDifference) {
            // softmax + cross-entropy and sigmoid + binary cross-entropy: ∂E/∂out · ∂out/∂net
            // simplifies exactly to out − target, with no division by a vanishing out(1 − out).
            for (int j = 0; j < d.length; j++) {
                d[j] = out[j] - targets[offset + j];
            }
        } else {
            Activation f = activations[L];
            for (int j = 0; j < d.length; j++) {
                d[j] = loss.derivative(out[j], targets[offset + j]) * f.derivative(net[j], out[j]);
            }
        }
    }

    /**
     * Adds δ_j·out_i to ∂E/∂w_ji and δ_j to ∂E/∂b_j; if {@code propagate}, also computes the δs of
     * layer l − 1 from this layer's.
     */
    private void backwardLayer(int l, boolean propagate) {
        double[] d = delta[l];
        double[] in = output[l - 1];
        int fanIn = sizes[l - 1];
        int fanOut = sizes[l];
        int wo = weightOffset[l];
        int bo = biasOffset[l];
        double[] prevDelta = delta[l - 1];
        if (propagate) {
            Arrays.fill(prevDelta, 0);
        }
        for (int j = 0; j < fanOut; j++) {
            double dj = d[j];
            gradient[bo + j] += dj;
            int row = wo + j * fanIn;
            for (int i = 0; i < fanIn; i++) {
                gradient[row + i] += dj * in[i];
            }
            if (propagate) {
                for (int i = 0; i < fanIn; i++) {
                    prevDelta[i] += params[row + i] * dj;
                }
            }
        }
        if (propagate) {
            // prevDelta now holds ∂E/∂out_i; times ∂out_i/∂net_i it becomes δ_i.
            Activation f = activations[l - 1];
            double[] prevNet = netInput[l - 1];
            double[] prevOut = output[l - 1];
            for (int i = 0; i < fanIn; i++) {
                prevDelta[i] *= f.derivative(prevNet[i], prevOut[i]);
            }
        }
    }

    // ---------------------------------------------------------------- the same, a batch at a time

    /** Batch workspace, [layer][neuron · capacity + sample]: the sample index innermost. */
    private double[][] batchNet;
    private double[][] batchOut;
    private double[][] batchDelta;
    /** f'(net) of every hidden neuron, kept by the training pass's forward half for its backward half. */
    private double[][] batchDerivative;
    private int batchCapacity;

    /**
     * Exactly {@link #accumulate} for the samples {@code order[from .. to)}, computed a layer at a
     * time for all of them together, with the sample index innermost.
     *
     * <p>Why: a W1 network has layers of 2 and 4 neurons, so per sample every loop runs 2–4 times
     * and loop overhead dominates; across a batch the innermost loops run batch-size times. Every
     * sum is still taken in the same order as sample by sample, so the result is bit-identical to
     * calling {@link #accumulate} for each sample in turn (tested).
     */
    public void accumulateBatch(double[] inputs, double[] targets, int[] order, int from, int to) {
        int batch = to - from;
        if (batch <= 0) {
            return;
        }
        ensureBatchCapacity(batch);
        int cap = batchCapacity;
        int inputWidth = sizes[0];
        int outputWidth = sizes[layerCount];

        double[] in0 = batchOut[0];
        for (int s = 0; s < batch; s++) {
            int row = order[from + s] * inputWidth;
            for (int i = 0; i < inputWidth; i++) {
                in0[i * cap + s] = inputs[row + i];
            }
        }
        for (int l = 1; l <= layerCount; l++) {
            forwardLayerBatch(l, batch);
            if (l < layerCount) {
                keepDerivativesBatch(l, batch);
            }
        }
        outputDeltaBatch(targets, order, from, batch, outputWidth);
        for (int l = layerCount; l >= 1; l--) {
            backwardLayerBatch(l, batch, l > 1);
        }
        accumulatedSamples += batch;
    }

    /**
     * Forward propagation of the consecutive samples {@code inputs} rows {@code from .. to), all
     * together, samples innermost — the evaluation counterpart of {@link #accumulateBatch}, bit for
     * bit the same numbers as {@link #forward} per sample. Read the results with
     * {@link #batchOutput(int, int)}; no gradient is touched.
     */
    public void forwardBatch(double[] inputs, int from, int to) {
        forwardBatch(inputs, null, from, to);
    }

    /**
     * {@link #forwardBatch(double[], int, int)} for the samples {@code order[from .. to)} (rows of
     * {@code inputs}), in that order; a null order means the consecutive rows {@code from .. to)}.
     * Each sample's outputs are the same numbers whatever the samples around it.
     */
    public void forwardBatch(double[] inputs, int[] order, int from, int to) {
        int batch = to - from;
        if (batch <= 0) {
            return;
        }
        ensureBatchCapacity(batch);
        int cap = batchCapacity;
        int inputWidth = sizes[0];
        double[] in0 = batchOut[0];
        for (int s = 0; s < batch; s++) {
            int row = (order == null ? from + s : order[from + s]) * inputWidth;
            for (int i = 0; i < inputWidth; i++) {
                in0[i * cap + s] = inputs[row + i];
            }
        }
        for (int l = 1; l <= layerCount; l++) {
            forwardLayerBatch(l, batch);
        }
    }

    /** Output j of the s-th sample of the last {@link #forwardBatch}. */
    public double batchOutput(int s, int j) {
        return batchOut[layerCount][j * batchCapacity + s];
    }

    /** Neuron j of layer l's output for the s-th sample of the last batched pass. */
    public double batchOutputOf(int l, int j, int s) {
        return batchOut[l][j * batchCapacity + s];
    }

    /** Neuron j of layer l's ∂out/∂net for the s-th sample of the last batched pass. */
    public double batchActivationDerivativeOf(int l, int j, int s) {
        int k = j * batchCapacity + s;
        return activations[l].derivative(batchNet[l][k], batchOut[l][k]);
    }

    private void ensureBatchCapacity(int batch) {
        if (batch <= batchCapacity) {
            return;
        }
        batchCapacity = batch;
        batchNet = new double[layerCount + 1][];
        batchOut = new double[layerCount + 1][];
        batchDelta = new double[layerCount + 1][];
        batchDerivative = new double[layerCount + 1][];
        for (int l = 0; l <= layerCount; l++) {
            batchNet[l] = new double[sizes[l] * batch];
            batchOut[l] = new double[sizes[l] * batch];
            batchDelta[l] = new double[sizes[l] * batch];
            batchDerivative[l] = new double[sizes[l] * batch];
        }
    }

    private void forwardLayerBatch(int l, int batch) {
        int cap = batchCapacity;
        double[] in = batchOut[l - 1];
        double[] net = batchNet[l];
        double[] out = batchOut[l];
        int fanIn = sizes[l - 1];
        int fanOut = sizes[l];
        int wo = weightOffset[l];
        int bo = biasOffset[l];
        for (int j = 0; j < fanOut; j++) {
            int netRow = j * cap;
            double bias = params[bo + j];
            for (int s = 0; s < batch; s++) {
                net[netRow + s] = bias;
            }
            int row = wo + j * fanIn;
            for (int i = 0; i < fanIn; i++) {
                double w = params[row + i];
                int inRow = i * cap;
                for (int s = 0; s < batch; s++) {
                    net[netRow + s] += w * in[inRow + s];
                }
            }
        }
        if (softmaxOutput && l == layerCount) {
            for (int s = 0; s < batch; s++) {
                softmaxColumn(net, out, fanOut, cap, s);
            }
        } else {
            Activation f = activations[l];
            for (int j = 0; j < fanOut; j++) {
                int row = j * cap;
                values(f, net, out, row, row + batch);
            }
        }
    }

    /** Hidden layer l's ∂out/∂net = f'(net) for every neuron and sample, kept for the backward pass. */
    private void keepDerivativesBatch(int l, int batch) {
        int cap = batchCapacity;
        Activation f = activations[l];
        for (int j = 0; j < sizes[l]; j++) {
            int row = j * cap;
            derivatives(f, batchNet[l], batchOut[l], batchDerivative[l], row, row + batch);
        }
    }

    /** {@link #softmax} over the outputs of sample s, stored with stride {@code cap} (1 for one sample). */
    private static void softmaxColumn(double[] net, double[] out, int n, int cap, int s) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            max = Math.max(max, net[j * cap + s]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            out[j * cap + s] = Math.exp(net[j * cap + s] - max);
            sum += out[j * cap + s];
        }
        for (int j = 0; j < n; j++) {
            out[j * cap + s] /= sum;
        }
    }

    private void outputDeltaBatch(double[] targets, int[] order, int from, int batch, int outputWidth) {
        int cap = batchCapacity;
        double[] out = batchOut[layerCount];
        double[] net = batchNet[layerCount];
        double[] d = batchDelta[layerCount];
        Activation f = activations[layerCount];
        for (int s = 0; s < batch; s++) {
            int targetRow = order[from + s] * outputWidth;
            for (int j = 0; j < outputWidth; j++) {
                int k = j * cap + s;
                double target = targets[targetRow + j];
                d[k] = outputDeltaIsDifference
                        ? out[k] - target
                        : loss.derivative(out[k], target) * f.derivative(net[k], out[k]);
            }
        }
    }

    private void backwardLayerBatch(int l, int batch, boolean propagate) {
        int cap = batchCapacity;
        double[] d = batchDelta[l];
        double[] in = batchOut[l - 1];
        int fanIn = sizes[l - 1];
        int fanOut = sizes[l];
        int wo = weightOffset[l];
        int bo = biasOffset[l];
        double[] prevDelta = batchDelta[l - 1];
        if (propagate) {
            Arrays.fill(prevDelta, 0);
        }
        for (int j = 0; j < fanOut; j++) {
            int dRow = j * cap;
            double biasGradient = gradient[bo + j];
            for (int s = 0; s < batch; s++) {
                biasGradient += d[dRow + s];
            }
            gradient[bo + j] = biasGradient;
            int row = wo + j * fanIn;
            for (int i = 0; i < fanIn; i++) {
                int inRow = i * cap;
                double g = gradient[row + i];
                for (int s = 0; s < batch; s++) {
                    g += d[dRow + s] * in[inRow + s];
                }
                gradient[row + i] = g;
                if (propagate) {
                    double w = params[row + i];
                    for (int s = 0; s < batch; s++) {
                        prevDelta[inRow + s] += w * d[dRow + s];
                    }
                }
            }
        }
        if (propagate) {
            // δ = ∂E/∂out · ∂out/∂net, the second factor kept by the forward pass.
            double[] prevDerivative = batchDerivative[l - 1];
            for (int i = 0; i < fanIn; i++) {
                int row = i * cap;
                for (int k = row; k < row + batch; k++) {
                    prevDelta[k] *= prevDerivative[k];
                }
            }
        }
    }

    /*
     * Why the two methods below test the activation's type before their loops. A server trains
     * networks with different activations in one JVM (a race runs sigmoid, tanh, ReLU and leaky
     * ReLU side by side; a classroom's sessions differ). A loop calling f.value() through the
     * interface then sees many classes at one call site, and the JIT stops inlining it: a virtual
     * call per number, which made W2's batched forward pass a third slower and the race's training
     * up to 60 % slower. Here each loop calls one final record's own method, which the JIT inlines:
     * the same functions, so the same numbers, bit for bit.
     */

    /** out[k] = f(net[k]) for k in [from, to). */
    static void values(Activation f, double[] net, double[] out, int from, int to) {
        if (f instanceof Activation.Relu relu) {
            for (int k = from; k < to; k++) {
                out[k] = relu.value(net[k]);
            }
        } else if (f instanceof Activation.Tanh tanh) {
            tanh.values(net, out, from, to);
        } else if (f instanceof Activation.Sigmoid sigmoid) {
            sigmoid.values(net, out, from, to);
        } else if (f instanceof Activation.LeakyRelu leaky) {
            for (int k = from; k < to; k++) {
                out[k] = leaky.value(net[k]);
            }
        } else {
            for (int k = from; k < to; k++) {
                out[k] = f.value(net[k]);
            }
        }
    }

    /** derivative[k] = f'(net[k]), given out[k] = f(net[k]), for k in [from, to). */
    static void derivatives(Activation f, double[] net, double[] out, double[] derivative, int from,
                                    int to) {
        if (f instanceof Activation.Relu relu) {
            for (int k = from; k < to; k++) {
                derivative[k] = relu.derivative(net[k], out[k]);
            }
        } else if (f instanceof Activation.Tanh tanh) {
            for (int k = from; k < to; k++) {
                derivative[k] = tanh.derivative(net[k], out[k]);
            }
        } else if (f instanceof Activation.Sigmoid sigmoid) {
            for (int k = from; k < to; k++) {
                derivative[k] = sigmoid.derivative(net[k], out[k]);
            }
        } else if (f instanceof Activation.LeakyRelu leaky) {
            for (int k = from; k < to; k++) {
                derivative[k] = leaky.derivative(net[k], out[k]);
            }
        } else {
            for (int k = from; k < to; k++) {
                derivative[k] = f.derivative(net[k], out[k]);
            }
        }
    }

    /** Neuron j of layer l's net input in the last {@link #forward} (no copy, no allocation). */
    public double netInputOf(int l, int j) {
        return netInput[l][j];
    }

    /** Neuron j of layer l's output in the last {@link #forward}; layer 0 are the inputs. */
    public double outputOf(int l, int j) {
        return output[l][j];
    }

    /** Neuron j of layer l's ∂out/∂net in the last {@link #forward}: f'(net_j). */
    public double activationDerivativeOf(int l, int j) {
        return activations[l].derivative(netInput[l][j], output[l][j]);
    }

    /** The gradient sum (same layout as {@link #parameters()}); an optimizer reads it. */
    public double[] gradient() {
        return gradient;
    }

    /** How many samples the gradient sum holds. */
    public int accumulatedSamples() {
        return accumulatedSamples;
    }

    /** Empties the gradient sum, after an update. */
    public void clearGradient() {
        Arrays.fill(gradient, 0);
        accumulatedSamples = 0;
    }

    // ---------------------------------------------------------------- introspection

    /**
     * The forward pass of one sample, every neuron's net input and output, without touching the
     * gradient sum. Layer 0's outputs are the inputs.
     */
    public ForwardTrace traceForward(double[] inputs, int offset) {
        forward(inputs, offset);
        return new ForwardTrace(deepCopy(netInput), deepCopy(output));
    }

    /**
     * The forward and backward pass of one sample with every intermediate of the chain rule:
     * ∂E/∂out, ∂out/∂net and δ of each neuron, ∂E/∂w of each weight and ∂E/∂b of each bias.
     * The gradient sum being accumulated for training is left exactly as it was.
     */
    public BackwardTrace traceBackward(double[] inputs, int inputOffset, double[] targets, int targetOffset) {
        ForwardTrace forwardTrace = traceForward(inputs, inputOffset);
        double sampleLoss = loss(targets, targetOffset);
        int L = layerCount;
        double[][] errorByOutput = new double[L + 1][];
        double[][] activationDerivative = new double[L + 1][];
        double[][] deltas = new double[L + 1][];
        double[][] weightGradient = new double[L + 1][];
        double[][] biasGradient = new double[L + 1][];
        weightGradient[0] = new double[0];
        biasGradient[0] = new double[0];

        outputDelta(targets, targetOffset);
        errorByOutput[L] = new double[sizes[L]];
        activationDerivative[L] = new double[sizes[L]];
        for (int j = 0; j < sizes[L]; j++) {
            double out = output[L][j];
            double target = targets[targetOffset + j];
            if (softmaxOutput) {
                // The softmax's ∂out/∂net is a full Jacobian: no single per-neuron factor exists.
                errorByOutput[L][j] = loss.derivative(out, target);
                activationDerivative[L][j] = Double.NaN;
            } else {
                errorByOutput[L][j] = loss.derivative(out, target);
                activationDerivative[L][j] = activations[L].derivative(netInput[L][j], out);
            }
        }
        for (int l = L; l >= 1; l--) {
            deltas[l] = delta[l].clone();
            int fanIn = sizes[l - 1];
            weightGradient[l] = new double[sizes[l] * fanIn];
            biasGradient[l] = new double[sizes[l]];
            double[] errorBelow = new double[fanIn];
            for (int j = 0; j < sizes[l]; j++) {
                double dj = delta[l][j];
                biasGradient[l][j] = dj;
                int row = weightOffset[l] + j * fanIn;
                for (int i = 0; i < fanIn; i++) {
                    weightGradient[l][j * fanIn + i] = dj * output[l - 1][i];
                    errorBelow[i] += params[row + i] * dj;
                }
            }
            errorByOutput[l - 1] = errorBelow;
            activationDerivative[l - 1] = new double[fanIn];
            for (int i = 0; i < fanIn; i++) {
                double derivative = l > 1
                        ? activations[l - 1].derivative(netInput[l - 1][i], output[l - 1][i])
                        : 1; // layer 0 are the inputs themselves: ∂E/∂x_i is the error itself
                activationDerivative[l - 1][i] = derivative;
                delta[l - 1][i] = errorBelow[i] * derivative;
            }
        }
        deltas[0] = delta[0].clone();
        return new BackwardTrace(forwardTrace, sampleLoss, errorByOutput, activationDerivative, deltas,
                weightGradient, biasGradient);
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }

    // ---------------------------------------------------------------- parameters

    public NetworkSpec spec() {
        return spec;
    }

    /** Neurons per layer; index 0 are the inputs. A copy. */
    public int[] layerSizes() {
        return sizes.clone();
    }

    /** Number of weight layers L (hidden layers + output layer). */
    public int layerCount() {
        return layerCount;
    }

    public int layerSize(int l) {
        return sizes[l];
    }

    public Activation activation(int l) {
        return activations[l];
    }

    public Loss loss() {
        return loss;
    }

    /** Every weight and bias, live: writes change the network. */
    public double[] parameters() {
        return params;
    }

    /** Where layer l's weights start in {@link #parameters()}; row j holds neuron j's inputs. */
    public int weightOffset(int l) {
        return weightOffset[l];
    }

    /** Where layer l's biases start in {@link #parameters()}. */
    public int biasOffset(int l) {
        return biasOffset[l];
    }

    /** True for the positions of weights in {@link #parameters()}, false for biases. */
    public boolean[] weightMask() {
        boolean[] mask = new boolean[params.length];
        for (int l = 1; l <= layerCount; l++) {
            Arrays.fill(mask, weightOffset[l], biasOffset[l], true);
        }
        return mask;
    }

    /** w_ji: the weight from neuron i of layer l − 1 into neuron j of layer l. */
    public double weight(int l, int j, int i) {
        return params[weightOffset[l] + j * sizes[l - 1] + i];
    }

    public void setWeight(int l, int j, int i, double value) {
        params[weightOffset[l] + j * sizes[l - 1] + i] = value;
    }

    /** b_j of layer l. */
    public double bias(int l, int j) {
        return params[biasOffset[l] + j];
    }

    public void setBias(int l, int j, double value) {
        params[biasOffset[l] + j] = value;
    }

    /** Copies {@code values} (same layout) into the parameters. */
    public void setParameters(double[] values) {
        if (values.length != params.length) {
            throw new IllegalArgumentException("expected " + params.length
                    + " parameters for this network, got " + values.length);
        }
        System.arraycopy(values, 0, params, 0, params.length);
    }

    /** True if every weight and bias is a finite number: training has not diverged. */
    public boolean isFinite() {
        for (double p : params) {
            if (!Double.isFinite(p)) {
                return false;
            }
        }
        return true;
    }
}
