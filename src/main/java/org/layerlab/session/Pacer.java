package org.layerlab.session;

/**
 * Training pace as a token bucket counted in epochs: tokens flow in at the target rate, each batch
 * takes its share of an epoch (batch size / training points). Rate 0 means as fast as possible.
 *
 * <p>The bucket holds at most a twentieth of a second's worth (and never less than one batch), so a
 * session that waited does not burst ahead; time spent without tokens is simply lost.
 */
final class Pacer {
    private static final double BURST_SECONDS = 0.05;

    private double epochsPerSecond;
    private double tokens;
    private long refilledAt;

    Pacer(double epochsPerSecond, long now) {
        this.epochsPerSecond = epochsPerSecond;
        this.refilledAt = now;
    }

    double rate() {
        return epochsPerSecond;
    }

    boolean unlimited() {
        return epochsPerSecond == 0;
    }

    void setRate(double newRate, long now) {
        refill(now, 1);
        epochsPerSecond = newRate;
        tokens = Math.min(tokens, capacity(1));
    }

    /** Forgets saved-up tokens: training (re)starts now. */
    void restart(long now) {
        tokens = 0;
        refilledAt = now;
    }

    /** Takes {@code cost} epochs of tokens if there are enough. */
    boolean tryTake(double cost, long now) {
        if (unlimited()) {
            return true;
        }
        refill(now, cost);
        if (tokens + 1e-12 >= cost) {
            tokens -= cost;
            return true;
        }
        return false;
    }

    /** Nanoseconds until {@code cost} epochs of tokens are there; 0 if now. */
    long nanosUntil(double cost, long now) {
        if (unlimited()) {
            return 0;
        }
        refill(now, cost);
        double missing = cost - tokens;
        return missing <= 1e-12 ? 0 : (long) Math.ceil(missing / epochsPerSecond * 1e9);
    }

    private void refill(long now, double cost) {
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(capacity(cost), tokens + elapsed * epochsPerSecond / 1e9);
            refilledAt = now;
        }
    }

    private double capacity(double cost) {
        return Math.max(cost, epochsPerSecond * BURST_SECONDS);
    }
}
