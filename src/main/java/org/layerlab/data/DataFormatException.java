package org.layerlab.data;

import java.util.List;

/**
 * Uploaded points could not be read. Carries every problem found, not just the first, so a user
 * can fix a file in one go; the message lists the first {@value #MAX_LISTED}.
 */
public class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** How many problems the message spells out; {@link #errors()} has them all. */
    public static final int MAX_LISTED = 20;

    private final transient List<RowError> errors;

    /** Problems in particular lines. */
    public DataFormatException(List<RowError> errors) {
        super(describe(errors));
        this.errors = List.copyOf(errors);
    }

    /** A problem with the text as a whole (empty, too large, too few points). */
    public DataFormatException(String message) {
        super(message);
        this.errors = List.of();
    }

    /** Every problem tied to a line, in line order; empty for a problem with the whole text. */
    public List<RowError> errors() {
        return errors;
    }

    private static String describe(List<RowError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("errors must not be empty");
        }
        StringBuilder message = new StringBuilder();
        message.append(errors.size() == 1 ? "1 problem" : errors.size() + " problems").append(" in the data:");
        int listed = Math.min(errors.size(), MAX_LISTED);
        for (int i = 0; i < listed; i++) {
            message.append('\n').append(errors.get(i));
        }
        if (errors.size() > listed) {
            message.append("\n... and ").append(errors.size() - listed).append(" more");
        }
        return message.toString();
    }
}
