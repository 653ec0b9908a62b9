package org.layerlab.protocol;

/**
 * A client message LayerLab cannot accept. The message is a sentence a student can read; {@link
 * #field()} names the offending field as a path inside the message ({@code epochsPerSecond},
 * {@code config.training.learningRate}) or is null when the message as a whole is wrong;
 * {@link #command()} is the message's {@code type} when it was readable.
 */
public class ProtocolException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String command;

    public ProtocolException(String message, String field, String command) {
        super(message);
        this.field = field;
        this.command = command;
    }

    public ProtocolException(String message, String field) {
        this(message, field, null);
    }

    /** The path of the offending field, or null. */
    public String field() {
        return field;
    }

    /** The {@code type} of the message this answers, or null if it could not be read. */
    public String command() {
        return command;
    }

    /** The same problem, tagged with the command it was found in. */
    public ProtocolException inCommand(String type) {
        ProtocolException tagged = new ProtocolException(getMessage(), field, type);
        tagged.setStackTrace(getStackTrace());
        return tagged;
    }
}
