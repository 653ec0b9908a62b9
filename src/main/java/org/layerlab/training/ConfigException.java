package org.layerlab.training;

/**
 * A JSON document (an experiment config or a model file) that LayerLab cannot use. The message is
 * written for the person who typed the document: it names the field by its JSON path
 * ({@code training.learningRate}, {@code layers[1].weights[3]}), the value found and what is
 * allowed. {@link #field()} gives the path alone, for an {@code error} event that points at the
 * offending control.
 */
public class ConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the JSON path of the offending field, or "" for the document as a whole
     * @param message the whole human-readable message, which names the field itself
     */
    public ConfigException(String field, String message) {
        super(message);
        this.field = field == null ? "" : field;
    }

    public ConfigException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field == null ? "" : field;
    }

    /** The JSON path of the offending field ("" when the problem is the whole document). */
    public String field() {
        return field;
    }
}
