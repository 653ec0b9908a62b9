package org.layerlab.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.data.Feature;
import org.layerlab.engine.Network;
import org.layerlab.training.Experiment;
import org.layerlab.training.ExperimentConfig;

/** With noise features, the maps are the network at (x, y) with every noise input held at 0. */
class FrameProbeNoiseTest {
    private static final double TOLERANCE = 1e-3;

    @Test
    void mapsHoldTheNoiseInputsAtZero() {
        ExperimentConfig config = ExperimentConfig.defaults().withNoiseFeatures(3);
        Experiment experiment = Experiment.build(config);
        experiment.trainer().trainEpochs(5);
        Network network = experiment.network();
        FrameProbe probe = new FrameProbe(network.layerSizes(), config.features(), 3);
        assertEquals(3, probe.noiseFeatures());
        float[][] output = probe.outputMaps(network);
        int g = probe.outputResolution();
        int checked = 0;
        for (int p = 0; p < g * g; p += 41) {
            double x = PlaneGrid.x(p % g, g);
            double y = PlaneGrid.y(p / g, g);
            double expected = network.traceForward(new double[] {x, y, 0, 0, 0}, 0).output()[3][0];
            assertEquals(expected, output[0][p], TOLERANCE, "output at point " + p);
            checked++;
        }
        assertEquals(61, checked);
        // the noise inputs' own maps are 0 everywhere; a hidden neuron's map matches the forward pass
        float[][][] thumbnails = probe.thumbnails(network);
        for (float v : thumbnails[0][4]) {
            assertEquals(0f, v);
        }
        float[] selected = probe.selectedMap(network, 1, 2);
        int s = probe.selectedResolution();
        double expected = network.traceForward(new double[] {PlaneGrid.x(7, s), PlaneGrid.y(9, s), 0, 0, 0}, 0)
                .output()[1][2];
        assertEquals(expected, selected[9 * s + 7], TOLERANCE);
    }

    @Test
    void theNoiseCountMustMakeUpTheInputLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FrameProbe(new int[] {5, 4, 1}, List.of(Feature.X1, Feature.X2), 2));
        assertEquals("layerSizes [5, 4, 1] do not fit 2 features and 2 noise features", e.getMessage());
    }
}
