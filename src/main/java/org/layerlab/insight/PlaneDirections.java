package org.layerlab.insight;

import java.util.List;
import org.layerlab.engine.Network;
import org.layerlab.engine.Rng;

/**
 * The two directions that span a plane through a network's weights, and the projection of a
 * training path onto that plane (Li, Xu, Taylor, Studer and Goldstein 2018, "Visualizing the Loss
 * Landscape of Neural Nets").
 *
 * <p>All vectors have the layout of {@link Network#parameters()}: per layer, row j of the weights
 * (neuron j's incoming weights — what the paper calls a filter), then the layer's biases.
 */
public final class PlaneDirections {
    private PlaneDirections() {
    }

    /**
     * A random direction, normalised filter-wise: a Gaussian vector whose every row — one neuron's
     * incoming weights — is rescaled to the norm of the same row of {@code theta}, so that the
     * direction is as large, neuron by neuron, as the weights it perturbs. Without this, a step of
     * α = 1 would mean little for a neuron with large weights and everything for one with small
     * weights, and the sharpness of two networks could not be compared (the paper's section 4).
     *
     * <p>Biases get a zero direction, as in the paper's plots (its code's {@code ignore='biasbn'}
     * option, which its commands use): the plane moves the weights only, the biases stay at their
     * trained values. A row of zero weights gets a zero direction.
     *
     * @param layout a network of the shape of {@code theta} (only its offsets and sizes are read)
     */
    public static double[] filterNormalized(Network layout, double[] theta, Rng rng) {
        requireLength(layout, theta, "theta");
        double[] direction = new double[theta.length];
        for (int l = 1; l <= layout.layerCount(); l++) {
            int fanIn = layout.layerSize(l - 1);
            for (int j = 0; j < layout.layerSize(l); j++) {
                int row = layout.weightOffset(l) + j * fanIn;
                double randomNorm = 0;
                double weightNorm = 0;
                for (int i = 0; i < fanIn; i++) {
                    double d = rng.gaussian(0, 1);
                    direction[row + i] = d;
                    randomNorm += d * d;
                    weightNorm += theta[row + i] * theta[row + i];
                }
                randomNorm = Math.sqrt(randomNorm);
                weightNorm = Math.sqrt(weightNorm);
                double scale = randomNorm == 0 ? 0 : weightNorm / randomNorm;
                for (int i = 0; i < fanIn; i++) {
                    direction[row + i] *= scale;
                }
            }
            // Biases: the direction stays 0 (see above).
        }
        return direction;
    }

    /**
     * The two principal directions of a training path, the paper's section 7: the leading right
     * singular vectors of M = [θ_0 − θ_n; …; θ_{n−1} − θ_n], here without centring, so that the plane
     * through θ_n that they span is the one closest to the path in the least-squares sense and its
     * explained share equals 1 − {@link Projection#residualFraction()} exactly.
     *
     * <p>Each direction is a unit vector times {@code length} (LossLandscape passes the norm of the
     * weights, so that α = 1 is a step as long as in the random, filter-normalised plane). The sign is
     * chosen so that the path starts at negative coordinates. When the path is a straight line (the
     * second singular value vanishes), the second direction is {@code fallback} made orthogonal to
     * the first.
     *
     * @param path   the recorded weights, oldest first; the plane passes through {@code centre}
     * @param centre θ_n, usually the last point of the path
     * @return {d1, d2, {share1, share2}}: the directions and the share of Σ‖θ_t − θ_n‖² each explains
     */
    public static double[][] principal(List<double[]> path, double[] centre, double length, double[] fallback) {
        int n = path.size();
        int p = centre.length;
        double[][] v = new double[n][p];
        for (int t = 0; t < n; t++) {
            if (path.get(t).length != p) {
                throw new IllegalArgumentException("path[" + t + "] has " + path.get(t).length
                        + " parameters, the centre " + p);
            }
            for (int k = 0; k < p; k++) {
                v[t][k] = path.get(t)[k] - centre[k];
            }
        }
        double[][] gram = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double dot = dot(v[a], v[b]);
                gram[a][b] = dot;
                gram[b][a] = dot;
            }
        }
        double trace = 0;
        for (int a = 0; a < n; a++) {
            trace += gram[a][a];
        }
        if (!(trace > 0)) {
            throw new IllegalArgumentException("the path does not move: every recorded point equals the centre,"
                    + " so it has no principal directions");
        }
        double[][] eigenvectors = new double[n][n];
        double[] eigenvalues = SymmetricEigen.decompose(gram, eigenvectors);
        int[] order = SymmetricEigen.descending(eigenvalues);
        double[][] directions = new double[3][];
        double[] shares = new double[2];
        for (int k = 0; k < 2; k++) {
            int e = order.length > k ? order[k] : -1;
            double lambda = e < 0 ? 0 : Math.max(0, eigenvalues[e]);
            double[] d = new double[p];
            if (lambda > 1e-12 * trace) {
                // the right singular vector: Mᵀu / σ, a unit vector since ‖Mᵀu‖² = λ
                for (int t = 0; t < n; t++) {
                    double weight = eigenvectors[t][e];
                    for (int c = 0; c < p; c++) {
                        d[c] += weight * v[t][c];
                    }
                }
                normalize(d);
                shares[k] = lambda / trace;
            } else {
                // a straight path: any direction orthogonal to the first spans a plane that holds it
                System.arraycopy(fallback, 0, d, 0, p);
                double along = dot(d, directions[0]);
                for (int c = 0; c < p; c++) {
                    d[c] -= along * directions[0][c];
                }
                if (!normalize(d)) {
                    throw new IllegalArgumentException("the fallback direction is parallel to the path");
                }
                shares[k] = 0;
            }
            if (dot(d, v[0]) > 0) {
                for (int c = 0; c < p; c++) {
                    d[c] = -d[c];
                }
            }
            directions[k] = d;
        }
        // unit vectors so far (the fallback was made orthogonal to a unit first direction); now the length
        for (int k = 0; k < 2; k++) {
            for (int c = 0; c < p; c++) {
                directions[k][c] *= length;
            }
        }
        directions[2] = shares;
        return directions;
    }

    /**
     * A path projected onto the plane θ_c + α·d1 + β·d2.
     *
     * @param alpha            per point, the least-squares α of θ_t − θ_c on [d1 d2]
     * @param beta             the same for β
     * @param residual         per point, ‖θ_t − θ_c − α·d1 − β·d2‖² / ‖θ_t − θ_c‖² (0 where θ_t = θ_c)
     * @param residualFraction Σ_t ‖residual_t‖² / Σ_t ‖θ_t − θ_c‖²: the share of the path's squared
     *                         distance from the centre that lies off the plane (0 when it lies in
     *                         it, near 1 when the plane is nearly orthogonal to it); NaN for a path
     *                         that never leaves the centre
     */
    public record Projection(double[] alpha, double[] beta, double[] residual, double residualFraction) {
    }

    /** Projects every point of {@code path} onto the plane through {@code centre} spanned by d1 and d2. */
    public static Projection project(List<double[]> path, double[] centre, double[] d1, double[] d2) {
        double a11 = dot(d1, d1);
        double a12 = dot(d1, d2);
        double a22 = dot(d2, d2);
        double det = a11 * a22 - a12 * a12;
        if (!(det > 1e-12 * a11 * a22)) {
            throw new IllegalArgumentException("the two directions are parallel (or zero): they span no plane");
        }
        int n = path.size();
        double[] alpha = new double[n];
        double[] beta = new double[n];
        double[] residual = new double[n];
        double offSum = 0;
        double totalSum = 0;
        double[] v = new double[centre.length];
        for (int t = 0; t < n; t++) {
            double[] point = path.get(t);
            for (int k = 0; k < v.length; k++) {
                v[k] = point[k] - centre[k];
            }
            double b1 = dot(d1, v);
            double b2 = dot(d2, v);
            // the 2 × 2 normal equations [d1·d1 d1·d2; d1·d2 d2·d2] [α β]ᵀ = [d1·v d2·v]ᵀ, by Cramer's rule
            double a = (b1 * a22 - b2 * a12) / det;
            double b = (a11 * b2 - a12 * b1) / det;
            double off = 0;
            double total = 0;
            for (int k = 0; k < v.length; k++) {
                double r = v[k] - a * d1[k] - b * d2[k];
                off += r * r;
                total += v[k] * v[k];
            }
            alpha[t] = a;
            beta[t] = b;
            residual[t] = total == 0 ? 0 : off / total;
            offSum += off;
            totalSum += total;
        }
        return new Projection(alpha, beta, residual, totalSum == 0 ? Double.NaN : offSum / totalSum);
    }

    /** The Euclidean norm of the weights only (biases left out), in {@code layout}'s layout. */
    public static double weightNorm(Network layout, double[] theta) {
        requireLength(layout, theta, "theta");
        double sum = 0;
        for (int l = 1; l <= layout.layerCount(); l++) {
            for (int k = layout.weightOffset(l); k < layout.biasOffset(l); k++) {
                sum += theta[k] * theta[k];
            }
        }
        return Math.sqrt(sum);
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }

    /** Scales {@code d} to unit length; false (and unchanged) when it is zero. */
    private static boolean normalize(double[] d) {
        double norm = Math.sqrt(dot(d, d));
        if (!(norm > 0)) {
            return false;
        }
        for (int k = 0; k < d.length; k++) {
            d[k] /= norm;
        }
        return true;
    }

    private static void requireLength(Network layout, double[] values, String name) {
        if (values.length != layout.parameters().length) {
            throw new IllegalArgumentException(name + " has " + values.length + " entries, the network "
                    + layout.parameters().length + " parameters");
        }
    }
}
