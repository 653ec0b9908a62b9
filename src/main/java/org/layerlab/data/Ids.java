package org.layerlab.data;

import java.util.function.Function;

/** Parsing of the stable lower-case ids the enums of this package carry into JSON. */
final class Ids {
    private Ids() {
    }

    /**
     * The constant whose id is exactly {@code id}. Exact match on purpose: the ids are written by
     * LayerLab itself, so a near miss ("Circle ") is a bug worth a clear error, not a guess.
     */
    static <E> E parse(String what, String id, E[] constants, Function<E, String> idOf) {
        if (id != null) {
            for (E constant : constants) {
                if (idOf.apply(constant).equals(id)) {
                    return constant;
                }
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E constant : constants) {
            if (allowed.length() > 0) {
                allowed.append(", ");
            }
            allowed.append(idOf.apply(constant));
        }
        String shown = id == null ? "nothing" : "'" + id + "'";
        throw new IllegalArgumentException("unknown " + what + " " + shown + "; allowed: " + allowed);
    }
}
