package org.layerlab.data;

import java.util.Objects;

/**
 * A {@link Problem} together with its number of classes: what the output layer must look like.
 *
 * @param problem    classification (±1), multi-class (0..k-1) or regression
 * @param classCount 2 for classification, 3..{@value #MAX_CLASSES} for multi-class, 0 for regression
 */
public record Task(Problem problem, int classCount) {

    /**
     * The most classes a multi-class set may have. Each class needs its own colour on the decision
     * map, and beyond ten the colours stop being told apart.
     */
    public static final int MAX_CLASSES = 10;

    /** Two classes, labels -1 and +1. */
    public static final Task CLASSIFICATION = new Task(Problem.CLASSIFICATION, 2);

    /** A real-valued target. */
    public static final Task REGRESSION = new Task(Problem.REGRESSION, 0);

    public Task {
        Objects.requireNonNull(problem, "problem");
        switch (problem) {
            case CLASSIFICATION:
                if (classCount != 2) {
                    throw new IllegalArgumentException(
                            "classCount of a classification task must be 2, got " + classCount);
                }
                break;
            case REGRESSION:
                if (classCount != 0) {
                    throw new IllegalArgumentException(
                            "classCount of a regression task must be 0, got " + classCount);
                }
                break;
            default:
                if (classCount < 3 || classCount > MAX_CLASSES) {
                    throw new IllegalArgumentException("classCount of a multiclass task must be in [3, "
                            + MAX_CLASSES + "], got " + classCount);
                }
        }
    }

    /** A multi-class task with labels 0..classCount-1. */
    public static Task multiclass(int classCount) {
        return new Task(Problem.MULTICLASS, classCount);
    }

    /** How many output neurons the network needs: one per class for multi-class, else one. */
    public int outputCount() {
        return problem == Problem.MULTICLASS ? classCount : 1;
    }
}
