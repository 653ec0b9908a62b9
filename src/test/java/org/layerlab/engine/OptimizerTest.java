package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Updates checked by hand on a 1-1 linear network: out = w·x + b, E = ½(out − t)². */
class OptimizerTest {

    private static Network oneWeight(double w, double b) {
        Network net = new Network(NetworkSpec.of(1, new int[0], new Activation.Linear(), 1, new Activation.Linear(),
                Loss.SQUARED_ERROR));
        net.setWeight(1, 0, 0, w);
        net.setBias(1, 0, b);
        return net;
    }

    /** Accumulates two samples: x = 1, t = 0 and x = 2, t = 0 → ∂E/∂w = out·x, ∂E/∂b = out. */
    private static void accumulateTwoSamples(Network net) {
        net.accumulate(new double[] {1}, 0, new double[] {0}, 0);
        net.accumulate(new double[] {2}, 0, new double[] {0}, 0);
    }

    @Test
    void sgdUsesTheBatchMeanGradient() {
        Network net = oneWeight(0.5, 0.1);
        accumulateTwoSamples(net);
        // out = 0.6 and 1.1; mean ∂E/∂w = (0.6·1 + 1.1·2)/2 = 1.4, mean ∂E/∂b = (0.6 + 1.1)/2 = 0.85
        new Optimizer(OptimizerSpec.SGD, net).update(net, 0.1, Regularization.NONE, 0);
        assertEquals(0.5 - 0.1 * 1.4, net.weight(1, 0, 0), 1e-15);
        assertEquals(0.1 - 0.1 * 0.85, net.bias(1, 0), 1e-15);
        assertEquals(0, net.accumulatedSamples());
    }

    @Test
    void l2ShrinksWeightsButNotBiases() {
        Network net = oneWeight(0.5, 0.1);
        accumulateTwoSamples(net);
        new Optimizer(OptimizerSpec.SGD, net).update(net, 0.1, Regularization.L2, 0.5);
        // TF Playground: w − η·g, then − η·λ·w_old
        assertEquals(0.5 - 0.1 * 1.4 - 0.1 * 0.5 * 0.5, net.weight(1, 0, 0), 1e-15);
        assertEquals(0.1 - 0.1 * 0.85, net.bias(1, 0), 1e-15);
    }

    @Test
    void l1StopsAWeightThatCrossesZeroAndFreezesIt() {
        Network net = oneWeight(0.01, 0);
        Optimizer optimizer = new Optimizer(OptimizerSpec.SGD, net);
        // no gradient (t = out), so only the penalty acts: 0.01 − 0.1·1·sign → −0.09 would cross zero
        net.accumulate(new double[] {1}, 0, new double[] {0.01}, 0);
        optimizer.update(net, 0.1, Regularization.L1, 1);
        assertEquals(0, net.weight(1, 0, 0), 0);
        assertTrue(optimizer.isFrozen(0));
        assertEquals(1, optimizer.frozenCount());
        // a frozen weight stays at zero whatever the gradient
        net.accumulate(new double[] {1}, 0, new double[] {5}, 0);
        optimizer.update(net, 0.1, Regularization.L1, 1);
        assertEquals(0, net.weight(1, 0, 0), 0);
        assertFalse(optimizer.isFrozen(1), "the bias is never regularized");
    }

    @Test
    void momentumAccumulatesVelocity() {
        Network net = oneWeight(0, 0);
        Optimizer optimizer = new Optimizer(OptimizerSpec.of(OptimizerSpec.Kind.MOMENTUM), net);
        // out = 0, t = −1 → ∂E/∂w = (0 − (−1))·1 = 1 while w stays near 0... keep x = 1 and recompute
        net.accumulate(new double[] {1}, 0, new double[] {-1}, 0);
        optimizer.update(net, 0.1, Regularization.NONE, 0);
        // v = 1, w = −0.1
        assertEquals(-0.1, net.weight(1, 0, 0), 1e-15);
        net.accumulate(new double[] {1}, 0, new double[] {-1}, 0);
        // out = w + b = −0.2; g_w = (−0.2 + 1)·1 = 0.8; v = 0.9·1 + 0.8 = 1.7; w = −0.1 − 0.17
        optimizer.update(net, 0.1, Regularization.NONE, 0);
        assertEquals(-0.27, net.weight(1, 0, 0), 1e-15);
    }

    @Test
    void adamsFirstStepMovesEachParameterByTheLearningRate() {
        Network net = oneWeight(0.5, 0.1);
        accumulateTwoSamples(net);
        Optimizer optimizer = new Optimizer(OptimizerSpec.of(OptimizerSpec.Kind.ADAM), net);
        optimizer.update(net, 0.01, Regularization.NONE, 0);
        // after bias correction m̂ = g and v̂ = g², so the step is η·g/(|g| + ε) ≈ η·sign(g)
        assertEquals(0.5 - 0.01 * 1.4 / (1.4 + 1e-8), net.weight(1, 0, 0), 1e-15);
        assertEquals(0.1 - 0.01 * 0.85 / (0.85 + 1e-8), net.bias(1, 0), 1e-15);
    }

    @Test
    void stateRestoresExactly() {
        Network a = oneWeight(0.5, 0.1);
        Optimizer optimizerA = new Optimizer(OptimizerSpec.of(OptimizerSpec.Kind.ADAM), a);
        accumulateTwoSamples(a);
        optimizerA.update(a, 0.01, Regularization.NONE, 0);

        Network b = oneWeight(0, 0);
        b.setParameters(a.parameters());
        Optimizer optimizerB = new Optimizer(OptimizerSpec.of(OptimizerSpec.Kind.ADAM), b);
        optimizerB.restore(optimizerA.state());

        accumulateTwoSamples(a);
        optimizerA.update(a, 0.01, Regularization.NONE, 0);
        accumulateTwoSamples(b);
        optimizerB.update(b, 0.01, Regularization.NONE, 0);
        assertEquals(a.weight(1, 0, 0), b.weight(1, 0, 0), 0);
        assertEquals(a.bias(1, 0), b.bias(1, 0), 0);
    }
}
