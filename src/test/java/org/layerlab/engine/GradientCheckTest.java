package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Backpropagation against finite differences: for every weight and bias, ∂E/∂p from the chain rule
 * must match (E(p + h) − E(p − h)) / 2h. Every activation × every loss it pairs with × a few shapes.
 */
class GradientCheckTest {
    private static final double STEP = 1e-5;
    private static final double MAX_RELATIVE_ERROR = 1e-6;

    static Stream<Arguments> cases() {
        List<Activation> hidden = List.of(new Activation.Sigmoid(), new Activation.Tanh(), new Activation.Relu(),
                new Activation.LeakyRelu(0.1), new Activation.Linear(), new Activation.Elu(1.0),
                new Activation.Softplus(), new Activation.Sine());
        int[][] shapes = {{3}, {4, 2}, {5, 4, 3}};
        List<Arguments> cases = new ArrayList<>();
        for (Activation h : hidden) {
            for (int[] shape : shapes) {
                cases.add(Arguments.of(h, shape, new Activation.Tanh(), Loss.SQUARED_ERROR, 1));
                cases.add(Arguments.of(h, shape, new Activation.Linear(), Loss.SQUARED_ERROR, 2));
                cases.add(Arguments.of(h, shape, new Activation.Sigmoid(), Loss.BINARY_CROSS_ENTROPY, 1));
                cases.add(Arguments.of(h, shape, new Activation.Sigmoid(), Loss.SQUARED_ERROR, 1));
                cases.add(Arguments.of(h, shape, new Activation.Softmax(), Loss.CROSS_ENTROPY, 3));
                // the output activation under test is the hidden one too, with squared error
                cases.add(Arguments.of(h, shape, h, Loss.SQUARED_ERROR, 1));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} hidden {1}, {2} output, {3}, {4} outputs")
    @MethodSource("cases")
    void backpropagationMatchesFiniteDifferences(Activation hidden, int[] shape, Activation output, Loss loss,
                                                 int outputs) {
        int inputs = 3;
        Network net = Network.create(NetworkSpec.of(inputs, shape, hidden, outputs, output, loss),
                Initialization.of(Initialization.Kind.XAVIER), new Rng(42));
        Rng rng = new Rng(7);
        // non-zero biases, so ReLU kinks are unlikely to sit exactly on a sample
        for (int l = 1; l <= net.layerCount(); l++) {
            for (int j = 0; j < net.layerSize(l); j++) {
                net.setBias(l, j, rng.uniform(-0.3, 0.3));
            }
        }
        double[] x = {rng.uniform(-2, 2), rng.uniform(-2, 2), rng.uniform(-2, 2)};
        double[] t = targets(output, loss, outputs, rng);

        assertFalse(isNearKink(hidden, net, x), "the sample sits on a ReLU kink; pick another seed");
        net.accumulate(x, 0, t, 0);
        double[] analytic = net.gradient().clone();
        BackwardTrace trace = net.traceBackward(x, 0, t, 0);

        double[] params = net.parameters();
        int checked = 0;
        for (int p = 0; p < params.length; p++) {
            double original = params[p];
            params[p] = original + STEP;
            net.forward(x, 0);
            double plus = net.loss(t, 0);
            params[p] = original - STEP;
            net.forward(x, 0);
            double minus = net.loss(t, 0);
            params[p] = original;
            double numeric = (plus - minus) / (2 * STEP);
            double scale = Math.max(1e-4, Math.abs(numeric) + Math.abs(analytic[p]));
            double relative = Math.abs(numeric - analytic[p]) / scale;
            assertTrue(relative < MAX_RELATIVE_ERROR, "parameter " + p + ": backprop " + analytic[p]
                    + ", finite difference " + numeric + ", relative error " + relative);
            checked++;
        }
        assertTrue(checked == params.length, "every parameter checked");
        // the trace reports the very same gradient
        for (int l = 1; l <= net.layerCount(); l++) {
            for (int k = 0; k < trace.weightGradient()[l].length; k++) {
                assertEquals(analytic[net.weightOffset(l) + k], trace.weightGradient()[l][k], 0);
            }
            for (int j = 0; j < trace.biasGradient()[l].length; j++) {
                assertEquals(analytic[net.biasOffset(l) + j], trace.biasGradient()[l][j], 0);
            }
        }
    }

    /** A ReLU net input within the step of 0 makes a finite difference straddle the kink. */
    private static boolean isNearKink(Activation hidden, Network net, double[] x) {
        if (!(hidden instanceof Activation.Relu || hidden instanceof Activation.LeakyRelu)) {
            return false;
        }
        ForwardTrace f = net.traceForward(x, 0);
        for (int l = 1; l < net.layerCount(); l++) {
            for (double v : f.netInput()[l]) {
                if (Math.abs(v) < 1e-3) {
                    return true;
                }
            }
        }
        return false;
    }

    private static double[] targets(Activation output, Loss loss, int outputs, Rng rng) {
        double[] t = new double[outputs];
        if (loss == Loss.CROSS_ENTROPY) {
            t[rng.nextInt(outputs)] = 1;
        } else if (output instanceof Activation.Sigmoid) {
            for (int k = 0; k < outputs; k++) {
                t[k] = rng.nextInt(2);
            }
        } else {
            for (int k = 0; k < outputs; k++) {
                t[k] = rng.uniform(-0.9, 0.9);
            }
        }
        return t;
    }
}
