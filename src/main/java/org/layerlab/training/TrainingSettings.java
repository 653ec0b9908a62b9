package org.layerlab.training;

import org.layerlab.engine.Regularization;

/**
 * The settings a student may change while a network trains, without resetting it.
 *
 * @param learningRate       η, in (0, 10]
 * @param batchSize          samples per update, in [1, 1000]
 * @param regularization     penalty on the weights
 * @param regularizationRate λ, in [0, 10]
 */
public record TrainingSettings(double learningRate, int batchSize, Regularization regularization,
                               double regularizationRate) {

    public static final double MAX_LEARNING_RATE = 10;
    public static final int MAX_BATCH_SIZE = 1000;
    public static final double MAX_REGULARIZATION_RATE = 10;

    public TrainingSettings {
        if (!(learningRate > 0 && learningRate <= MAX_LEARNING_RATE)) {
            throw new IllegalArgumentException("training.learningRate must be in (0, "
                    + MAX_LEARNING_RATE + "], got " + learningRate);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("training.batchSize must be in [1, " + MAX_BATCH_SIZE
                    + "], got " + batchSize);
        }
        java.util.Objects.requireNonNull(regularization, "training.regularization");
        if (!(regularizationRate >= 0 && regularizationRate <= MAX_REGULARIZATION_RATE)) {
            throw new IllegalArgumentException("training.regularizationRate must be in [0, "
                    + MAX_REGULARIZATION_RATE + "], got " + regularizationRate);
        }
    }
}
