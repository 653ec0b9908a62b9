package org.layerlab.insight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.Activation;
import org.layerlab.engine.Initialization;
import org.layerlab.engine.Loss;
import org.layerlab.engine.Network;
import org.layerlab.engine.NetworkSpec;
import org.layerlab.engine.Rng;
import org.layerlab.training.Samples;

class NetworkInsightTest {

    /** n points uniform in [−6, 6]², labels ±1 by the sign of x·y. */
    private static Samples plane(int n, int inputs) {
        Rng rng = new Rng(4);
        double[] x = new double[n * inputs];
        double[] t = new double[n];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < inputs; i++) {
                x[s * inputs + i] = rng.uniform(-6, 6);
            }
            t[s] = x[s * inputs] * x[s * inputs + 1] >= 0 ? 1 : -1;
        }
        return new Samples(x, inputs, t, 1, t.clone(), n);
    }

    @Test
    void aReluWithALargeNegativeBiasIsDeadAndOneWithAPositiveBiasIsNot() {
        Network net = Network.create(NetworkSpec.of(2, new int[] {3}, new Activation.Relu(), 1, new Activation.Tanh(),
                Loss.SQUARED_ERROR), Initialization.of(Initialization.Kind.PLAYGROUND), new Rng(1));
        // |w·x| ≤ 0.5·6 + 0.5·6 = 6 on the plane, so a bias of −100 keeps net < 0 everywhere
        net.setBias(1, 0, -100);
        net.setBias(1, 1, 100);
        List<LayerReport> reports = NetworkInsight.measure(net, plane(200, 2), 0.03);
        LayerReport hidden = reports.get(0);
        assertTrue(hidden.dead()[0], "bias −100: net input ≤ 0 on every point");
        assertFalse(hidden.dead()[1], "bias +100: net input > 0 on every point");
        assertEquals(hidden.dead()[2] ? 2 : 1, hidden.deadCount());
        // a dead unit gets exactly zero gradient on its incoming weights
        assertEquals(0, net.accumulatedSamples(), "the measurement leaves no gradient behind");
    }

    @Test
    void leakyReluNeverDies() {
        Network net = Network.create(NetworkSpec.of(2, new int[] {2}, new Activation.LeakyRelu(0.1), 1,
                new Activation.Tanh(), Loss.SQUARED_ERROR), Initialization.of(Initialization.Kind.PLAYGROUND),
                new Rng(1));
        net.setBias(1, 0, -100);
        assertEquals(0, NetworkInsight.measure(net, plane(50, 2), 0.03).get(0).deadCount());
    }

    @Test
    void threeIdenticalNeuronsCountAsOneUntilOneIsPerturbed() {
        Network net = Network.create(NetworkSpec.of(2, new int[] {3}, new Activation.Tanh(), 1, new Activation.Tanh(),
                Loss.SQUARED_ERROR), Initialization.identical(0.5), new Rng(1));
        assertEquals(1, NetworkInsight.distinctNeurons(net, 1));
        assertTrue(NetworkInsight.exactCopies(net, 1));
        assertEquals(1.0, NetworkInsight.maxSimilarity(net, 1), 1e-15);

        net.setWeight(1, 2, 0, 0.5 + 1e-13);
        assertEquals(1, NetworkInsight.distinctNeurons(net, 1), "within 1e-12 still counts as the same");
        assertFalse(NetworkInsight.exactCopies(net, 1), "but it is no longer an exact copy");

        net.setWeight(1, 2, 0, 0.5 + 1e-6);
        assertEquals(2, NetworkInsight.distinctNeurons(net, 1));
        net.setBias(1, 1, -0.3);
        assertEquals(3, NetworkInsight.distinctNeurons(net, 1));
        assertTrue(NetworkInsight.maxSimilarity(net, 1) < 1);
    }

    @Test
    void deepSigmoidGradientsVanishTowardsTheInputWhileHeReluKeepsThem() {
        Samples data = plane(200, 2);
        int[] sixLayers = {8, 8, 8, 8, 8, 8};
        Network sigmoid = Network.create(NetworkSpec.of(2, sixLayers, new Activation.Sigmoid(), 1,
                new Activation.Sigmoid(), Loss.SQUARED_ERROR), Initialization.of(Initialization.Kind.XAVIER),
                new Rng(2));
        List<LayerReport> s = NetworkInsight.measure(sigmoid, data, 0.03);
        double first = s.get(0).gradientNorm();
        double last = s.get(s.size() - 1).gradientNorm();
        assertTrue(first < last / 10, "sigmoid: first layer " + first + ", last " + last);

        Network relu = Network.create(NetworkSpec.of(2, sixLayers, new Activation.Relu(), 1, new Activation.Tanh(),
                Loss.SQUARED_ERROR), Initialization.of(Initialization.Kind.HE), new Rng(2));
        List<LayerReport> r = NetworkInsight.measure(relu, data, 0.03);
        double reluFirst = r.get(0).gradientNorm();
        double reluLast = r.get(r.size() - 1).gradientNorm();
        assertTrue(reluFirst > reluLast / 10, "ReLU + He: first layer " + reluFirst + ", last " + reluLast);
    }

    @Test
    void gradientNormIsTheNormOfTheMeanBackpropagatedGradient() {
        Samples data = plane(30, 2);
        Network net = Network.create(NetworkSpec.of(2, new int[] {3}, new Activation.Tanh(), 1, new Activation.Tanh(),
                Loss.SQUARED_ERROR), Initialization.of(Initialization.Kind.PLAYGROUND), new Rng(8));
        // oracle: the mean of the per-sample traces
        double sum = 0;
        double[] mean = new double[6];
        for (int s = 0; s < data.count(); s++) {
            double[] g = net.traceBackward(data.inputs(), s * 2, data.targets(), s).weightGradient()[1];
            for (int k = 0; k < 6; k++) {
                mean[k] += g[k] / data.count();
            }
        }
        for (double m : mean) {
            sum += m * m;
        }
        LayerReport layer = NetworkInsight.measure(net, data, 0.5).get(0);
        assertEquals(Math.sqrt(sum), layer.gradientNorm(), 1e-12);
        assertEquals(0.5 * layer.gradientNorm() / layer.weightNorm(), layer.updateRatio(), 1e-15);
    }

    @Test
    void histogramCountsEveryOutputAndSaturationIsMeasured() {
        Samples data = plane(100, 2);
        Network net = Network.create(NetworkSpec.of(2, new int[] {4}, new Activation.Tanh(), 1, new Activation.Tanh(),
                Loss.SQUARED_ERROR), Initialization.identical(5), new Rng(1));
        LayerReport layer = NetworkInsight.measure(net, data, 0.03).get(0);
        int total = 0;
        for (int count : layer.histogram()) {
            total += count;
        }
        assertEquals(4 * 100, total);
        assertEquals(-1, layer.histogramLo());
        assertEquals(1, layer.histogramHi());
        // weights 5 on inputs up to 6: nearly every unit sits deep in tanh's flat tails
        assertTrue(layer.saturatedFraction() > 0.8, "saturated " + layer.saturatedFraction());
    }

    @Test
    void hiddenCoordinatesAreTheNeuronsOutputs() {
        Samples data = plane(5, 2);
        Network net = Network.create(NetworkSpec.of(2, new int[] {3}, new Activation.Tanh(), 1, new Activation.Tanh(),
                Loss.SQUARED_ERROR), Initialization.of(Initialization.Kind.PLAYGROUND), new Rng(3));
        double[][] xy = NetworkInsight.hiddenCoordinates(net, data, 1, 0, 2);
        double[] expectedX = new double[5];
        double[] expectedY = new double[5];
        for (int s = 0; s < 5; s++) {
            double[][] out = net.traceForward(data.inputs(), s * 2).output();
            expectedX[s] = out[1][0];
            expectedY[s] = out[1][2];
        }
        assertArrayEquals(expectedX, xy[0], 0);
        assertArrayEquals(expectedY, xy[1], 0);
    }
}
