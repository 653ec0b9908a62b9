package org.layerlab.training;

import java.util.concurrent.CancellationException;

/**
 * The outcome of training one experiment for a fixed number of epochs, with no early stop: the
 * losses before and after, and whether (and when) training diverged.
 *
 * @param initialTrainLoss   the mean training loss of the initial weights
 * @param finalTrainLoss     after the last epoch; NaN when diverged
 * @param finalTestLoss      after the last epoch; NaN when diverged or without a test set
 * @param finalTrainAccuracy the fraction classified correctly (NaN for regression or when diverged)
 * @param finalTestAccuracy  the same on the test set
 * @param divergedAtEpoch    the epoch in which a weight became NaN or infinite (or, with finite weights,
 *                           the last epoch when the final loss overflowed to ∞), or -1
 */
public record FixedEpochRun(double initialTrainLoss, double finalTrainLoss, double finalTestLoss,
                            double finalTrainAccuracy, double finalTestAccuracy, int divergedAtEpoch) {

    /** True when training diverged ({@link Trainer#diverged()}: a weight became NaN or ±∞). */
    public boolean diverged() {
        return divergedAtEpoch >= 0;
    }

    /**
     * Trains {@code trainer} for {@code epochs} epochs, stopping only if it diverges.
     *
     * @throws CancellationException when the calling thread is interrupted (checked every epoch), so
     *                               that a cancelled job stops within one epoch
     */
    public static FixedEpochRun train(Trainer trainer, int epochs) {
        Training training = new Training(trainer, epochs);
        while (!training.step()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("cancelled");
            }
        }
        return training.result();
    }

    /** The same training, one epoch per {@link #step()}. */
    public static final class Training {
        private final Trainer trainer;
        private final int epochs;
        private final double initialLoss;
        private int epochsDone;
        private FixedEpochRun result;

        /** Measures the initial loss; trains nothing yet. */
        public Training(Trainer trainer, int epochs) {
            if (epochs < 0) {
                throw new IllegalArgumentException("epochs must be at least 0, got " + epochs);
            }
            this.trainer = trainer;
            this.epochs = epochs;
            this.initialLoss = trainer.evaluateTrain().loss();
            if (epochs == 0) {
                finish(-1);
            }
        }

        /** Trains one epoch; true once the run is over (all epochs, or diverged) and the result is ready. */
        public boolean step() {
            if (result != null) {
                return true;
            }
            trainer.trainEpoch();
            epochsDone++;
            if (trainer.diverged()) {
                finish(epochsDone);
            } else if (epochsDone == epochs) {
                finish(-1);
            }
            return result != null;
        }

        private void finish(int divergedAt) {
            if (divergedAt >= 0) {
                result = new FixedEpochRun(initialLoss, Double.NaN, Double.NaN, Double.NaN, Double.NaN, divergedAt);
                return;
            }
            Trainer.Evaluation train = trainer.evaluateTrain();
            Trainer.Evaluation test = trainer.evaluateTest();
            if (!Double.isFinite(train.loss())) {
                // Finite weights, yet outputs so large that the loss overflowed (a ReLU regression
                // network): as useless as NaN weights, and shown the same way.
                result = new FixedEpochRun(initialLoss, Double.NaN, Double.NaN, Double.NaN, Double.NaN, epochs);
                return;
            }
            result = new FixedEpochRun(initialLoss, train.loss(), test.loss(), train.accuracy(), test.accuracy(), -1);
        }

        public int epochsDone() {
            return epochsDone;
        }

        /** The outcome; null until {@link #step()} returned true. */
        public FixedEpochRun result() {
            return result;
        }
    }
}
