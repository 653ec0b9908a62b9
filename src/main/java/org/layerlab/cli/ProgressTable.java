package org.layerlab.cli;

import java.util.Locale;
import org.layerlab.training.Trainer;

/**
 * The progress lines of a training run: every epoch for short runs, every k-th epoch for long ones
 * so that at most about {@code maxLines} lines are printed, and always the last epoch. The speed
 * column is measured over the epochs since the previous line.
 */
final class ProgressTable {
    static final String HEADER = String.format(Locale.ROOT, "%8s  %10s  %10s  %9s  %9s  %9s",
            "epoch", "train loss", "test loss", "train acc", "test acc", "epochs/s");

    private final int totalEpochs;
    private final int every;
    private long lastNanos;
    private int lastEpoch;

    ProgressTable(int totalEpochs, int maxLines, long startNanos) {
        this.totalEpochs = totalEpochs;
        this.every = Math.max(1, (totalEpochs + maxLines - 1) / maxLines);
        this.lastNanos = startNanos;
    }

    /** How many epochs apart the lines are. */
    int every() {
        return every;
    }

    boolean isDue(int epoch) {
        return epoch % every == 0 || epoch == totalEpochs;
    }

    String line(int epoch, Trainer.Evaluation train, Trainer.Evaluation test, long nowNanos) {
        double seconds = (nowNanos - lastNanos) / 1e9;
        double epochsPerSecond = seconds > 0 ? (epoch - lastEpoch) / seconds : Double.NaN;
        lastNanos = nowNanos;
        lastEpoch = epoch;
        return String.format(Locale.ROOT, "%8d  %10s  %10s  %9s  %9s  %9s", epoch, loss(train.loss()),
                loss(test.loss()), percent(train.accuracy()), percent(test.accuracy()), speed(epochsPerSecond));
    }

    private static String loss(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.6f", value);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static String speed(double epochsPerSecond) {
        return Double.isNaN(epochsPerSecond) ? "-" : String.format(Locale.ROOT, "%.0f", epochsPerSecond);
    }
}
