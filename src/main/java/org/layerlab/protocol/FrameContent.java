package org.layerlab.protocol;

import java.util.Objects;
import org.layerlab.insight.TrainingMetrics;

/**
 * What one binary training frame carries, before encoding (docs/protocol.md, "Binary frames").
 * The arrays are views of the probe's and the network's buffers, read once by
 * {@link FrameCodec#encode} and never kept.
 *
 * @param seq                 the session's frame number (u32), +1 for every frame the session builds
 * @param epoch               completed epochs plus the fraction of the current one
 * @param serverTimeMs        when the frame was built, milliseconds since the epoch
 * @param metrics             losses and accuracies measured at {@code epoch} (NaN where undefined), or null
 *                            for no METRICS section
 * @param epochsPerSecond     measured training speed (0 when not training); sent with the metrics
 * @param thumbnailResolution R: each thumbnail is R × R
 * @param thumbnails          {@code [layer][neuron][point]}, every neuron, inputs first; at least R·R points
 *                            each; or null for no THUMBNAILS section
 * @param outputResolution    G of the output map
 * @param outputChannels      {@code [outputNeuron][point]}, at least G·G points each
 * @param selected            the selected neuron, or null for no SELECTED_MAP section
 * @param selectedResolution  G of the selected map
 * @param selectedMap         the selected neuron's values, at least G·G; null when {@code selected} is
 * @param weights             every weight and bias in the engine's layout, or null for no WEIGHTS section
 */
public record FrameContent(long seq, double epoch, double serverTimeMs, TrainingMetrics metrics, double epochsPerSecond,
                           int thumbnailResolution, float[][][] thumbnails, int outputResolution,
                           float[][] outputChannels, NeuronRef selected, int selectedResolution, float[] selectedMap,
                           double[] weights) {
    public FrameContent {
        if (seq < 0 || seq > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("seq must fit in 32 bits, got " + seq);
        }
        Objects.requireNonNull(outputChannels, "outputChannels");
        requireResolution("outputResolution", outputResolution);
        if (thumbnails != null) {
            requireResolution("thumbnailResolution", thumbnailResolution);
            int neurons = 0;
            for (float[][] layer : thumbnails) {
                for (float[] map : layer) {
                    requireLength("thumbnail", map, thumbnailResolution);
                    neurons++;
                }
            }
            if (neurons > 0xFFFF) {
                throw new IllegalArgumentException("at most 65535 thumbnails, got " + neurons);
            }
        }
        if (outputChannels.length < 1 || outputChannels.length > 0xFFFF) {
            throw new IllegalArgumentException("output channels must be in [1, 65535], got " + outputChannels.length);
        }
        for (float[] channel : outputChannels) {
            requireLength("output channel", channel, outputResolution);
        }
        if ((selected == null) != (selectedMap == null)) {
            throw new IllegalArgumentException("selected and selectedMap come together");
        }
        if (selected != null) {
            requireResolution("selectedResolution", selectedResolution);
            requireLength("selected map", selectedMap, selectedResolution);
        }
    }

    private static void requireResolution(String name, int resolution) {
        if (resolution < 1 || resolution > 0xFFFF) {
            throw new IllegalArgumentException(name + " must be in [1, 65535], got " + resolution);
        }
    }

    private static void requireLength(String what, float[] map, int resolution) {
        if (map == null || map.length < resolution * resolution) {
            throw new IllegalArgumentException(what + " needs " + resolution * resolution + " values, got "
                    + (map == null ? "none" : map.length));
        }
    }

    /** How many neurons have a thumbnail (0 without a THUMBNAILS section). */
    public int thumbnailCount() {
        if (thumbnails == null) {
            return 0;
        }
        int count = 0;
        for (float[][] layer : thumbnails) {
            count += layer.length;
        }
        return count;
    }
}
