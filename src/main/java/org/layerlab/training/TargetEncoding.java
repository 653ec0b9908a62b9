package org.layerlab.training;

import org.layerlab.data.Problem;
import org.layerlab.data.Task;
import org.layerlab.engine.Activation;

/**
 * How a label becomes the numbers the output layer should produce, and how outputs become a
 * predicted class — both depend on the output's range.
 *
 * <ul>
 *   <li>two classes, one output: tanh or linear aim at ±1 (TensorFlow Playground's), sigmoid at 0/1;
 *       the predicted class is the output's side of the middle (0, or 0.5 for sigmoid);</li>
 *   <li>k classes, k outputs: one-hot (1 for the label's output, the low end of the range for the
 *       others); the predicted class is the largest output;</li>
 *   <li>regression, one output: the label itself; no accuracy.</li>
 * </ul>
 */
public record TargetEncoding(Task task, Activation outputActivation) {

    public int width() {
        return task.outputCount();
    }

    /** The low end of the output's range used for "not this class". */
    private double low() {
        return outputActivation instanceof Activation.Tanh ? -1 : 0;
    }

    /** Writes label's targets at {@code targets[offset ..]}. */
    public void encode(double label, double[] targets, int offset) {
        switch (task.problem()) {
            case CLASSIFICATION:
                // Any positive label is the positive class, so 0/1 labels work as well as ±1.
                boolean positive = label > 0;
                targets[offset] = outputActivation instanceof Activation.Sigmoid
                        ? (positive ? 1 : 0) : (positive ? 1 : -1);
                break;
            case MULTICLASS:
                for (int k = 0; k < task.classCount(); k++) {
                    targets[offset + k] = k == (int) label ? 1 : low();
                }
                break;
            default:
                targets[offset] = label;
        }
    }

    /** Whether the outputs at {@code outputs[offset ..]} predict {@code label}; false for regression. */
    public boolean isCorrect(double[] outputs, int offset, double label) {
        switch (task.problem()) {
            case CLASSIFICATION:
                return predictedLabel(outputs, offset) == (label > 0 ? 1 : -1);
            case MULTICLASS:
                return predictedLabel(outputs, offset) == label;
            default:
                return false;
        }
    }

    /** The label the outputs predict (for regression, the output itself). */
    public double predictedLabel(double[] outputs, int offset) {
        switch (task.problem()) {
            case CLASSIFICATION:
                double middle = outputActivation instanceof Activation.Sigmoid ? 0.5 : 0;
                return outputs[offset] >= middle ? 1 : -1;
            case MULTICLASS:
                int best = 0;
                for (int k = 1; k < task.classCount(); k++) {
                    if (outputs[offset + k] > outputs[offset + best]) {
                        best = k;
                    }
                }
                return best;
            default:
                return outputs[offset];
        }
    }
}
