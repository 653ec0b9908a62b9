package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link NetworkEnsemble} against its oracle: each network trained alone by {@link Network} and
 * {@link Optimizer} on the same batches. Parameters, optimizer state and outputs must agree in
 * every bit.
 */
class NetworkEnsembleTest {

    private static final int INPUTS = 3;
    private static final int SAMPLES = 23;

    /** Network m's own data: inputs, targets (width {@code outputs}) and a visiting order. */
    private record Data(double[] inputs, double[] targets, int[] order) {
    }

    private static Data data(long seed, int outputs, boolean oneHot) {
        Rng rng = new Rng(seed);
        double[] inputs = new double[SAMPLES * INPUTS];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = rng.uniform(-3, 3);
        }
        double[] targets = new double[SAMPLES * outputs];
        for (int s = 0; s < SAMPLES; s++) {
            if (oneHot) {
                targets[s * outputs + rng.nextInt(outputs)] = 1;
            } else {
                for (int j = 0; j < outputs; j++) {
                    targets[s * outputs + j] = rng.nextDouble() < 0.5 ? -1 : 1;
                }
            }
        }
        int[] order = new int[SAMPLES];
        for (int s = 0; s < SAMPLES; s++) {
            order[s] = s;
        }
        rng.shuffle(order);
        return new Data(inputs, targets, order);
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    /**
     * Trains {@code specs.size()} networks for {@code epochs} epochs of batches of 5 (the last one
     * 3), once together and once alone, and compares after every update.
     */
    private static void assertTrainsAsAlone(List<NetworkSpec> specs, OptimizerSpec optimizer,
                                            Regularization regularization, double rate, double learningRate,
                                            int epochs) {
        int k = specs.size();
        NetworkSpec first = specs.get(0);
        boolean oneHot = first.outputActivation() instanceof Activation.Softmax;
        List<Network> alone = new ArrayList<>();
        List<Optimizer> optimizers = new ArrayList<>();
        double[][] inputs = new double[k][];
        double[][] targets = new double[k][];
        int[][] orders = new int[k][];
        NetworkEnsemble ensemble = new NetworkEnsemble(specs, optimizer, 8);
        for (int m = 0; m < k; m++) {
            Network network = Network.create(specs.get(m), Initialization.of(Initialization.Kind.PLAYGROUND),
                    new Rng(100 + m));
            alone.add(network);
            optimizers.add(new Optimizer(optimizer, network));
            ensemble.setParameters(m, network.parameters());
            Data d = data(7 + m, first.outputs(), oneHot);
            inputs[m] = d.inputs();
            targets[m] = d.targets();
            orders[m] = d.order();
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int from = 0; from < SAMPLES; from += 5) {
                int to = Math.min(SAMPLES, from + 5);
                ensemble.accumulateBatch(inputs, targets, orders, from, to);
                ensemble.update(to - from, learningRate, regularization, rate);
                for (int m = 0; m < k; m++) {
                    alone.get(m).accumulateBatch(inputs[m], targets[m], orders[m], from, to);
                    optimizers.get(m).update(alone.get(m), learningRate, regularization, rate);
                    assertArrayEquals(bits(alone.get(m).parameters()), bits(ensemble.parameters(m)),
                            "network " + m + " after epoch " + epoch + ", sample " + to);
                }
            }
        }
        for (int m = 0; m < k; m++) {
            Optimizer.State expected = optimizers.get(m).state();
            Optimizer.State actual = ensemble.optimizerState(m);
            assertEquals(expected.steps(), actual.steps());
            assertArrayEquals(bits(expected.first()), bits(actual.first()));
            assertArrayEquals(bits(expected.second()), bits(actual.second()));
            assertArrayEquals(expected.frozen(), actual.frozen());
        }
        // The evaluation pass: every output of every network and sample.
        ensemble.forwardBatch(inputs, 2, 8);
        for (int m = 0; m < k; m++) {
            alone.get(m).forwardBatch(inputs[m], 2, 8);
            for (int s = 0; s < 6; s++) {
                for (int j = 0; j < first.outputs(); j++) {
                    assertEquals(Double.doubleToRawLongBits(alone.get(m).batchOutput(s, j)),
                            Double.doubleToRawLongBits(ensemble.batchOutput(m, s, j)));
                }
            }
        }
    }

    private static NetworkSpec spec(Activation hidden) {
        return NetworkSpec.of(INPUTS, new int[] {6, 5, 4}, hidden, 1, new Activation.Tanh(), Loss.SQUARED_ERROR);
    }

    @Test
    void mixedActivationsTrainExactlyAsAlone() {
        List<NetworkSpec> specs = new ArrayList<>();
        Activation[] kinds = {new Activation.Relu(), new Activation.Relu(), new Activation.LeakyRelu(0.1),
            new Activation.Sigmoid(), new Activation.Tanh(), new Activation.Elu(1.0), new Activation.Linear(),
            new Activation.Softplus(), new Activation.Sine(), new Activation.LeakyRelu(0.3), new Activation.Relu()};
        for (Activation kind : kinds) {
            specs.add(spec(kind));
        }
        assertTrainsAsAlone(specs, OptimizerSpec.SGD, Regularization.NONE, 0, 0.1, 4);
    }

    @Test
    void momentumAdamAndThePenaltiesTrainExactlyAsAlone() {
        List<NetworkSpec> specs = List.of(spec(new Activation.Relu()), spec(new Activation.Tanh()),
                spec(new Activation.Relu()));
        assertTrainsAsAlone(specs, OptimizerSpec.of(OptimizerSpec.Kind.MOMENTUM), Regularization.L2, 0.05, 0.05, 3);
        assertTrainsAsAlone(specs, OptimizerSpec.of(OptimizerSpec.Kind.ADAM), Regularization.NONE, 0, 0.01, 3);
        // L1 at a rate that freezes weights at zero within a few updates.
        assertTrainsAsAlone(specs, OptimizerSpec.SGD, Regularization.L1, 0.5, 0.1, 3);
        assertTrainsAsAlone(specs, OptimizerSpec.of(OptimizerSpec.Kind.ADAM), Regularization.L1, 0.3, 0.02, 3);
    }

    @Test
    void softmaxAndSigmoidWithCrossEntropyTrainExactlyAsAlone() {
        NetworkSpec softmax = NetworkSpec.of(INPUTS, new int[] {5}, new Activation.Relu(), 3,
                new Activation.Softmax(), Loss.CROSS_ENTROPY);
        assertTrainsAsAlone(List.of(softmax, softmax, softmax), OptimizerSpec.SGD, Regularization.NONE, 0, 0.2, 3);
        NetworkSpec bce = NetworkSpec.of(INPUTS, new int[] {4}, new Activation.LeakyRelu(0.1), 1,
                new Activation.Sigmoid(), Loss.BINARY_CROSS_ENTROPY);
        assertTrainsAsAlone(List.of(bce, bce), OptimizerSpec.SGD, Regularization.NONE, 0, 0.3, 3);
    }

    @Test
    void nonFiniteNetInputsTakeTheExactPathOfReluAndLeakyRelu() {
        // Weights of ±1e308 on inputs of up to ±3 overflow the net inputs to ±∞ (and ∞ − ∞ = NaN): ReLU
        // maps NaN to 0, which Math.max would not. The ensemble must fall back and agree.
        NetworkSpec relu = NetworkSpec.of(INPUTS, new int[] {4}, new Activation.Relu(), 1, new Activation.Tanh(),
                Loss.SQUARED_ERROR);
        NetworkSpec leaky = NetworkSpec.of(INPUTS, new int[] {4}, new Activation.LeakyRelu(0.2), 1,
                new Activation.Tanh(), Loss.SQUARED_ERROR);
        NetworkEnsemble ensemble = new NetworkEnsemble(List.of(relu, leaky), OptimizerSpec.SGD, 8);
        Network[] alone = {new Network(relu), new Network(leaky)};
        double[][] inputs = new double[2][];
        for (int m = 0; m < 2; m++) {
            double[] params = alone[m].parameters();
            for (int p = 0; p < params.length; p++) {
                params[p] = (p % 3 == 0 ? -1e308 : 1e308) * (p % 2 == 0 ? 1 : 0.75);
            }
            ensemble.setParameters(m, params);
            inputs[m] = data(1 + m, 1, false).inputs();
        }
        ensemble.forwardBatch(inputs, 0, 8);
        boolean sawNonFinite = false;
        for (int m = 0; m < 2; m++) {
            alone[m].forwardBatch(inputs[m], 0, 8);
            for (int s = 0; s < 8; s++) {
                for (int j = 0; j < 4; j++) {
                    double out = alone[m].batchOutputOf(1, j, s);
                    sawNonFinite |= !Double.isFinite(out);
                    assertEquals(Double.doubleToRawLongBits(out),
                            Double.doubleToRawLongBits(ensemble.batchOutputOf(m, 1, j, s)));
                }
                assertEquals(Double.doubleToRawLongBits(alone[m].batchOutput(s, 0)),
                        Double.doubleToRawLongBits(ensemble.batchOutput(m, s, 0)));
            }
        }
        assertTrue(sawNonFinite, "the test must really overflow a hidden layer");
    }

    @Test
    void networksThatLeaveTakeNothingWithThemAndTheRestTrainOn() {
        List<NetworkSpec> specs = List.of(spec(new Activation.Relu()), spec(new Activation.Sigmoid()),
                spec(new Activation.Relu()), spec(new Activation.Tanh()));
        NetworkEnsemble ensemble = new NetworkEnsemble(specs, OptimizerSpec.of(OptimizerSpec.Kind.MOMENTUM), 8);
        List<Network> alone = new ArrayList<>();
        List<Optimizer> optimizers = new ArrayList<>();
        List<Data> data = new ArrayList<>();
        for (int m = 0; m < 4; m++) {
            Network network = Network.create(specs.get(m), Initialization.of(Initialization.Kind.PLAYGROUND),
                    new Rng(40 + m));
            alone.add(network);
            optimizers.add(new Optimizer(OptimizerSpec.of(OptimizerSpec.Kind.MOMENTUM), network));
            ensemble.setParameters(m, network.parameters());
            data.add(data(60 + m, 1, false));
        }
        for (int round = 0; round < 3; round++) {
            int k = alone.size();
            double[][] inputs = new double[k][];
            double[][] targets = new double[k][];
            int[][] orders = new int[k][];
            for (int m = 0; m < k; m++) {
                inputs[m] = data.get(m).inputs();
                targets[m] = data.get(m).targets();
                orders[m] = data.get(m).order();
            }
            for (int from = 0; from < SAMPLES; from += 5) {
                int to = Math.min(SAMPLES, from + 5);
                ensemble.accumulateBatch(inputs, targets, orders, from, to);
                ensemble.update(to - from, 0.05, Regularization.NONE, 0);
                for (int m = 0; m < k; m++) {
                    alone.get(m).accumulateBatch(inputs[m], targets[m], orders[m], from, to);
                    optimizers.get(m).update(alone.get(m), 0.05, Regularization.NONE, 0);
                }
            }
            for (int m = 0; m < k; m++) {
                assertArrayEquals(bits(alone.get(m).parameters()), bits(ensemble.parameters(m)));
                assertArrayEquals(bits(optimizers.get(m).state().first()), bits(ensemble.optimizerState(m).first()));
            }
            // Network 0 (round 0), then the last one (round 1) leave.
            boolean[] keep = new boolean[k];
            java.util.Arrays.fill(keep, true);
            int leaving = round == 0 ? 0 : k - 1;
            keep[leaving] = false;
            if (round < 2) {
                ensemble.retain(keep);
                alone.remove(leaving);
                optimizers.remove(leaving);
                data.remove(leaving);
                assertEquals(alone.size(), ensemble.models());
            }
        }
        assertEquals(new Activation.Sigmoid(), ensemble.spec(0).activation(1));
    }

    @Test
    void finiteModelsFlagsEachNetworkWithANonFiniteParameter() {
        NetworkSpec spec = spec(new Activation.Relu());
        NetworkEnsemble ensemble = new NetworkEnsemble(spec, OptimizerSpec.SGD, 4, 4);
        double[] values = new double[ensemble.parameterCount()];
        for (int m = 0; m < 4; m++) {
            values[values.length - 1] = m == 1 ? Double.NaN : m == 2 ? Double.NEGATIVE_INFINITY : 1.5;
            ensemble.setParameters(m, values);
        }
        boolean[] finite = new boolean[4];
        ensemble.finiteModels(finite);
        assertArrayEquals(new boolean[] {true, false, false, true}, finite);
    }

    @Test
    void networksOfDifferentShapesCannotShareAnEnsemble() {
        NetworkSpec a = spec(new Activation.Relu());
        NetworkSpec wider = NetworkSpec.of(INPUTS, new int[] {7, 5, 4}, new Activation.Relu(), 1,
                new Activation.Tanh(), Loss.SQUARED_ERROR);
        NetworkSpec otherOutput = NetworkSpec.of(INPUTS, new int[] {6, 5, 4}, new Activation.Relu(), 1,
                new Activation.Linear(), Loss.SQUARED_ERROR);
        assertThrows(IllegalArgumentException.class, () -> new NetworkEnsemble(List.of(a, wider), OptimizerSpec.SGD, 4));
        assertThrows(IllegalArgumentException.class,
                () -> new NetworkEnsemble(List.of(a, otherOutput), OptimizerSpec.SGD, 4));
        NetworkEnsemble one = new NetworkEnsemble(List.of(a), OptimizerSpec.SGD, 4);
        assertThrows(IllegalArgumentException.class,
                () -> one.accumulateBatch(new double[1][SAMPLES * INPUTS], new double[1][SAMPLES],
                        new int[][] {new int[SAMPLES]}, 0, 5));
        assertFalse(one.models() != 1);
    }
}
