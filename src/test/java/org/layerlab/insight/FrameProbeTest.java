package org.layerlab.insight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.data.Feature;
import org.layerlab.engine.ForwardTrace;
import org.layerlab.engine.Network;
import org.layerlab.training.Experiment;
import org.layerlab.training.ExperimentConfig;

/** The probe's maps are the network's outputs at the grid points, laid out as the protocol says. */
class FrameProbeTest {
    /** Maps are display numbers (8-bit shades); a thousandth is far below one shade of a [−1, 1] map. */
    private static final double TOLERANCE = 1e-3;

    private static final List<Feature> ALL = List.of(Feature.X1, Feature.X2, Feature.X1_SQUARED, Feature.X2_SQUARED,
            Feature.X1_TIMES_X2, Feature.SIN_X1, Feature.SIN_X2);

    private static Network w2() {
        ExperimentConfig config = ExperimentConfig.fromJson("{\"data\":{\"dataset\":\"spiral\"},\"features\":"
                + "[\"x1\",\"x2\",\"x1sq\",\"x2sq\",\"x1x2\",\"sinx1\",\"sinx2\"],\"network\":{\"hidden\":[8,8,8,8,8,8],"
                + "\"activation\":\"relu\",\"output\":\"tanh\",\"init\":\"xavier\"}}");
        Experiment experiment = Experiment.build(config);
        experiment.trainer().trainEpochs(3);
        return experiment.network();
    }

    /** Every neuron's exact output at the plane point (x, y). */
    private static ForwardTrace exact(Network network, double x, double y) {
        double[] inputs = new double[ALL.size()];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = ALL.get(i).of(x, y);
        }
        return network.traceForward(inputs, 0);
    }

    @Test
    void theGridRunsFromTopLeftRowByRow() {
        assertEquals(-6, PlaneGrid.x(0, 10));
        assertEquals(6, PlaneGrid.x(9, 10));
        assertEquals(6, PlaneGrid.y(0, 10), "row 0 is the top of the plane");
        assertEquals(-6, PlaneGrid.y(9, 10));
        float[] x1 = PlaneGrid.column(Feature.X1, 3);
        float[] x2 = PlaneGrid.column(Feature.X2, 3);
        assertEquals(List.of(-6f, 0f, 6f, -6f, 0f, 6f, -6f, 0f, 6f), boxed(x1));
        assertEquals(List.of(6f, 6f, 6f, 0f, 0f, 0f, -6f, -6f, -6f), boxed(x2));
        assertSame(x1, PlaneGrid.column(Feature.X1, 3), "grid columns are computed once and shared");
        assertThrows(IllegalArgumentException.class, () -> PlaneGrid.column(Feature.X1, 1));
    }

    private static List<Float> boxed(float[] values) {
        java.util.ArrayList<Float> list = new java.util.ArrayList<>();
        for (float v : values) {
            list.add(v);
        }
        return list;
    }

    @Test
    void thumbnailsAreEveryNeuronAtTheGridPoints() {
        Network network = w2();
        FrameProbe probe = new FrameProbe(network.layerSizes(), ALL);
        float[][][] maps = probe.thumbnails(network);
        int r = probe.thumbnailResolution();
        assertEquals(8, maps.length);
        for (int row = 0; row < r; row++) {
            for (int col = 0; col < r; col++) {
                ForwardTrace trace = exact(network, PlaneGrid.x(col, r), PlaneGrid.y(row, r));
                int p = row * r + col;
                for (int l = 0; l < maps.length; l++) {
                    for (int j = 0; j < maps[l].length; j++) {
                        double expected = l == 0 ? ALL.get(j).of(PlaneGrid.x(col, r), PlaneGrid.y(row, r))
                                : trace.output()[l][j];
                        assertEquals(expected, maps[l][j][p], TOLERANCE * Math.max(1, Math.abs(expected)),
                                "layer " + l + " neuron " + j + " point " + p);
                    }
                }
            }
        }
    }

    @Test
    void outputAndSelectedMapsMatchTheForwardPassOnTheirGrids() {
        Network network = w2();
        FrameProbe probe = new FrameProbe(network.layerSizes(), ALL);
        float[][] output = probe.outputMaps(network);
        int g = probe.outputResolution();
        assertEquals(1, output.length);
        assertEquals(g * g, output[0].length);
        for (int p = 0; p < g * g; p += 37) {
            double expected = exact(network, PlaneGrid.x(p % g, g), PlaneGrid.y(p / g, g)).output()[7][0];
            assertEquals(expected, output[0][p], TOLERANCE, "output point " + p);
        }
        float[] selected = probe.selectedMap(network, 3, 5);
        int s = probe.selectedResolution();
        for (int p = 0; p < s * s; p += 101) {
            double expected = exact(network, PlaneGrid.x(p % s, s), PlaneGrid.y(p / s, s)).output()[3][5];
            assertEquals(expected, selected[p], TOLERANCE * Math.max(1, Math.abs(expected)), "selected point " + p);
        }
        float[] input = probe.selectedMap(network, 0, 2);
        assertEquals(36f, input[0], 1e-6, "x1² at the top-left corner");
        assertThrows(IllegalArgumentException.class, () -> probe.selectedMap(network, 1, 8));
        assertThrows(IllegalArgumentException.class, () -> probe.selectedMap(network, 8, 0));
        assertTrue(probe.fits(network));
    }

    @Test
    void aShapeThatDoesNotFitTheFeaturesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FrameProbe(new int[] {3, 4, 1},
                List.of(Feature.X1, Feature.X2)));
    }
}
