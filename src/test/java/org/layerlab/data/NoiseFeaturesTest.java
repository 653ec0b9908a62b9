package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.Rng;

/** Noise values and the rows that carry them after the features. */
class NoiseFeaturesTest {

    @Test
    void noiseIsUniformInThePlanesRangeAndDrawnInOrderFromTheGenerator() {
        double[] noise = NoiseFeatures.draw(400, 5, new Rng(3));
        assertEquals(2000, noise.length);
        Rng same = new Rng(3);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double v : noise) {
            assertEquals(same.uniform(-6, 6), v, "value k is the generator's k-th uniform in [−6, 6)");
            assertTrue(v >= -6 && v < 6, "in range: " + v);
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        // 2,000 uniforms on [−6, 6): the extremes come within 0.1 of the ends, the mean within 4 standard errors of 0
        assertTrue(min < -5.9 && max > 5.9, min + " .. " + max);
        assertEquals(0, sum / noise.length, 4 * 12 / Math.sqrt(12) / Math.sqrt(noise.length));
        assertArrayEquals(noise, NoiseFeatures.draw(400, 5, new Rng(3)), "deterministic for a seed");
    }

    @Test
    void rowsPutTheNoiseAfterTheFeaturesAndZerosWhenThereIsNone() {
        List<Point> points = List.of(new Point(1, 2, 1), new Point(-3, 0.5, -1));
        List<Feature> features = List.of(Feature.X1, Feature.X2, Feature.X1_TIMES_X2);
        double[] noise = {0.25, -4, 5.5, 1};
        assertArrayEquals(new double[] {1, 2, 2, 0.25, -4, -3, 0.5, -1.5, 5.5, 1},
                Features.rows(features, points, noise, 2));
        assertArrayEquals(new double[] {1, 2, 2, 0, 0, -3, 0.5, -1.5, 0, 0},
                Features.rows(features, points, null, 2), "a point of the plane: noise inputs at 0");
        assertArrayEquals(Features.rows(features, points, null), Features.rows(features, points, null, 0),
                "without noise, the rows are the features' rows");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> Features.rows(features, points, new double[3], 2));
        assertEquals("noise must hold 2 points × 2 values, got 3", wrong.getMessage());
    }
}
