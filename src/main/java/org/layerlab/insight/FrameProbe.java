package org.layerlab.insight;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.layerlab.data.Feature;
import org.layerlab.engine.Network;
import org.layerlab.engine.NeuronMaps;

/**
 * What a frame shows of a network: every neuron's map at a low resolution (the thumbnails in the
 * network diagram), the output layer's maps at a middle resolution (the big decision map), and one
 * selected neuron's map at full resolution. See {@link PlaneGrid} for the grids' layout.
 *
 * <p>Built once per network shape and feature list, then reused for every frame: the input columns
 * are shared, precomputed grid columns, and every buffer is allocated here. The larger grids are
 * evaluated through one {@link NeuronMaps} of {@value #CHUNK} points, chunk after chunk, keeping
 * only the neurons asked for: a full 100 × 100 map of every neuron of a 10 × 64 network would hold
 * 25 MB per session; the chunk holds every neuron for 500 points only.
 *
 * <p>The returned arrays are this probe's buffers, overwritten by the next call. Not thread-safe:
 * one probe belongs to one session.
 */
public final class FrameProbe {
    public static final int DEFAULT_THUMBNAIL_RESOLUTION = 10;
    public static final int DEFAULT_OUTPUT_RESOLUTION = 50;
    public static final int DEFAULT_SELECTED_RESOLUTION = 100;
    /** Points per chunk for the larger grids; 2,500 and 10,000 are whole multiples. */
    static final int CHUNK = 500;

    private final int[] layerSizes;
    private final List<Feature> features;
    private final int noiseFeatures;
    private final int thumbnailResolution;
    private final int outputResolution;
    private final int selectedResolution;

    private final NeuronMaps thumbnailMaps;
    private final float[][] thumbnailInputs;
    private final float[][] outputColumns;
    private final float[][] selectedColumns;
    private final NeuronMaps chunkMaps;
    private final float[][] chunkInputs;
    private final float[][] outputMaps;
    private final float[] selectedMap;

    public FrameProbe(int[] layerSizes, List<Feature> features) {
        this(layerSizes, features, 0);
    }

    /**
     * A probe for a network whose inputs are {@code features}, then {@code noiseFeatures} noise
     * inputs. A noise input has no meaning on the plane: the maps hold it at 0, its mean.
     */
    public FrameProbe(int[] layerSizes, List<Feature> features, int noiseFeatures) {
        this(layerSizes, features, noiseFeatures, DEFAULT_THUMBNAIL_RESOLUTION, DEFAULT_OUTPUT_RESOLUTION,
                DEFAULT_SELECTED_RESOLUTION);
    }

    public FrameProbe(int[] layerSizes, List<Feature> features, int thumbnailResolution, int outputResolution,
                      int selectedResolution) {
        this(layerSizes, features, 0, thumbnailResolution, outputResolution, selectedResolution);
    }

    /**
     * @param layerSizes neurons per layer, inputs first (as {@link Network#layerSizes()})
     * @param features      the network's first inputs, one per neuron of layer 0
     * @param noiseFeatures the inputs after the features, held at 0 on the plane
     */
    public FrameProbe(int[] layerSizes, List<Feature> features, int noiseFeatures, int thumbnailResolution,
                      int outputResolution, int selectedResolution) {
        Objects.requireNonNull(layerSizes, "layerSizes");
        this.features = List.copyOf(features);
        if (noiseFeatures < 0) {
            throw new IllegalArgumentException("noiseFeatures must not be negative, got " + noiseFeatures);
        }
        this.noiseFeatures = noiseFeatures;
        if (layerSizes.length < 2 || layerSizes[0] != this.features.size() + noiseFeatures) {
            throw new IllegalArgumentException("layerSizes " + Arrays.toString(layerSizes) + " do not fit "
                    + this.features.size() + " features" + (noiseFeatures > 0 ? " and " + noiseFeatures
                    + " noise features" : ""));
        }
        PlaneGrid.checkResolution(thumbnailResolution);
        PlaneGrid.checkResolution(outputResolution);
        PlaneGrid.checkResolution(selectedResolution);
        this.layerSizes = layerSizes.clone();
        this.thumbnailResolution = thumbnailResolution;
        this.outputResolution = outputResolution;
        this.selectedResolution = selectedResolution;

        int inputs = layerSizes[0];
        this.thumbnailInputs = gridColumns(thumbnailResolution);
        this.outputColumns = gridColumns(outputResolution);
        this.selectedColumns = gridColumns(selectedResolution);
        this.thumbnailMaps = new NeuronMaps(layerSizes, thumbnailResolution * thumbnailResolution);
        this.chunkMaps = new NeuronMaps(layerSizes, CHUNK);
        this.chunkInputs = new float[inputs][CHUNK];
        this.outputMaps = new float[layerSizes[layerSizes.length - 1]][outputResolution * outputResolution];
        this.selectedMap = new float[selectedResolution * selectedResolution];
    }

    private float[][] gridColumns(int resolution) {
        float[][] columns = new float[features.size() + noiseFeatures][];
        for (int i = 0; i < features.size(); i++) {
            columns[i] = PlaneGrid.column(features.get(i), resolution);
        }
        // Every noise input shares one column of zeros: read-only, like the feature columns.
        float[] zeros = noiseFeatures > 0 ? new float[resolution * resolution] : null;
        for (int i = features.size(); i < columns.length; i++) {
            columns[i] = zeros;
        }
        return columns;
    }

    public int thumbnailResolution() {
        return thumbnailResolution;
    }

    public int outputResolution() {
        return outputResolution;
    }

    public int selectedResolution() {
        return selectedResolution;
    }

    public int[] layerSizes() {
        return layerSizes.clone();
    }

    public List<Feature> features() {
        return features;
    }

    /** The noise inputs after the features (held at 0 on the plane). */
    public int noiseFeatures() {
        return noiseFeatures;
    }

    /** Whether this probe was built for networks shaped like {@code network}. */
    public boolean fits(Network network) {
        return Arrays.equals(layerSizes, network.layerSizes());
    }

    /**
     * Every neuron's map on the thumbnail grid: {@code [layer][neuron][point]}, layer 0 being the
     * input features. Read-only: layer 0 is the shared grid columns.
     */
    public float[][][] thumbnails(Network network) {
        return thumbnailMaps.evaluate(network, thumbnailInputs);
    }

    /** The output layer's maps on the output grid: {@code [outputNeuron][point]}. */
    public float[][] outputMaps(Network network) {
        evaluateGrid(network, outputColumns, outputResolution, layerSizes.length - 1, -1, null);
        return outputMaps;
    }

    /** Neuron {@code neuron} of layer {@code layer}'s map on the selected grid. */
    public float[] selectedMap(Network network, int layer, int neuron) {
        if (layer < 0 || layer >= layerSizes.length) {
            throw new IllegalArgumentException("layer must be in [0, " + (layerSizes.length - 1) + "], got " + layer);
        }
        if (neuron < 0 || neuron >= layerSizes[layer]) {
            throw new IllegalArgumentException("neuron of layer " + layer + " must be in [0, "
                    + (layerSizes[layer] - 1) + "], got " + neuron);
        }
        if (layer == 0) {
            System.arraycopy(selectedColumns[neuron], 0, selectedMap, 0, selectedMap.length);
            return selectedMap;
        }
        evaluateGrid(network, selectedColumns, selectedResolution, layer, neuron, selectedMap);
        return selectedMap;
    }

    /**
     * Runs the grid through the network chunk by chunk, copying out either every neuron of
     * {@code layer} into {@link #outputMaps} ({@code neuron < 0}) or one neuron into {@code target}.
     */
    private void evaluateGrid(Network network, float[][] columns, int resolution, int layer, int neuron,
                              float[] target) {
        int points = resolution * resolution;
        int inputs = layerSizes[0];
        for (int start = 0; start < points; start += CHUNK) {
            int length = Math.min(CHUNK, points - start);
            for (int i = 0; i < inputs; i++) {
                System.arraycopy(columns[i], start, chunkInputs[i], 0, length);
                if (length < CHUNK) {
                    // The tail of a last, shorter chunk: any finite input will do, it is not copied out.
                    Arrays.fill(chunkInputs[i], length, CHUNK, 0f);
                }
            }
            float[][][] maps = chunkMaps.evaluate(network, chunkInputs);
            if (neuron < 0) {
                for (int k = 0; k < outputMaps.length; k++) {
                    System.arraycopy(maps[layer][k], 0, outputMaps[k], start, length);
                }
            } else {
                System.arraycopy(maps[layer][neuron], 0, target, start, length);
            }
        }
    }
}
