package org.layerlab.protocol;

/**
 * A run's losses and accuracies, one row per recorded moment, oldest first: the {@code history}
 * event. NaN stands for undefined (accuracy in regression, test figures without test points) and
 * is sent as JSON null.
 */
public record History(double[] epoch, double[] trainLoss, double[] testLoss, double[] trainAccuracy,
                      double[] testAccuracy) {
    public History {
        int n = epoch.length;
        if (trainLoss.length != n || testLoss.length != n || trainAccuracy.length != n || testAccuracy.length != n) {
            throw new IllegalArgumentException("history columns must have one entry per row");
        }
        epoch = epoch.clone();
        trainLoss = trainLoss.clone();
        testLoss = testLoss.clone();
        trainAccuracy = trainAccuracy.clone();
        testAccuracy = testAccuracy.clone();
    }

    public int rows() {
        return epoch.length;
    }
}
