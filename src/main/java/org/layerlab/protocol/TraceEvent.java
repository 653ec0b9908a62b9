package org.layerlab.protocol;

import java.util.List;

/**
 * The {@code trace} event: one sample's pass through the network, forward and backward, with every
 * factor of the chain rule, the numeric gradient, and the single-sample SGD update (docs/protocol.md,
 * "Step-through backpropagation").
 *
 * @param split     "train" or "test" for a sample of the data, null for a point picked on the plane
 * @param index     the sample's index in its split, or null for a point on the plane
 * @param lossAfter the sample's loss after the update (computed on a copy of the network)
 */
public record TraceEvent(long traceId, long epoch, String split, Integer index, double x, double y, double label,
                         double[] inputs, double[] targets, double learningRate, double loss, double lossAfter,
                         List<Layer> layers) {

    /**
     * One layer; layer 0 (the inputs) has no weights or biases, so every weight and bias array is
     * empty there. Weight matrices are [neuron j][input i].
     */
    public record Layer(int layer, double[] netInput, double[] output, double[] errorByOutput,
                        double[] activationDerivative, double[] delta, double[][] weights, double[] biases,
                        double[][] weightGradient, double[] biasGradient, double[][] numericWeightGradient,
                        double[] numericBiasGradient, double[][] updatedWeights, double[] updatedBiases) {
    }
}
