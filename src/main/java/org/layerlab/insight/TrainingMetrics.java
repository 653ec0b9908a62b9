package org.layerlab.insight;

import org.layerlab.training.Trainer;

/**
 * How well the network does right now: mean loss and accuracy on the training and the test
 * points. NaN where undefined: accuracy for regression, everything "test" for an empty test set.
 */
public record TrainingMetrics(double trainLoss, double testLoss, double trainAccuracy, double testAccuracy) {

    /** Nothing measured yet. */
    public static final TrainingMetrics UNDEFINED = new TrainingMetrics(Double.NaN, Double.NaN, Double.NaN,
            Double.NaN);

    /** Evaluates the trainer's network on both sets (a forward pass per point, no allocation). */
    public static TrainingMetrics of(Trainer trainer) {
        Trainer.Evaluation train = trainer.evaluateTrain();
        Trainer.Evaluation test = trainer.evaluateTest();
        return new TrainingMetrics(train.loss(), test.loss(), train.accuracy(), test.accuracy());
    }
}
