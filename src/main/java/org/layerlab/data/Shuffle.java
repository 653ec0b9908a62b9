package org.layerlab.data;

/** When the training points are put in a random order. */
public enum Shuffle {
    /**
     * TensorFlow Playground's way: the data is shuffled once, right after it is generated, then
     * split; every epoch visits the training points in that same order.
     */
    ONCE("once"),
    /** Shuffled once before the split like {@link #ONCE}, and the visit order redrawn every epoch. */
    EVERY_EPOCH("every-epoch"),
    /** Never shuffled: file (or generation) order, for the split and for every epoch. */
    NEVER("never");

    private final String id;

    Shuffle(String id) {
        this.id = id;
    }

    /** The stable lower-case name used in JSON. */
    public String id() {
        return id;
    }

    /** The mode named {@code id}; throws naming the bad value and the allowed ones. */
    public static Shuffle parse(String id) {
        return Ids.parse("shuffle", id, values(), Shuffle::id);
    }
}
