package org.layerlab.cli;

/**
 * A command cannot go on: the message is the one line (or, for a list of bad data rows, the few
 * lines) to print on stderr, and {@link #exitCode()} what the process returns.
 */
public class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A usage error or bad input: a missing file, a malformed config, an unknown flag, bad data. */
    public static final int BAD_INPUT = 2;
    /** Anything else that went wrong, e.g. an output file that could not be written. */
    public static final int FAILURE = 1;
    /** Training diverged: a weight became NaN or infinite. */
    public static final int DIVERGED = 3;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static CliException badInput(String message) {
        return new CliException(BAD_INPUT, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
