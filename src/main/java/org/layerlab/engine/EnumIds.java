package org.layerlab.engine;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;

/** Parsing an enum from its config id, with an error that names the field and the allowed ids. */
final class EnumIds {
    private EnumIds() {
    }

    /** The constant whose id equals {@code id} ignoring case; else an error naming {@code what}. */
    static <E extends Enum<E>> E parse(String what, String id, E[] values, Function<E, String> idOf) {
        StringJoiner allowed = new StringJoiner(", ");
        for (E value : values) {
            if (id != null && idOf.apply(value).equals(id.toLowerCase(Locale.ROOT))) {
                return value;
            }
            allowed.add(idOf.apply(value));
        }
        throw new IllegalArgumentException(what + " '" + id + "' is unknown; allowed: " + allowed);
    }
}
