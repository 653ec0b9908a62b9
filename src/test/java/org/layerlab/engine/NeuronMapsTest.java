package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Maps are display numbers: they must agree with the exact forward pass to well within one shade. */
class NeuronMapsTest {
    /** One of 256 shades over an output range of width 2 (tanh); we demand a tenth of that. */
    private static final double TENTH_OF_A_SHADE = 2.0 / 255 / 10;

    @Test
    void fastTanhStaysFarBelowOneShadeEverywhere() {
        double worst = 0;
        for (double x = -30; x <= 30; x += 1e-4) {
            worst = Math.max(worst, Math.abs(NeuronMaps.fastTanh((float) x) - Math.tanh((float) x)));
        }
        assertTrue(worst < 1e-6, "worst error " + worst);
        assertEquals(1f, NeuronMaps.fastTanh(Float.POSITIVE_INFINITY), 1e-6);
        assertEquals(-1f, NeuronMaps.fastTanh(-1e30f), 1e-6);
        assertEquals(0f, NeuronMaps.fastTanh(0f), 0);
    }

    @Test
    void everyNeuronsMapEqualsTheExactForwardPassAtEveryPoint() {
        List<Activation> activations = List.of(new Activation.Tanh(), new Activation.Sigmoid(), new Activation.Relu(),
                new Activation.LeakyRelu(0.1), new Activation.Linear(), new Activation.Elu(1), new Activation.Softplus(),
                new Activation.Sine());
        for (Activation hidden : activations) {
            checkAgainstForward(NetworkSpec.of(3, new int[] {5, 4, 3}, hidden, 1, new Activation.Tanh(),
                    Loss.SQUARED_ERROR), 1300);
        }
        checkAgainstForward(NetworkSpec.of(2, new int[] {6}, new Activation.Relu(), 3, new Activation.Softmax(),
                Loss.CROSS_ENTROPY), 700);
        checkAgainstForward(NetworkSpec.of(2, new int[] {4}, new Activation.Tanh(), 1, new Activation.Sigmoid(),
                Loss.BINARY_CROSS_ENTROPY), 100);
    }

    private static void checkAgainstForward(NetworkSpec spec, int points) {
        Network net = Network.create(spec, Initialization.of(Initialization.Kind.XAVIER), new Rng(3));
        Rng rng = new Rng(11);
        float[][] columns = new float[spec.inputs()][points];
        for (float[] column : columns) {
            for (int p = 0; p < points; p++) {
                column[p] = (float) rng.uniform(-6, 6);
            }
        }
        NeuronMaps maps = new NeuronMaps(net.layerSizes(), points);
        float[][][] result = maps.evaluate(net, columns);
        double[] x = new double[spec.inputs()];
        for (int p = 0; p < points; p++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = columns[i][p];
            }
            ForwardTrace trace = net.traceForward(x, 0);
            for (int l = 1; l <= net.layerCount(); l++) {
                for (int j = 0; j < net.layerSize(l); j++) {
                    double exact = trace.output()[l][j];
                    // relative for unbounded activations (ReLU, linear), absolute near zero
                    double tolerance = TENTH_OF_A_SHADE * Math.max(1, Math.abs(exact));
                    assertEquals(exact, result[l][j][p], tolerance,
                            spec.hiddenActivations() + ": layer " + l + " neuron " + j + " point " + p);
                }
            }
        }
    }

    @Test
    void refusesANetworkOfAnotherShape() {
        Network net = Network.create(NetworkSpec.of(2, new int[] {4}, new Activation.Tanh(), 1, new Activation.Tanh(),
                Loss.SQUARED_ERROR), Initialization.of(Initialization.Kind.PLAYGROUND), new Rng(1));
        NeuronMaps maps = new NeuronMaps(new int[] {2, 5, 1}, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> maps.evaluate(net, new float[2][10]));
        assertTrue(e.getMessage().contains("layer 1 has 4 neurons"), e.getMessage());
    }
}
