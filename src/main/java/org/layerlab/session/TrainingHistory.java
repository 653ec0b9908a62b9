package org.layerlab.session;

import org.layerlab.insight.TrainingMetrics;
import org.layerlab.protocol.History;

/**
 * The losses and accuracies of a run, kept to at most {@value #MAX_ROWS} rows spread evenly over
 * the run however long it gets.
 *
 * <p>Rows come at frame times and at least every few epochs. When the table fills, every other row
 * is dropped and from then on a new row is kept only if it lies at least the table's mean row
 * spacing after the previous one, so old and new parts of the run stay equally dense. Preallocated
 * columns: recording a row allocates nothing.
 */
final class TrainingHistory {
    static final int MAX_ROWS = 2000;

    private final double[] epoch = new double[MAX_ROWS];
    private final double[] trainLoss = new double[MAX_ROWS];
    private final double[] testLoss = new double[MAX_ROWS];
    private final double[] trainAccuracy = new double[MAX_ROWS];
    private final double[] testAccuracy = new double[MAX_ROWS];
    private int rows;
    /** The smallest epoch distance between kept rows; 0 until the table first fills. */
    private double minSpacing;

    void clear() {
        rows = 0;
        minSpacing = 0;
    }

    int rows() {
        return rows;
    }

    /** The epoch of the last row, or −∞ if there is none. */
    double lastEpoch() {
        return rows == 0 ? Double.NEGATIVE_INFINITY : epoch[rows - 1];
    }

    double minSpacing() {
        return minSpacing;
    }

    /** Whether a row at {@code at} would be kept: worth measuring the metrics for. */
    boolean wants(double at) {
        return rows == 0 || at - epoch[rows - 1] >= minSpacing && at != epoch[rows - 1];
    }

    /** Records a row if {@link #wants} it; a row at the same epoch as the last replaces it. */
    void record(double at, TrainingMetrics metrics) {
        if (rows > 0 && at == epoch[rows - 1]) {
            rows--;
        } else if (!wants(at)) {
            return;
        }
        epoch[rows] = at;
        trainLoss[rows] = metrics.trainLoss();
        testLoss[rows] = metrics.testLoss();
        trainAccuracy[rows] = metrics.trainAccuracy();
        testAccuracy[rows] = metrics.testAccuracy();
        rows++;
        if (rows == MAX_ROWS) {
            thin();
        }
    }

    /** Keeps rows 0, 2, 4, …: half the rows, evenly spread, and the spacing that keeps them so. */
    private void thin() {
        int kept = 0;
        for (int r = 0; r < rows; r += 2) {
            epoch[kept] = epoch[r];
            trainLoss[kept] = trainLoss[r];
            testLoss[kept] = testLoss[r];
            trainAccuracy[kept] = trainAccuracy[r];
            testAccuracy[kept] = testAccuracy[r];
            kept++;
        }
        rows = kept;
        minSpacing = (epoch[rows - 1] - epoch[0]) / (rows - 1);
    }

    History toHistory() {
        return new History(copy(epoch), copy(trainLoss), copy(testLoss), copy(trainAccuracy), copy(testAccuracy));
    }

    private double[] copy(double[] column) {
        return java.util.Arrays.copyOf(column, rows);
    }

    /** Replaces the table by {@code history} (a restored session). */
    void load(History history) {
        clear();
        int n = Math.min(history.rows(), MAX_ROWS - 1);
        int from = history.rows() - n;
        for (int r = 0; r < n; r++) {
            epoch[r] = history.epoch()[from + r];
            trainLoss[r] = history.trainLoss()[from + r];
            testLoss[r] = history.testLoss()[from + r];
            trainAccuracy[r] = history.trainAccuracy()[from + r];
            testAccuracy[r] = history.testAccuracy()[from + r];
        }
        rows = n;
        if (rows >= MAX_ROWS / 2) {
            minSpacing = (epoch[rows - 1] - epoch[0]) / (rows - 1);
        }
    }
}
