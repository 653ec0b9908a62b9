package org.layerlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The batched activation loops give exactly the numbers of the per-number functions. */
class ActivationValuesTest {

    /** Edge cases around the branches and the overflow of e^2x, then random numbers of every size. */
    private static double[] inputs() {
        double[] edges = {0.0, -0.0, 20, -20, Math.nextUp(20.0), Math.nextDown(-20.0), 18.4, 18.5, -18.4, 26.5,
            354.8, 354.9, 355, -372, -373, 710, -745, -746, 1e308, -1e308, Double.MAX_VALUE, -Double.MAX_VALUE,
            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.NaN, 1e-300, -1e-17, 36.7, 37, -36.7, -37};
        Random random = new Random(11);
        double[] all = new double[edges.length + 20_000];
        System.arraycopy(edges, 0, all, 0, edges.length);
        for (int i = edges.length; i < all.length; i++) {
            double magnitude = Math.pow(10, -20 + 24 * random.nextDouble());
            all[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        return all;
    }

    @Test
    void tanhValuesEqualsTanhBitForBit() {
        double[] x = inputs();
        double[] y = new double[x.length];
        new Activation.Tanh().values(x, y, 0, x.length);
        for (int k = 0; k < x.length; k++) {
            assertEquals(Double.doubleToRawLongBits(Activation.tanh(x[k])), Double.doubleToRawLongBits(y[k]),
                    "tanh(" + x[k] + ")");
        }
    }

    @Test
    void sigmoidValuesEqualsSigmoidBitForBit() {
        double[] x = inputs();
        double[] y = new double[x.length];
        Activation.Sigmoid sigmoid = new Activation.Sigmoid();
        sigmoid.values(x, y, 0, x.length);
        for (int k = 0; k < x.length; k++) {
            assertEquals(Double.doubleToRawLongBits(sigmoid.value(x[k])), Double.doubleToRawLongBits(y[k]),
                    "sigmoid(" + x[k] + ")");
        }
    }

    @Test
    void onlyTheAskedRangeIsWritten() {
        double[] x = {1, 2, 3, 4};
        double[] y = {-7, -7, -7, -7};
        new Activation.Tanh().values(x, y, 1, 3);
        assertEquals(-7, y[0]);
        assertEquals(Activation.tanh(2), y[1]);
        assertEquals(Activation.tanh(3), y[2]);
        assertEquals(-7, y[3]);
    }
}
