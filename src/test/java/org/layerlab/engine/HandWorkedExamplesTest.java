package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine against examples worked out by hand, step by step. */
class HandWorkedExamplesTest {
    private static final double EXACT = 1e-12;

    /**
     * A 2-2-1 tanh network, squared error, one sample x = (1, −2), target 1.
     *
     * <pre>
     * hidden:  net = (0.5·1 − 0.25·(−2) + 0.1, 0.1·1 + 0.3·(−2) − 0.2) = (1.1, −0.7)
     *          h   = (tanh 1.1, tanh −0.7) = (0.80049902176063, −0.60436777711716)
     * output:  net = 0.7·h1 − 0.6·h2 + 0.05 = 0.97296998150274,  o = tanh(net) = 0.75000652172868
     * error:   E = ½(o − 1)² = 0.03124836958910,  ∂E/∂o = o − 1 = −0.24999347827132
     *          ∂o/∂net = 1 − o² = 0.43749021736444,  δ_out = product = −0.10936970114861
     * ∂E/∂w_out,j = δ_out·h_j = (−0.08755033877972, 0.06609952316715)
     * δ_hidden,j = w_out,j·δ_out·(1 − h_j²) = (−0.02750001842045, 0.04165276755814)
     * ∂E/∂w_ji = δ_j·x_i = ((−0.02750001842045, 0.05500003684089), (0.04165276755814, −0.08330553511629))
     * </pre>
     */
    @Test
    void twoTwoOneTanhNetworkMatchesTheHandWorkedChainRule() {
        Network net = new Network(NetworkSpec.of(2, new int[] {2}, new Activation.Tanh(), 1,
                new Activation.Tanh(), Loss.SQUARED_ERROR));
        net.setWeight(1, 0, 0, 0.5);
        net.setWeight(1, 0, 1, -0.25);
        net.setWeight(1, 1, 0, 0.1);
        net.setWeight(1, 1, 1, 0.3);
        net.setBias(1, 0, 0.1);
        net.setBias(1, 1, -0.2);
        net.setWeight(2, 0, 0, 0.7);
        net.setWeight(2, 0, 1, -0.6);
        net.setBias(2, 0, 0.05);

        BackwardTrace trace = net.traceBackward(new double[] {1, -2}, 0, new double[] {1}, 0);

        assertArrayEquals(new double[] {1.1, -0.7}, trace.forward().netInput()[1], EXACT);
        assertArrayEquals(new double[] {0.8004990217606297, -0.6043677771171636},
                trace.forward().output()[1], EXACT);
        assertEquals(0.9729699815027391, trace.forward().netInput()[2][0], EXACT);
        assertEquals(0.7500065217286837, trace.forward().output()[2][0], EXACT);
        assertEquals(0.03124836958909556, trace.loss(), EXACT);
        assertEquals(-0.24999347827131635, trace.errorByOutput()[2][0], EXACT);
        assertEquals(0.4374902173644416, trace.activationDerivative()[2][0], EXACT);
        assertEquals(-0.109369701148611, trace.delta()[2][0], EXACT);
        assertArrayEquals(new double[] {-0.08755033877971552, 0.06609952316715452},
                trace.weightGradient()[2], EXACT);
        assertArrayEquals(new double[] {-0.109369701148611}, trace.biasGradient()[2], EXACT);
        assertArrayEquals(new double[] {-0.027500018420445894, 0.04165276755814401}, trace.delta()[1], EXACT);
        assertArrayEquals(new double[] {-0.027500018420445894, 0.05500003684089179,
                0.04165276755814401, -0.08330553511628802}, trace.weightGradient()[1], EXACT);
        assertArrayEquals(trace.delta()[1], trace.biasGradient()[1], 0);
    }

    /**
     * Matt Mazur's widely reproduced "step by step backpropagation example": a 2-2-2 sigmoid network,
     * squared error summed over both outputs, inputs (0.05, 0.10), targets (0.01, 0.99), one step
     * with η = 0.5. His published figures: out_h1 = 0.593269992, out_o1 = 0.75136507,
     * E_total = 0.298371109, new w5 = 0.35891648, new w1 = 0.149780716.
     */
    @Test
    void mazurTwoTwoTwoSigmoidExampleAfterOneUpdate() {
        Network net = new Network(new NetworkSpec(2, List.of(2), List.of(new Activation.Sigmoid()), 2,
                new Activation.Sigmoid(), Loss.SQUARED_ERROR));
        double[] params = net.parameters();
        // layer 1: w1..w4, bias b1 = 0.35 shared by both hidden neurons
        net.setWeight(1, 0, 0, 0.15);
        net.setWeight(1, 0, 1, 0.20);
        net.setWeight(1, 1, 0, 0.25);
        net.setWeight(1, 1, 1, 0.30);
        net.setBias(1, 0, 0.35);
        net.setBias(1, 1, 0.35);
        // layer 2: w5..w8, bias b2 = 0.60
        net.setWeight(2, 0, 0, 0.40);
        net.setWeight(2, 0, 1, 0.45);
        net.setWeight(2, 1, 0, 0.50);
        net.setWeight(2, 1, 1, 0.55);
        net.setBias(2, 0, 0.60);
        net.setBias(2, 1, 0.60);

        double[] x = {0.05, 0.10};
        double[] t = {0.01, 0.99};
        double[] out = net.forward(x, 0);
        assertEquals(0.75136507, out[0], 1e-8);
        assertEquals(0.772928465, out[1], 1e-9);
        assertEquals(0.298371109, net.loss(t, 0), 1e-9);

        net.backward(t, 0);
        new Optimizer(OptimizerSpec.SGD, net).update(net, 0.5, Regularization.NONE, 0);
        assertEquals(0.35891648, net.weight(2, 0, 0), 1e-8);
        assertEquals(0.408666186, net.weight(2, 0, 1), 1e-9);
        assertEquals(0.511301270, net.weight(2, 1, 0), 1e-9);
        assertEquals(0.561370121, net.weight(2, 1, 1), 1e-9);
        assertEquals(0.149780716, net.weight(1, 0, 0), 1e-9);
        assertEquals(0.19956143, net.weight(1, 0, 1), 1e-8);
        assertEquals(0.24975114, net.weight(1, 1, 0), 1e-8);
        assertEquals(0.29950229, net.weight(1, 1, 1), 1e-8);
        assertEquals(params.length, 12);
    }
}
