package org.layerlab.insight;

/**
 * What one layer (hidden or output) is doing, measured over the training set.
 *
 * @param layer               the layer's number (1 = first hidden layer, the last = the output layer)
 * @param dead                per neuron: its ∂out/∂net is exactly 0 on every training point, so no
 *                            gradient can ever reach its incoming weights
 * @param deadCount           how many neurons are dead
 * @param distinctNeurons     neurons whose incoming weights and bias agree within
 *                            {@link NetworkInsight#SAME_NEURON_TOLERANCE} count as one
 * @param exactCopies         true when every neuron's incoming weights and bias are bit-identical
 *                            to the first neuron's (the layer is perfectly symmetric)
 * @param maxSimilarity       the largest cosine similarity between two neurons' incoming weight
 *                            vectors (bias included); NaN for a one-neuron layer
 * @param gradientNorm        ‖∂L/∂W‖ of the layer's weights, mean gradient over the training set
 * @param weightNorm          ‖W‖
 * @param updateRatio         η·‖∂L/∂W‖ / ‖W‖: how large one SGD step is against the weights
 * @param saturatedFraction   for sigmoid and tanh, the fraction of (neuron, point) pairs whose
 *                            derivative is below 0.01; NaN for other activations
 * @param histogram           counts of the neurons' outputs over the training set, in equal bins
 *                            from {@code histogramLo} to {@code histogramHi}
 */
public record LayerReport(int layer, boolean[] dead, int deadCount, int distinctNeurons, boolean exactCopies,
                          double maxSimilarity, double gradientNorm, double weightNorm, double updateRatio,
                          double saturatedFraction, int[] histogram, double histogramLo, double histogramHi) {

    public LayerReport {
        dead = dead.clone();
        histogram = histogram.clone();
    }

    @Override
    public boolean[] dead() {
        return dead.clone();
    }

    @Override
    public int[] histogram() {
        return histogram.clone();
    }
}
