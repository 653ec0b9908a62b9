package org.layerlab.data;

/**
 * What the labels of a data set ask the network to do. The class count of a multi-class problem
 * travels with it in {@link Task}.
 */
public enum Problem {
    /** Two classes labelled -1 and +1. */
    CLASSIFICATION("classification"),
    /** Three or more classes labelled 0, 1, ..., k-1. */
    MULTICLASS("multiclass"),
    /** A real-valued target. */
    REGRESSION("regression");

    private final String id;

    Problem(String id) {
        this.id = id;
    }

    /** The stable lower-case name used in JSON. */
    public String id() {
        return id;
    }

    /** The problem named {@code id}; throws naming the bad value and the allowed ones. */
    public static Problem parse(String id) {
        return Ids.parse("problem", id, values(), Problem::id);
    }
}
