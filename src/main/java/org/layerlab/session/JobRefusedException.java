package org.layerlab.session;

/**
 * A learning-rate page job the server will not run: too large for a shared server ({@link #busy()}
 * false, the request must change), or every slot and queue place is taken ({@link #busy()} true,
 * try again shortly). The message is a sentence for the student; {@link #field()} names the request
 * field to change, or is null.
 */
public class JobRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final boolean busy;

    public JobRefusedException(String field, String message) {
        this(field, message, false);
    }

    private JobRefusedException(String field, String message, boolean busy) {
        super(message);
        this.field = field;
        this.busy = busy;
    }

    static JobRefusedException busy(String message) {
        return new JobRefusedException(null, message, true);
    }

    public String field() {
        return field;
    }

    /** True when the server is full for now, rather than the request too large. */
    public boolean busy() {
        return busy;
    }
}
