package org.layerlab.session;

/**
 * A heavy experiment job the server will not run: too large for a shared server ({@link #busy()}
 * and {@link #clientLimit()} false, the request must change), every slot and queue place taken
 * ({@link #busy()} true, try again shortly), or the asking client already holding as many jobs as
 * one client may ({@link #clientLimit()} true, wait for one of them). The message is a sentence for
 * the student; {@link #field()} names the request field to change, or is null.
 */
public class JobRefusedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final boolean busy;
    private final boolean clientLimit;

    public JobRefusedException(String field, String message) {
        this(field, message, false, false);
    }

    private JobRefusedException(String field, String message, boolean busy, boolean clientLimit) {
        super(message);
        this.field = field;
        this.busy = busy;
        this.clientLimit = clientLimit;
    }

    static JobRefusedException busy(String message) {
        return new JobRefusedException(null, message, true, false);
    }

    static JobRefusedException clientLimit(String message) {
        return new JobRefusedException(null, message, false, true);
    }

    public String field() {
        return field;
    }

    /** True when the server is full for now, rather than the request too large. */
    public boolean busy() {
        return busy;
    }

    /** True when the asking client already holds {@link JobSlots#maxPerClient()} jobs. */
    public boolean clientLimit() {
        return clientLimit;
    }
}
