package org.layerlab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskTest {

    private static List<Point> withLabels(double... labels) {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            points.add(new Point(i, -i, labels[i]));
        }
        return points;
    }

    @Test
    void plusMinusOneLabelsAreClassification() {
        assertEquals(Task.CLASSIFICATION, UserPoints.inferTask(withLabels(1, -1, -1, 1)));
        assertEquals(Task.CLASSIFICATION, UserPoints.inferTask(withLabels(1, 1)));
    }

    @Test
    void zeroOneLabelsAreClassificationAndBecomePlusMinusOne() {
        assertEquals(Task.CLASSIFICATION, UserPoints.inferTask(withLabels(0, 1, 1, 0)));
        List<Point> mapped = UserPoints.zeroOneToPlusMinusOne(withLabels(0, 1, 1, 0));
        assertEquals(withLabels(-1, 1, 1, -1), mapped);
    }

    @Test
    void otherLabelsAreLeftAlone() {
        List<Point> multi = withLabels(0, 1, 2);
        assertEquals(multi, UserPoints.zeroOneToPlusMinusOne(multi));
        List<Point> signs = withLabels(-1, 1);
        assertEquals(signs, UserPoints.zeroOneToPlusMinusOne(signs));
    }

    @Test
    void classIndicesFromThreeUpAreMulticlass() {
        assertEquals(Task.multiclass(3), UserPoints.inferTask(withLabels(0, 1, 2, 1)));
        assertEquals(Task.multiclass(4), UserPoints.inferTask(withLabels(0, 3, 2)), "k is the largest label + 1");
        assertEquals(Task.multiclass(10), UserPoints.inferTask(withLabels(0, 9)));
    }

    @Test
    void anythingElseIsRegression() {
        assertEquals(Task.REGRESSION, UserPoints.inferTask(withLabels(0.5, -0.2)));
        assertEquals(Task.REGRESSION, UserPoints.inferTask(withLabels(-1, 0, 1)));
        assertEquals(Task.REGRESSION, UserPoints.inferTask(withLabels(0, 1, 10)), "more than 10 classes");
        assertEquals(Task.REGRESSION, UserPoints.inferTask(withLabels(0, 1, 2.5)));
    }

    @Test
    void taskValidatesItsClassCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Task.multiclass(2));
        assertTrue(e.getMessage().contains("classCount") && e.getMessage().contains("[3, 10]")
                && e.getMessage().contains("got 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Task(Problem.CLASSIFICATION, 3));
        assertThrows(IllegalArgumentException.class, () -> new Task(Problem.REGRESSION, 1));
        assertEquals(5, Task.multiclass(5).outputCount());
        assertEquals(1, Task.CLASSIFICATION.outputCount());
    }

    @Test
    void problemIdsParse() {
        assertEquals(Problem.MULTICLASS, Problem.parse("multiclass"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Problem.parse("ranking"));
        assertTrue(e.getMessage().contains("classification, multiclass, regression"), e.getMessage());
    }

    @Test
    void pointRejectsNonFiniteValuesNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Point(1, Double.NaN, 1));
        assertTrue(e.getMessage().contains("y"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Point(1, 2, Double.POSITIVE_INFINITY));
    }
}
