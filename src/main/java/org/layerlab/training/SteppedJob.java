package org.layerlab.training;

/**
 * A long computation cut into small steps (about one epoch of one run each), so that a server can
 * run it in slices on its shared workers, between the playground's sessions, and cancel it between
 * two steps. Stepping to the end gives exactly what the one-call form of the same computation gives.
 *
 * @param <R> the result
 */
public interface SteppedJob<R> {

    /** Does the next small piece of work; true once everything is done and {@link #result()} is ready. */
    boolean step();

    /** The fraction done, 0 to 1. */
    double progress();

    /** The result; only after {@link #step()} returned true. */
    R result();

    /** Steps to the end in the calling thread, stopping with a CancellationException if it is interrupted. */
    static <R> R runToEnd(SteppedJob<R> job) {
        while (!job.step()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new java.util.concurrent.CancellationException("cancelled");
            }
        }
        return job.result();
    }
}
