package org.layerlab.engine;

import java.util.Arrays;

/**
 * K networks of one {@link NetworkSpec}, trained side by side in lock-step: the same architecture
 * and optimizer, but each with its own weights, its own samples and its own visiting order. A race
 * over 20 seeds trains exactly such a family.
 *
 * <p><b>Why.</b> A W2 network's layers are 8 neurons wide and its batches 10 samples long, so
 * inside {@link Network} the innermost loops run 8 or 10 times and every gradient sum is one long
 * chain of dependent additions: the processor waits on each addition in turn and its vector units
 * (8 doubles at once with AVX-512) stay idle. Across K networks, though, the very same operation —
 * "add w_ji·out_i to net_j for sample s" — happens K times on independent numbers. Here every
 * number of the networks is stored as a <em>lane vector</em>, {@code double[K]} with network m's
 * value at index m, and every loop runs over the networks innermost:
 * {@code for (m = 0; m < lanes; m++) net[m] += w[m] * in[m]}. The JIT turns such a loop into
 * vector instructions, eight networks per instruction.
 *
 * <p><b>Why the numbers are bit-identical to training each network alone.</b> Floating-point
 * addition is not associative, so only the order of the operations matters — and per network it is
 * unchanged: every sum starts where {@link Network#accumulateBatch} starts it and adds the same
 * terms in the same order (inputs i ascending, samples s ascending, neurons j ascending); the
 * update repeats {@link Optimizer#update}'s expressions operator for operator. A vector addition
 * rounds each lane exactly as a scalar addition would (Java never fuses a·b + c into one rounding
 * unless asked with {@link Math#fma}), and no operation ever mixes two lanes. So network m's
 * weights after any number of batches are those of a lone {@link Network} trained on the same
 * batches (tested, with every bit compared).
 *
 * <p><b>Why arrays of lane vectors</b> ({@code double[][]}) and not one flat array indexed
 * {@code [p·K + m]}: Java 17's JIT vectorises a loop only when all its array accesses line up on
 * the same index; {@code net[a + m] += w[b + m] * in[c + m]} with three different offsets stays
 * scalar (measured: slower than {@link Network}'s own loops). Separate arrays all indexed by m
 * vectorise.
 *
 * <p>What it buys (JMH, {@code EnsembleBenchmark}, one epoch of 20 W2 networks): ReLU 2.1 ms
 * together against 5.5 ms one at a time, sigmoid 3.3 against 5.4 ms — sigmoid and tanh spend much
 * of their time in {@link Math#exp}, which stays one number at a time. Below about 8 networks the
 * fixed cost of each short loop eats the gain.
 *
 * <p>The networks may differ in their hidden activations (lane runs of one activation each), not
 * in their shape, output, loss or optimizer. Networks leave the ensemble with {@link #retain}: the
 * lanes of those that stay move down, and the loops run over fewer lanes. The caller keeps its
 * per-network data (samples, orders) in the same lane order. {@link Network} itself keeps its
 * plain per-sample code; this class is the fast path for training many networks at once.
 *
 * <p>Not thread-safe.
 */
public final class NetworkEnsemble {
    private final OptimizerSpec optimizerSpec;
    private final int layerCount;
    private final int[] sizes;
    private final Activation outputActivation;
    private final Loss loss;
    /** Each lane's network's spec, lane order; they differ at most in the hidden activations. */
    private final NetworkSpec[] laneSpecs;
    /**
     * Per hidden layer l, the lanes in runs of one activation: run r covers lanes
     * {@code runStart[l][r] .. runStart[l][r + 1])} with {@code runActivation[l][r]}.
     */
    private int[][] runStart;
    private Activation[][] runActivation;
    private final boolean outputDeltaIsDifference;
    private final boolean softmaxOutput;
    private final int[] weightOffset;
    private final int[] biasOffset;
    private final boolean[] isWeight;
    private final int parameterCount;

    /** How many networks (lanes) are in the ensemble now; lane vectors are at least this long. */
    private int lanes;

    /** [parameter][lane], the parameter index as in {@link Network#parameters()}. */
    private final double[][] params;
    /** Σ ∂E/∂parameter over the batch, [parameter][lane]. */
    private final double[][] gradient;
    /** Momentum's velocity or Adam's first moment, [parameter][lane]; empty for SGD. */
    private final double[][] first;
    /** Adam's second moment, [parameter][lane]; empty otherwise. */
    private final double[][] second;
    /** Weights L1 froze at zero, [parameter][lane]. */
    private final boolean[][] frozen;
    private boolean anyFrozen;
    /** The weights before the gradient step, for the penalty's derivative; [parameter][lane]. */
    private final double[][] weightsBeforeStep;
    /** Updates so far; the same for every network in the ensemble. */
    private long steps;

    /** Samples per batched pass this workspace holds. */
    private final int capacity;
    /** Workspace, [layer][neuron · capacity + sample][lane]; out[0] holds the inputs. */
    private final double[][][] net;
    private final double[][][] out;
    private final double[][][] delta;
    /** f'(net) of the hidden layers, kept by the forward half of training for the backward half. */
    private final double[][][] derivative;
    /** Scratch lane vectors for softmax (max and sum) and for targets. */
    private final double[] scratchA;
    /** All 0.0: where the sums for δ of the layer to the left start, as in Network. */
    private final double[] zeros;
    private final double[] scratchB;

    /**
     * An ensemble of {@code models} networks of {@code spec}, every parameter 0 until
     * {@link #setParameters}.
     *
     * @param capacity the most samples one {@link #accumulateBatch} or {@link #forwardBatch} passes
     */
    public NetworkEnsemble(NetworkSpec spec, OptimizerSpec optimizerSpec, int models, int capacity) {
        this(java.util.Collections.nCopies(Math.max(models, 0), spec), optimizerSpec, capacity);
    }

    /**
     * An ensemble of one network per entry of {@code specs}, lane m with {@code specs.get(m)}:
     * they must have the same layer sizes, output activation and loss, but their hidden layers may
     * use different activations (a race of sigmoid against ReLU trains in one ensemble). Lanes of
     * one activation are best kept next to each other: each run of them is one loop.
     */
    public NetworkEnsemble(java.util.List<NetworkSpec> specs, OptimizerSpec optimizerSpec, int capacity) {
        int models = specs.size();
        if (models < 1) {
            throw new IllegalArgumentException("an ensemble needs at least 1 network, got " + models);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1 sample, got " + capacity);
        }
        NetworkSpec spec = specs.get(0);
        for (int m = 1; m < models; m++) {
            NetworkSpec other = specs.get(m);
            if (!Arrays.equals(other.layerSizes(), spec.layerSizes())
                    || !other.outputActivation().equals(spec.outputActivation()) || other.loss() != spec.loss()) {
                throw new IllegalArgumentException("network " + m + " differs from network 0 in more than its"
                        + " hidden activations: " + other + " vs " + spec);
            }
        }
        this.laneSpecs = specs.toArray(new NetworkSpec[0]);
        this.optimizerSpec = optimizerSpec;
        this.sizes = spec.layerSizes();
        this.layerCount = sizes.length - 1;
        this.loss = spec.loss();
        this.outputActivation = spec.outputActivation();
        this.softmaxOutput = outputActivation instanceof Activation.Softmax;
        this.outputDeltaIsDifference = Network.outputDeltaIsDifference(outputActivation, loss);
        this.weightOffset = new int[layerCount + 1];
        this.biasOffset = new int[layerCount + 1];
        this.parameterCount = Network.layout(sizes, weightOffset, biasOffset);
        this.isWeight = new boolean[parameterCount];
        for (int l = 1; l <= layerCount; l++) {
            Arrays.fill(isWeight, weightOffset[l], biasOffset[l], true);
        }
        this.lanes = models;
        this.params = new double[parameterCount][models];
        this.gradient = new double[parameterCount][models];
        OptimizerSpec.Kind kind = optimizerSpec.kind();
        this.first = new double[kind == OptimizerSpec.Kind.SGD ? 0 : parameterCount][models];
        this.second = new double[kind == OptimizerSpec.Kind.ADAM ? parameterCount : 0][models];
        this.frozen = new boolean[parameterCount][models];
        this.weightsBeforeStep = new double[parameterCount][models];

        this.capacity = capacity;
        this.net = new double[layerCount + 1][][];
        this.out = new double[layerCount + 1][][];
        this.delta = new double[layerCount + 1][][];
        this.derivative = new double[layerCount + 1][][];
        for (int l = 0; l <= layerCount; l++) {
            int rows = sizes[l] * capacity;
            out[l] = new double[rows][models];
            net[l] = l == 0 ? null : new double[rows][models];
            delta[l] = l == 0 ? null : new double[rows][models];
            derivative[l] = l == 0 || l == layerCount ? null : new double[rows][models];
        }
        this.scratchA = new double[models];
        this.zeros = new double[models];
        this.scratchB = new double[models];
        findRuns();
    }

    /** Network m's spec. */
    public NetworkSpec spec(int m) {
        checkLane(m);
        return laneSpecs[m];
    }

    /** Groups the lanes of each hidden layer into runs of one activation. */
    private void findRuns() {
        runStart = new int[layerCount][];
        runActivation = new Activation[layerCount][];
        for (int l = 1; l < layerCount; l++) {
            java.util.List<Integer> starts = new java.util.ArrayList<>();
            java.util.List<Activation> kinds = new java.util.ArrayList<>();
            for (int m = 0; m < lanes; m++) {
                Activation f = laneSpecs[m].activation(l);
                if (kinds.isEmpty() || !kinds.get(kinds.size() - 1).equals(f)) {
                    starts.add(m);
                    kinds.add(f);
                }
            }
            starts.add(lanes);
            runStart[l] = starts.stream().mapToInt(Integer::intValue).toArray();
            runActivation[l] = kinds.toArray(new Activation[0]);
        }
    }

    /** How many networks the ensemble holds now. */
    public int models() {
        return lanes;
    }

    /** Parameters per network, laid out as {@link Network#parameters()}. */
    public int parameterCount() {
        return parameterCount;
    }

    /** Network m's parameters := {@code values} (the layout of {@link Network#parameters()}). */
    public void setParameters(int m, double[] values) {
        checkLane(m);
        if (values.length != parameterCount) {
            throw new IllegalArgumentException("expected " + parameterCount + " parameters, got " + values.length);
        }
        for (int p = 0; p < parameterCount; p++) {
            params[p][m] = values[p];
        }
    }

    /** Network m's parameters, as {@link Network#parameters()} lays them out. A copy. */
    public double[] parameters(int m) {
        checkLane(m);
        double[] values = new double[parameterCount];
        for (int p = 0; p < parameterCount; p++) {
            values[p] = params[p][m];
        }
        return values;
    }

    /** Network m's optimizer state, exactly what its own {@link Optimizer#state()} would hold. */
    public Optimizer.State optimizerState(int m) {
        checkLane(m);
        double[] firstOfM = new double[first.length];
        double[] secondOfM = new double[second.length];
        boolean[] frozenOfM = new boolean[parameterCount];
        for (int p = 0; p < first.length; p++) {
            firstOfM[p] = first[p][m];
        }
        for (int p = 0; p < second.length; p++) {
            secondOfM[p] = second[p][m];
        }
        for (int p = 0; p < parameterCount; p++) {
            frozenOfM[p] = frozen[p][m];
        }
        return new Optimizer.State(steps, firstOfM, secondOfM, frozenOfM);
    }

    /**
     * Keeps the networks whose {@code keep[m]} is true, in their order, in lanes 0, 1, …; the others
     * leave. Their state is not needed any more: read it first.
     */
    public void retain(boolean[] keep) {
        if (keep.length != lanes) {
            throw new IllegalArgumentException("keep has " + keep.length + " entries for " + lanes + " networks");
        }
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        if (kept == lanes) {
            return;
        }
        for (double[][] rows : new double[][][] {params, first, second}) {
            for (double[] row : rows) {
                compact(row, keep);
            }
        }
        for (boolean[] row : frozen) {
            int to = 0;
            for (int m = 0; m < keep.length; m++) {
                if (keep[m]) {
                    row[to++] = row[m];
                }
            }
        }
        int to = 0;
        for (int m = 0; m < keep.length; m++) {
            if (keep[m]) {
                laneSpecs[to++] = laneSpecs[m];
            }
        }
        lanes = kept;
        findRuns();
        anyFrozen = false;
        for (boolean[] row : frozen) {
            for (int m = 0; m < lanes; m++) {
                anyFrozen |= row[m];
            }
        }
        // The gradient is empty between updates and the workspace is rewritten by every pass.
    }

    private static void compact(double[] row, boolean[] keep) {
        int to = 0;
        for (int m = 0; m < keep.length; m++) {
            if (keep[m]) {
                row[to++] = row[m];
            }
        }
    }

    private void checkLane(int m) {
        if (m < 0 || m >= lanes) {
            throw new IndexOutOfBoundsException("network " + m + " of an ensemble of " + lanes);
        }
    }

    // ---------------------------------------------------------------- training

    /**
     * For every network m, exactly {@link Network#accumulateBatch}{@code (inputs[m], targets[m],
     * orders[m], from, to)}: the samples {@code orders[m][from .. to)} of network m's own data.
     */
    public void accumulateBatch(double[][] inputs, double[][] targets, int[][] orders, int from, int to) {
        int batch = to - from;
        if (batch <= 0) {
            return;
        }
        checkBatch(batch, inputs.length, targets.length, orders.length);
        int inputWidth = sizes[0];
        double[][] in0 = out[0];
        for (int m = 0; m < lanes; m++) {
            double[] x = inputs[m];
            int[] order = orders[m];
            for (int s = 0; s < batch; s++) {
                int row = order[from + s] * inputWidth;
                for (int i = 0; i < inputWidth; i++) {
                    in0[i * capacity + s][m] = x[row + i];
                }
            }
        }
        for (int l = 1; l <= layerCount; l++) {
            forwardLayer(l, batch, l < layerCount, 0, lanes);
        }
        outputDelta(targets, orders, from, batch);
        for (int l = layerCount; l >= 1; l--) {
            backwardLayer(l, batch, l > 1);
        }
    }

    /**
     * For every network m, the forward pass of the consecutive samples {@code inputs[m]} rows
     * {@code from .. to)}: {@link Network#forwardBatch}'s numbers, bit for bit. Read them with
     * {@link #batchOutput}.
     */
    public void forwardBatch(double[][] inputs, int from, int to) {
        forwardBatch(inputs, from, to, 0, lanes);
    }

    /**
     * {@link #forwardBatch(double[][], int, int)} for the networks in lanes {@code lo .. hi)} only;
     * the outputs of the others are left meaningless. A race's test pass uses it to go on with
     * only the networks whose answer is still open.
     */
    public void forwardBatch(double[][] inputs, int from, int to, int lo, int hi) {
        forwardBatch(inputs, null, from, to, lo, hi);
    }

    /**
     * {@link #forwardBatch(double[][], int, int, int, int)} where network m visits its samples
     * {@code orders[m][from .. to)} in that order (a null {@code orders}: consecutive rows). A
     * race's test check visits each network's hardest samples first.
     */
    public void forwardBatch(double[][] inputs, int[][] orders, int from, int to, int lo, int hi) {
        if (lo < 0 || hi > lanes || lo > hi) {
            throw new IndexOutOfBoundsException("lanes " + lo + ".." + hi + " of an ensemble of " + lanes);
        }
        int batch = to - from;
        if (batch <= 0 || lo == hi) {
            return;
        }
        checkBatch(batch, inputs.length, lanes, orders == null ? lanes : orders.length);
        int inputWidth = sizes[0];
        double[][] in0 = out[0];
        for (int m = lo; m < hi; m++) {
            double[] x = inputs[m];
            int[] order = orders == null ? null : orders[m];
            for (int s = 0; s < batch; s++) {
                int row = (order == null ? from + s : order[from + s]) * inputWidth;
                for (int i = 0; i < inputWidth; i++) {
                    in0[i * capacity + s][m] = x[row + i];
                }
            }
        }
        for (int l = 1; l <= layerCount; l++) {
            forwardLayer(l, batch, false, lo, hi);
        }
    }

    /** Output j of network m for the s-th sample of the last batched pass. */
    public double batchOutput(int m, int s, int j) {
        return out[layerCount][j * capacity + s][m];
    }

    /** Neuron j of layer l's output, network m, s-th sample of the last batched pass. */
    public double batchOutputOf(int m, int l, int j, int s) {
        return out[l][j * capacity + s][m];
    }

    private void checkBatch(int batch, int inputsLength, int targetsLength, int ordersLength) {
        if (batch > capacity) {
            throw new IllegalArgumentException("a batch of " + batch + " samples exceeds the capacity " + capacity);
        }
        if (inputsLength < lanes || targetsLength < lanes || ordersLength < lanes) {
            throw new IllegalArgumentException("each of the " + lanes + " networks needs its own samples");
        }
    }

    /**
     * net_j = b_j + Σ_i w_ji·out_i (i ascending, as in Network), then out_j = f(net_j), every lane
     * at once; with {@code keepDerivatives} also f'(net_j) for the backward pass (hidden layers).
     */
    private void forwardLayer(int l, int batch, boolean keepDerivatives, int lo, int hi) {
        int fanIn = sizes[l - 1];
        int fanOut = sizes[l];
        double[][] in = out[l - 1];
        double[][] sums = net[l];
        for (int j = 0; j < fanOut; j++) {
            int row = weightOffset[l] + j * fanIn;
            for (int s = 0; s < batch; s++) {
                double[] sum = sums[j * capacity + s];
                // net_j := b_j, then + w_j0·x_0, + w_j1·x_1, …: two terms per pass over the lanes.
                double[] start = params[biasOffset[l] + j];
                int i = 0;
                for (; i + 2 <= fanIn; i += 2) {
                    addProducts(sum, start, params[row + i], in[i * capacity + s], params[row + i + 1],
                            in[(i + 1) * capacity + s], lo, hi);
                    start = sum;
                }
                for (; i < fanIn; i++) {
                    addProduct(sum, start, params[row + i], in[i * capacity + s], lo, hi);
                    start = sum;
                }
                if (start != sum) { // a layer with no inputs cannot exist, but keep net_j = b_j then
                    System.arraycopy(start, lo, sum, lo, hi - lo);
                }
            }
        }
        if (l == layerCount) {
            if (softmaxOutput) {
                for (int s = 0; s < batch; s++) {
                    softmax(l, s, lo, hi);
                }
            } else {
                activate(l, batch, outputActivation, lo, hi, false);
            }
            return;
        }
        for (int r = 0; r < runActivation[l].length; r++) {
            int from = Math.max(lo, runStart[l][r]);
            int to = Math.min(hi, runStart[l][r + 1]);
            if (from < to) {
                activate(l, batch, runActivation[l][r], from, to, keepDerivatives);
            }
        }
    }

    /** out = f(net) for layer l's rows of this batch, lanes {@code from .. to)}; and f'(net) if asked. */
    private void activate(int l, int batch, Activation f, int from, int to, boolean keepDerivatives) {
        if (piecewiseLinear(l, batch, f, from, to, keepDerivatives)) {
            return;
        }
        for (int j = 0; j < sizes[l]; j++) {
            for (int s = 0; s < batch; s++) {
                int k = j * capacity + s;
                if (keepDerivatives) {
                    valuesAndDerivatives(f, net[l][k], out[l][k], derivative[l][k], from, to);
                } else {
                    Network.values(f, net[l][k], out[l][k], from, to);
                }
            }
        }
    }

    /** The largest double: any x &gt; 0 times it twice is at least 1.6e293, or +∞. */
    private static final double HUGE = Double.MAX_VALUE;

    /**
     * ReLU and leaky ReLU without a branch per number, when every net input is finite; returns
     * false (nothing done) for other activations or when some net input is NaN or ±∞.
     *
     * <p>Why: {@code x > 0 ? x : slope·x} branches on the sign, and across networks the signs are
     * random, so the processor mispredicts half of those branches (in {@link Network} the samples
     * of one neuron mostly share a sign). For every finite x these give the very same doubles:
     * <ul>
     *   <li>value: leaky ReLU max(x, slope·x) — for x &gt; 0, slope·x ≤ x since slope &lt; 1; for
     *       x ≤ 0 (−0.0 included), slope·x ≥ x; ReLU max(x, 0.0), which also makes −0.0 into 0.0
     *       as ReLU does (max(x, 0·x) would keep −0.0 for x &lt; 0);</li>
     *   <li>derivative: max(min(x·HUGE·HUGE, 1), slope) — the product is ≥ 1 for every x &gt; 0
     *       and ≤ 0 (or −0.0) otherwise, so this is 1 or the slope (0.0 for ReLU).</li>
     * </ul>
     * Math.max and Math.min treat NaN differently from the comparison, hence the finiteness check
     * (x − x is 0 for a finite x and NaN otherwise): if it fails, the caller computes the layer
     * again the plain way, which overwrites everything written here.
     */
    private boolean piecewiseLinear(int l, int batch, Activation f, int from, int to, boolean keepDerivatives) {
        double slope;
        if (f instanceof Activation.Relu) {
            slope = 0;
        } else if (f instanceof Activation.LeakyRelu leaky) {
            slope = leaky.slope();
        } else {
            return false;
        }
        double[] poison = scratchA;
        Arrays.fill(poison, from, to, 0);
        for (int j = 0; j < sizes[l]; j++) {
            for (int s = 0; s < batch; s++) {
                int k = j * capacity + s;
                double[] x = net[l][k];
                double[] y = out[l][k];
                if (keepDerivatives) {
                    double[] d = derivative[l][k];
                    for (int m = from; m < to; m++) {
                        double v = x[m];
                        y[m] = slope == 0 ? Math.max(v, 0.0) : Math.max(v, slope * v);
                        d[m] = Math.max(Math.min(v * HUGE * HUGE, 1.0), slope);
                        poison[m] += v - v;
                    }
                } else {
                    for (int m = from; m < to; m++) {
                        double v = x[m];
                        y[m] = slope == 0 ? Math.max(v, 0.0) : Math.max(v, slope * v);
                        poison[m] += v - v;
                    }
                }
            }
        }
        for (int m = from; m < to; m++) {
            if (poison[m] != 0) {
                return false; // the caller computes the layer again, the plain way
            }
        }
        return true;
    }

    /** Network's softmax over sample s's outputs, the same three passes per lane. */
    private void softmax(int l, int s, int lo, int hi) {
        int n = sizes[l];
        double[] max = scratchA;
        double[] sum = scratchB;
        Arrays.fill(max, lo, hi, Double.NEGATIVE_INFINITY);
        Arrays.fill(sum, lo, hi, 0);
        for (int j = 0; j < n; j++) {
            double[] x = net[l][j * capacity + s];
            for (int m = lo; m < hi; m++) {
                max[m] = Math.max(max[m], x[m]);
            }
        }
        for (int j = 0; j < n; j++) {
            double[] x = net[l][j * capacity + s];
            double[] y = out[l][j * capacity + s];
            for (int m = lo; m < hi; m++) {
                y[m] = Math.exp(x[m] - max[m]);
                sum[m] += y[m];
            }
        }
        for (int j = 0; j < n; j++) {
            double[] y = out[l][j * capacity + s];
            for (int m = lo; m < hi; m++) {
                y[m] /= sum[m];
            }
        }
    }

    private void outputDelta(double[][] targets, int[][] orders, int from, int batch) {
        int L = layerCount;
        int width = sizes[L];
        double[] target = scratchA;
        for (int j = 0; j < width; j++) {
            for (int s = 0; s < batch; s++) {
                int k = j * capacity + s;
                for (int m = 0; m < lanes; m++) {
                    target[m] = targets[m][orders[m][from + s] * width + j];
                }
                double[] y = out[L][k];
                double[] d = delta[L][k];
                if (outputDeltaIsDifference) {
                    for (int m = 0; m < lanes; m++) {
                        d[m] = y[m] - target[m];
                    }
                } else {
                    // ∂E/∂out · ∂out/∂net, the second factor first into d.
                    Network.derivatives(outputActivation, net[L][k], y, d, 0, lanes);
                    for (int m = 0; m < lanes; m++) {
                        d[m] = loss.derivative(y[m], target[m]) * d[m];
                    }
                }
            }
        }
    }

    /**
     * Network.backwardLayerBatch, lane by lane: every sum starts where it starts there and adds the
     * same terms in the same order — the gradients over the samples s ascending, each δ_i of the
     * layer to the left over the neurons j ascending from 0 — then δ_i is multiplied by f'(net_i).
     */
    private void backwardLayer(int l, int batch, boolean propagate) {
        int fanIn = sizes[l - 1];
        int fanOut = sizes[l];
        double[][] d = delta[l];
        double[][] in = out[l - 1];
        for (int j = 0; j < fanOut; j++) {
            double[] biasGradient = gradient[biasOffset[l] + j];
            int s = 0;
            for (; s + 2 <= batch; s += 2) {
                double[] d0 = d[j * capacity + s];
                double[] d1 = d[j * capacity + s + 1];
                for (int m = 0; m < lanes; m++) {
                    biasGradient[m] = biasGradient[m] + d0[m] + d1[m];
                }
            }
            for (; s < batch; s++) {
                double[] d0 = d[j * capacity + s];
                for (int m = 0; m < lanes; m++) {
                    biasGradient[m] += d0[m];
                }
            }
            int row = weightOffset[l] + j * fanIn;
            for (int i = 0; i < fanIn; i++) {
                double[] g = gradient[row + i];
                s = 0;
                for (; s + 2 <= batch; s += 2) {
                    addProducts(g, g, d[j * capacity + s], in[i * capacity + s], d[j * capacity + s + 1],
                            in[i * capacity + s + 1], 0, lanes);
                }
                for (; s < batch; s++) {
                    addProduct(g, g, d[j * capacity + s], in[i * capacity + s], 0, lanes);
                }
            }
        }
        if (!propagate) {
            return;
        }
        double[][] prevDelta = delta[l - 1];
        double[][] kept = derivative[l - 1];
        for (int i = 0; i < fanIn; i++) {
            for (int s = 0; s < batch; s++) {
                double[] back = prevDelta[i * capacity + s];
                // ∂E/∂out_i := 0, then + w_0i·δ_0, + w_1i·δ_1, …
                double[] start = zeros;
                int j = 0;
                for (; j + 2 < fanOut; j += 2) {
                    int w = weightOffset[l] + j * fanIn + i;
                    addProducts(back, start, params[w], d[j * capacity + s], params[w + fanIn],
                            d[(j + 1) * capacity + s], 0, lanes);
                    start = back;
                }
                // The last one or two terms, then δ_i = ∂E/∂out_i · ∂out_i/∂net_i (the second factor
                // kept by the forward pass), in the same pass over the lanes.
                double[] fPrime = kept[i * capacity + s];
                int w = weightOffset[l] + j * fanIn + i;
                if (j + 2 == fanOut) {
                    addProductsTimes(back, start, params[w], d[j * capacity + s], params[w + fanIn],
                            d[(j + 1) * capacity + s], fPrime, lanes);
                } else {
                    addProductTimes(back, start, params[w], d[j * capacity + s], fPrime, lanes);
                }
            }
        }
    }

    /*
     * The two loops that do nearly all the arithmetic. Writing two terms into one statement changes
     * nothing in the result — (a + p0) + p1 is exactly the order of two "+=" in a row — but each
     * pass over the lanes then does two multiply-adds instead of one, so the fixed cost of a loop
     * over 20 lanes (setting it up, its first and last odd lanes) is paid half as often. (Four terms
     * were measured slower: the JIT then vectorises the loop badly.)
     */

    /** into[m] = from[m] + a0[m]·b0[m] + a1[m]·b1[m], left to right, for lanes {@code lo .. hi)}. */
    private static void addProducts(double[] into, double[] from, double[] a0, double[] b0, double[] a1,
                                    double[] b1, int lo, int hi) {
        for (int m = lo; m < hi; m++) {
            into[m] = from[m] + a0[m] * b0[m] + a1[m] * b1[m];
        }
    }

    /** into[m] = (from[m] + a0[m]·b0[m] + a1[m]·b1[m]) · f[m], left to right, for lanes {@code 0 .. lanes)}. */
    private static void addProductsTimes(double[] into, double[] from, double[] a0, double[] b0, double[] a1,
                                         double[] b1, double[] f, int lanes) {
        for (int m = 0; m < lanes; m++) {
            into[m] = (from[m] + a0[m] * b0[m] + a1[m] * b1[m]) * f[m];
        }
    }

    /** into[m] = (from[m] + a[m]·b[m]) · f[m], for lanes {@code 0 .. lanes)}. */
    private static void addProductTimes(double[] into, double[] from, double[] a, double[] b, double[] f,
                                        int lanes) {
        for (int m = 0; m < lanes; m++) {
            into[m] = (from[m] + a[m] * b[m]) * f[m];
        }
    }

    /** into[m] = from[m] + a[m]·b[m], for lanes {@code lo .. hi)}. */
    private static void addProduct(double[] into, double[] from, double[] a, double[] b, int lo, int hi) {
        for (int m = lo; m < hi; m++) {
            into[m] = from[m] + a[m] * b[m];
        }
    }

    // ---------------------------------------------------------------- the optimizer

    /**
     * For every network, exactly {@link Optimizer#update} after a batch of {@code count} samples:
     * the gradient step, then the penalty (TF Playground's order, L1 freezing included); the
     * gradient is then cleared.
     */
    public void update(int count, double learningRate, Regularization regularization, double regularizationRate) {
        if (count < 1) {
            throw new IllegalArgumentException("an update needs at least 1 accumulated sample, got " + count);
        }
        double meanScale = 1.0 / count;
        steps++;
        boolean regularize = regularization != Regularization.NONE && regularizationRate != 0;
        if (regularize) {
            for (int p = 0; p < parameterCount; p++) {
                System.arraycopy(params[p], 0, weightsBeforeStep[p], 0, lanes);
            }
        }
        switch (optimizerSpec.kind()) {
            case SGD: {
                double stepScale = learningRate / count;
                for (int p = 0; p < parameterCount; p++) {
                    double[] w = params[p];
                    double[] g = gradient[p];
                    if (anyFrozen) {
                        boolean[] f = frozen[p];
                        for (int m = 0; m < lanes; m++) {
                            if (!f[m]) {
                                w[m] -= stepScale * g[m];
                            }
                        }
                    } else {
                        for (int m = 0; m < lanes; m++) {
                            w[m] -= stepScale * g[m];
                        }
                    }
                }
                break;
            }
            case MOMENTUM: {
                double mu = optimizerSpec.momentum();
                for (int p = 0; p < parameterCount; p++) {
                    double[] w = params[p];
                    double[] g = gradient[p];
                    double[] v = first[p];
                    boolean[] f = frozen[p];
                    for (int m = 0; m < lanes; m++) {
                        if (!f[m]) {
                            v[m] = mu * v[m] + g[m] * meanScale;
                            w[m] -= learningRate * v[m];
                        }
                    }
                }
                break;
            }
            case ADAM: {
                double beta1 = optimizerSpec.beta1();
                double beta2 = optimizerSpec.beta2();
                double epsilon = optimizerSpec.epsilon();
                double correction1 = 1 - Math.pow(beta1, steps);
                double correction2 = 1 - Math.pow(beta2, steps);
                for (int p = 0; p < parameterCount; p++) {
                    double[] w = params[p];
                    double[] gradientSum = gradient[p];
                    double[] m1 = first[p];
                    double[] m2 = second[p];
                    boolean[] f = frozen[p];
                    for (int m = 0; m < lanes; m++) {
                        if (!f[m]) {
                            double g = gradientSum[m] * meanScale;
                            m1[m] = beta1 * m1[m] + (1 - beta1) * g;
                            m2[m] = beta2 * m2[m] + (1 - beta2) * g * g;
                            double mHat = m1[m] / correction1;
                            double vHat = m2[m] / correction2;
                            w[m] -= learningRate * mHat / (Math.sqrt(vHat) + epsilon);
                        }
                    }
                }
                break;
            }
            default:
                throw new AssertionError(optimizerSpec.kind());
        }
        if (regularize) {
            applyPenalty(learningRate * regularizationRate, regularization);
        }
        for (double[] g : gradient) {
            Arrays.fill(g, 0, lanes, 0);
        }
    }

    /** Optimizer.applyPenalty, lane by lane. */
    private void applyPenalty(double step, Regularization regularization) {
        for (int p = 0; p < parameterCount; p++) {
            if (!isWeight[p]) {
                continue;
            }
            double[] w = params[p];
            double[] before = weightsBeforeStep[p];
            boolean[] f = frozen[p];
            for (int m = 0; m < lanes; m++) {
                if (f[m]) {
                    continue;
                }
                double penalized = w[m] - step * regularization.derivative(before[m]);
                if (regularization == Regularization.L1 && w[m] * penalized < 0) {
                    penalized = 0;
                    f[m] = true;
                    anyFrozen = true;
                }
                w[m] = penalized;
            }
        }
    }

    /**
     * {@code finite[m]} := whether every weight and bias of network m is a finite number
     * ({@link Network#isFinite()}), for the first {@link #models()} entries.
     */
    public void finiteModels(boolean[] finite) {
        // x − x is 0 for a finite x and NaN for ±∞ and NaN, so one NaN anywhere poisons the sum.
        double[] poison = scratchA;
        Arrays.fill(poison, 0, lanes, 0);
        for (double[] w : params) {
            for (int m = 0; m < lanes; m++) {
                poison[m] += w[m] - w[m];
            }
        }
        for (int m = 0; m < lanes; m++) {
            finite[m] = poison[m] == 0;
        }
    }

    /*
     * The activation loops are Network's (Network.values, Network.derivatives): each calls one
     * final record's own method, which the JIT inlines, since a race trains several activations
     * in one JVM.
     */

    /** y = f(x), then d = f'(x), over lanes {@code from .. to)}. */
    private static void valuesAndDerivatives(Activation f, double[] x, double[] y, double[] d, int from, int to) {
        if (f instanceof Activation.Tanh tanh) {
            tanh.values(x, y, from, to);
            for (int m = from; m < to; m++) {
                d[m] = tanh.derivative(x[m], y[m]);
            }
        } else if (f instanceof Activation.Sigmoid sigmoid) {
            sigmoid.values(x, y, from, to);
            for (int m = from; m < to; m++) {
                d[m] = sigmoid.derivative(x[m], y[m]);
            }
        } else {
            Network.values(f, x, y, from, to);
            Network.derivatives(f, x, y, d, from, to);
        }
    }
}
