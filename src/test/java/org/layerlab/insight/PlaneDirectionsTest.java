package org.layerlab.insight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.Activation;
import org.layerlab.engine.Initialization;
import org.layerlab.engine.Loss;
import org.layerlab.engine.Network;
import org.layerlab.engine.NetworkSpec;
import org.layerlab.engine.Rng;

class PlaneDirectionsTest {

    /** 3 inputs, hidden layers of 5 and 4, 2 outputs: rows of 3, 5 and 4 weights. */
    private static Network network() {
        NetworkSpec spec = NetworkSpec.of(3, new int[] {5, 4}, new Activation.Tanh(), 2, new Activation.Tanh(),
                Loss.SQUARED_ERROR);
        return Network.create(spec, Initialization.of(Initialization.Kind.PLAYGROUND), new Rng(7));
    }

    private static double rowNorm(double[] v, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += v[i] * v[i];
        }
        return Math.sqrt(sum);
    }

    @Test
    void everyNeuronsRowOfTheDirectionHasTheNormOfItsWeightsAndBiasesStayPut() {
        Network network = network();
        double[] theta = network.parameters().clone();
        theta[network.weightOffset(2) + 4] = 0; // a row with one zero weight still has a norm
        for (int i = 0; i < 5; i++) {
            theta[network.weightOffset(2) + 3 * 5 + i] = 0; // neuron 3 of layer 2: an all-zero row
        }
        double[] d = PlaneDirections.filterNormalized(network, theta, new Rng(11));
        int rows = 0;
        for (int l = 1; l <= network.layerCount(); l++) {
            int fanIn = network.layerSize(l - 1);
            for (int j = 0; j < network.layerSize(l); j++) {
                int row = network.weightOffset(l) + j * fanIn;
                assertEquals(rowNorm(theta, row, fanIn), rowNorm(d, row, fanIn), 1e-12 * (1 + rowNorm(theta, row, fanIn)),
                        "layer " + l + ", neuron " + j);
                rows++;
            }
            for (int j = 0; j < network.layerSize(l); j++) {
                assertEquals(0.0, d[network.biasOffset(l) + j], "bias " + j + " of layer " + l);
            }
        }
        assertEquals(5 + 4 + 2, rows);
        assertEquals(0.0, rowNorm(d, network.weightOffset(2) + 3 * 5, 5), "a zero row gets a zero direction");
        // it is random: not the weights themselves, and the same generator gives the same direction
        assertTrue(Math.abs(d[0] - theta[0]) > 1e-6);
        assertArrayEquals(d, PlaneDirections.filterNormalized(network, theta, new Rng(11)), 0);
    }

    @Test
    void aPathInThePlaneIsProjectedBackToItsCoordinatesWithNoResidual() {
        Network network = network();
        double[] theta = network.parameters().clone();
        Rng rng = new Rng(3);
        double[] d1 = PlaneDirections.filterNormalized(network, theta, rng);
        double[] d2 = PlaneDirections.filterNormalized(network, theta, rng);
        double[] alphas = {-0.8, -0.3, 0.25, 0.6, 0};
        double[] betas = {0.5, -0.7, 0.1, 0.9, 0};
        List<double[]> path = new ArrayList<>();
        for (int t = 0; t < alphas.length; t++) {
            double[] p = new double[theta.length];
            for (int k = 0; k < p.length; k++) {
                p[k] = theta[k] + alphas[t] * d1[k] + betas[t] * d2[k];
            }
            path.add(p);
        }
        PlaneDirections.Projection projection = PlaneDirections.project(path, theta, d1, d2);
        assertArrayEquals(alphas, projection.alpha(), 1e-12);
        assertArrayEquals(betas, projection.beta(), 1e-12);
        assertEquals(0, projection.residualFraction(), 1e-20);
        for (double r : projection.residual()) {
            assertEquals(0, r, 1e-20);
        }
    }

    @Test
    void aStepOffThePlaneIsTheResidualShareOfTheSquaredDistance() {
        // in R^3: the plane is spanned by e1 and e1 + e2 (not orthogonal); the point (1, 2, 2) has its
        // shadow (1, 2, 0) = −1·e1 + 2·(e1 + e2) and lies 2 off the plane: residual 4 / 9
        double[] centre = {0, 0, 0};
        double[] d1 = {1, 0, 0};
        double[] d2 = {1, 1, 0};
        PlaneDirections.Projection p = PlaneDirections.project(List.of(new double[] {1, 2, 2}, centre.clone()), centre,
                d1, d2);
        assertEquals(-1, p.alpha()[0], 1e-15);
        assertEquals(2, p.beta()[0], 1e-15);
        assertEquals(4.0 / 9, p.residual()[0], 1e-15);
        assertEquals(0, p.residual()[1], 0, "the centre itself lies in the plane");
        assertEquals(4.0 / 9, p.residualFraction(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> PlaneDirections.project(List.of(centre), centre, d1,
                new double[] {2, 0, 0}));
    }

    @Test
    void principalDirectionsExplainThePathAndTheirSharesAddUpToWhatThePlaneHolds() {
        Rng rng = new Rng(5);
        int p = 12;
        double[] centre = new double[p];
        for (int k = 0; k < p; k++) {
            centre[k] = rng.gaussian(0, 1);
        }
        // a curved path with a little noise in every direction
        List<double[]> path = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            double s = 1 - t / 19.0;
            double[] point = centre.clone();
            point[0] += 3 * s;
            point[1] += 2 * s * s;
            for (int k = 0; k < p; k++) {
                point[k] += t == 19 ? 0 : 0.05 * rng.gaussian(0, 1);
            }
            path.add(point);
        }
        double[] fallback = new double[p];
        fallback[2] = 1;
        double[][] principal = PlaneDirections.principal(path, centre, 2.5, fallback);
        double[] d1 = principal[0];
        double[] d2 = principal[1];
        double[] shares = principal[2];
        assertEquals(2.5, Math.sqrt(PlaneDirections.dot(d1, d1)), 1e-12);
        assertEquals(2.5, Math.sqrt(PlaneDirections.dot(d2, d2)), 1e-12);
        assertEquals(0, PlaneDirections.dot(d1, d2), 1e-10, "principal directions are orthogonal");
        assertTrue(shares[0] > shares[1] && shares[1] > 0);
        PlaneDirections.Projection projection = PlaneDirections.project(path, centre, d1, d2);
        assertEquals(shares[0] + shares[1], 1 - projection.residualFraction(), 1e-10);
        assertTrue(projection.alpha()[0] < 0, "the path starts at negative coordinates");
        // the best plane: no other plane through the centre holds more, e.g. not the one of the true axes
        double[] e0 = new double[p];
        double[] e1 = new double[p];
        e0[0] = 1;
        e1[1] = 1;
        assertTrue(PlaneDirections.project(path, centre, e0, e1).residualFraction() >= projection.residualFraction());
    }

    @Test
    void aStraightPathTakesTheFallbackMadeOrthogonalAsItsSecondDirection() {
        double[] centre = {1, 1, 1};
        List<double[]> path = List.of(new double[] {3, 1, 1}, new double[] {2, 1, 1}, centre.clone());
        double[][] principal = PlaneDirections.principal(path, centre, 1, new double[] {1, 1, 0});
        assertArrayEquals(new double[] {-1, 0, 0}, principal[0], 1e-15);
        assertArrayEquals(new double[] {0, 1, 0}, principal[1], 1e-15);
        assertArrayEquals(new double[] {1, 0}, principal[2], 1e-15);
    }

    @Test
    void jacobiFindsTheEigenvaluesAndVectorsOfASymmetricMatrix() {
        // [[2, 1], [1, 2]]: eigenvalues 3 (along (1, 1)) and 1 (along (1, −1))
        double[][] vectors = new double[2][2];
        double[] values = SymmetricEigen.decompose(new double[][] {{2, 1}, {1, 2}}, vectors);
        int[] order = SymmetricEigen.descending(values);
        assertEquals(3, values[order[0]], 1e-14);
        assertEquals(1, values[order[1]], 1e-14);
        assertEquals(Math.abs(vectors[0][order[0]]), Math.abs(vectors[1][order[0]]), 1e-14);
        // a random 7 × 7 matrix is rebuilt from V Λ Vᵀ
        Rng rng = new Rng(9);
        int n = 7;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = rng.gaussian(0, 1);
                a[j][i] = a[i][j];
            }
        }
        double[][] copy = new double[n][];
        for (int i = 0; i < n; i++) {
            copy[i] = a[i].clone();
        }
        double[][] v = new double[n][n];
        double[] lambda = SymmetricEigen.decompose(copy, v);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += v[i][k] * lambda[k] * v[j][k];
                }
                assertEquals(a[i][j], sum, 1e-12, "entry " + i + "," + j);
            }
        }
    }
}
