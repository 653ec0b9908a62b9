package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    @Test
    void eachFeatureAtAHandPickedPoint() {
        double x1 = 0.5;
        double x2 = -2;
        assertEquals(0.5, Feature.X1.of(x1, x2), 0);
        assertEquals(-2, Feature.X2.of(x1, x2), 0);
        assertEquals(0.25, Feature.X1_SQUARED.of(x1, x2), 0);
        assertEquals(4, Feature.X2_SQUARED.of(x1, x2), 0);
        assertEquals(-1, Feature.X1_TIMES_X2.of(x1, x2), 0);
        assertEquals(0.479425538604203, Feature.SIN_X1.of(x1, x2), 1e-15);
        assertEquals(-0.9092974268256817, Feature.SIN_X2.of(x1, x2), 1e-15);
    }

    @Test
    void idsAreTfsNamesAndParseBack() {
        String[] ids = {"x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2"};
        Feature[] features = Feature.values();
        assertEquals(ids.length, features.length);
        for (int i = 0; i < ids.length; i++) {
            assertEquals(ids[i], features[i].id());
            assertEquals(features[i], Feature.parse(ids[i]));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Feature.parse("cosx1"));
        assertTrue(e.getMessage().contains("'cosx1'") && e.getMessage().contains("sinx2"), e.getMessage());
    }

    @Test
    void rowsAreRowMajorOnePointPerRow() {
        List<Feature> features = List.of(Feature.X1, Feature.X1_TIMES_X2, Feature.X2_SQUARED);
        List<Point> points = List.of(new Point(1, 2, 1), new Point(-3, 0.5, -1));
        double[] rows = Features.rows(features, points, null);
        assertArrayEquals(new double[] {1, 2, 4, -3, -1.5, 0.25}, rows, 0);
    }

    @Test
    void rowsReuseABigEnoughArrayAndReplaceASmallOne() {
        List<Feature> features = List.of(Feature.X1, Feature.X2);
        List<Point> points = List.of(new Point(1, 2, 1), new Point(3, 4, -1));
        double[] big = new double[10];
        big[9] = 99;
        assertSame(big, Features.rows(features, points, big));
        assertArrayEquals(new double[] {1, 2, 3, 4, 0, 0, 0, 0, 0, 99}, big, 0);
        double[] small = new double[3];
        double[] made = Features.rows(features, points, small);
        assertNotSame(small, made);
        assertEquals(4, made.length);
    }

    @Test
    void columnsHoldOneFeaturePerArrayPointIndexInnermost() {
        List<Feature> features = List.of(Feature.X1_SQUARED, Feature.SIN_X2);
        double[] x1s = {1, 2, 3};
        double[] x2s = {0, Math.PI / 2, -Math.PI / 2};
        float[][] columns = Features.columns(features, x1s, x2s);
        assertEquals(2, columns.length);
        assertArrayEquals(new float[] {1, 4, 9}, columns[0], 0);
        assertArrayEquals(new float[] {0, 1, -1}, columns[1], 1e-7f);

        float[][] reuse = new float[2][5];
        assertSame(reuse, Features.columns(features, x1s, x2s, reuse));
        assertEquals(9, reuse[0][2], 0);
        assertNotSame(reuse, Features.columns(List.of(Feature.X1), x1s, x2s, reuse), "wrong column count");
    }

    @Test
    void columnsRejectMismatchedCoordinateArraysAndNoFeatures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Features.columns(List.of(Feature.X1), new double[2], new double[3]));
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Features.rows(List.of(), List.of(), null));
    }
}
