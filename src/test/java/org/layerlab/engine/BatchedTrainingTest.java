package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The batched kernel is the per-sample chain rule with the loops reordered: bit for bit the same. */
class BatchedTrainingTest {

    @Test
    void aBatchAccumulatesExactlyWhatItsSamplesDoOneByOne() {
        List<NetworkSpec> specs = List.of(
                NetworkSpec.of(2, new int[] {4, 2}, new Activation.Tanh(), 1, new Activation.Tanh(), Loss.SQUARED_ERROR),
                NetworkSpec.of(7, new int[] {8, 8, 8}, new Activation.Relu(), 1, new Activation.Tanh(),
                        Loss.SQUARED_ERROR),
                NetworkSpec.of(3, new int[] {5}, new Activation.Sigmoid(), 1, new Activation.Sigmoid(),
                        Loss.BINARY_CROSS_ENTROPY),
                NetworkSpec.of(2, new int[] {6, 3}, new Activation.LeakyRelu(0.1), 3, new Activation.Softmax(),
                        Loss.CROSS_ENTROPY),
                NetworkSpec.of(2, new int[0], new Activation.Linear(), 2, new Activation.Linear(), Loss.SQUARED_ERROR));
        for (NetworkSpec spec : specs) {
            for (int batch : new int[] {1, 3, 10, 30}) {
                compare(spec, batch);
            }
        }
    }

    private static void compare(NetworkSpec spec, int batch) {
        int samples = 40;
        Rng rng = new Rng(batch);
        double[] inputs = new double[samples * spec.inputs()];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = rng.uniform(-6, 6);
        }
        double[] targets = new double[samples * spec.outputs()];
        for (int s = 0; s < samples; s++) {
            if (spec.loss() == Loss.CROSS_ENTROPY) {
                targets[s * spec.outputs() + rng.nextInt(spec.outputs())] = 1;
            } else {
                for (int k = 0; k < spec.outputs(); k++) {
                    targets[s * spec.outputs() + k] = rng.nextInt(2);
                }
            }
        }
        int[] order = new int[samples];
        for (int s = 0; s < samples; s++) {
            order[s] = s;
        }
        rng.shuffle(order);

        Network one = Network.create(spec, Initialization.of(Initialization.Kind.XAVIER), new Rng(5));
        Network many = Network.create(spec, Initialization.of(Initialization.Kind.XAVIER), new Rng(5));
        Optimizer optimizerOne = new Optimizer(OptimizerSpec.of(OptimizerSpec.Kind.ADAM), one);
        Optimizer optimizerMany = new Optimizer(OptimizerSpec.of(OptimizerSpec.Kind.ADAM), many);
        for (int epoch = 0; epoch < 3; epoch++) {
            for (int from = 0; from < samples; from += batch) {
                int to = Math.min(samples, from + batch);
                for (int s = from; s < to; s++) {
                    one.accumulate(inputs, order[s] * spec.inputs(), targets, order[s] * spec.outputs());
                }
                many.accumulateBatch(inputs, targets, order, from, to);
                assertEquals(one.accumulatedSamples(), many.accumulatedSamples());
                for (int p = 0; p < one.gradient().length; p++) {
                    assertEquals(Double.doubleToRawLongBits(one.gradient()[p]),
                            Double.doubleToRawLongBits(many.gradient()[p]),
                            spec + " batch " + batch + ": gradient " + p);
                }
                optimizerOne.update(one, 0.01, Regularization.L2, 0.001);
                optimizerMany.update(many, 0.01, Regularization.L2, 0.001);
            }
        }
        for (int p = 0; p < one.parameters().length; p++) {
            assertEquals(Double.doubleToRawLongBits(one.parameters()[p]),
                    Double.doubleToRawLongBits(many.parameters()[p]), "parameter " + p);
        }
    }

    @Test
    void aBatchedForwardPassGivesEveryOutputBitForBitAndLeavesTrainingAlone() {
        NetworkSpec spec = NetworkSpec.of(7, new int[] {8, 8, 8}, new Activation.Relu(), 3, new Activation.Softmax(),
                Loss.CROSS_ENTROPY);
        Network net = Network.create(spec, Initialization.of(Initialization.Kind.HE), new Rng(9));
        Rng rng = new Rng(10);
        double[] inputs = new double[50 * 7];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = rng.uniform(-6, 6);
        }
        // a wide batch first, then a narrow one: the capacity left over must not leak into results
        net.forwardBatch(inputs, 0, 40);
        net.forwardBatch(inputs, 40, 50);
        for (int s = 40; s < 50; s++) {
            double[] one = net.forward(inputs, s * 7).clone();
            for (int j = 0; j < 3; j++) {
                assertEquals(Double.doubleToRawLongBits(one[j]), Double.doubleToRawLongBits(net.batchOutput(s - 40, j)));
            }
        }
        assertEquals(0, net.accumulatedSamples());
    }
}
