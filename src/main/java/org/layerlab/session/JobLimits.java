package org.layerlab.session;

import java.time.Duration;
import java.util.Locale;
import org.layerlab.engine.NetworkSpec;
import org.layerlab.insight.LossLandscape;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.LearningRateSweep;
import org.layerlab.training.SeedMinima;

/**
 * How big a learning-rate page job may be on a shared (classroom) server, and how many may wait.
 * The headless commands ({@code layerlab minima}, {@code layerlab sweep}) have no such limits; the
 * refusal says so.
 *
 * @param maxSeeds         runs of a minima job
 * @param maxRates         rates of a sweep
 * @param maxSweepSeeds    seeds per rate of a sweep
 * @param maxEpochs        epochs per run, any job
 * @param maxResolution    grid points per side of a landscape
 * @param maxPathPoints    recorded weights along a landscape's path
 * @param maxWork          a job's estimated cost in multiply-adds ({@link #work}): about
 *                         {@code 1e9} per second of one core for W2-sized networks
 * @param maxQueued        jobs that may wait for a slot; one more is refused as busy (the server
 *                         builds its one {@link JobSlots}, shared with the race page's repeats, with it)
 * @param keepFor          how long a finished job's result stays available
 * @param abandonAfter     a waiting or running job nobody asked about for this long is cancelled
 *                         (its page was closed)
 */
public record JobLimits(int maxSeeds, int maxRates, int maxSweepSeeds, int maxEpochs, int maxResolution,
                        int maxPathPoints, double maxWork, int maxQueued, Duration keepFor, Duration abandonAfter) {

    public JobLimits {
        if (maxSeeds < 1 || maxRates < 1 || maxSweepSeeds < 1 || maxEpochs < 1 || maxResolution < LossLandscape.MIN_RESOLUTION
                || maxPathPoints < 2 || !(maxWork > 0) || maxQueued < 0) {
            throw new IllegalArgumentException("job limits must be positive");
        }
    }

    /** A classroom of 30–60 students on a two-core server. */
    public static JobLimits classroom() {
        return new JobLimits(50, 41, 10, 5000, 101, 200, 1.5e10, 64, Duration.ofMinutes(10), Duration.ofSeconds(30));
    }

    public JobLimits withMaxQueued(int newMaxQueued) {
        return new JobLimits(maxSeeds, maxRates, maxSweepSeeds, maxEpochs, maxResolution, maxPathPoints, maxWork,
                newMaxQueued, keepFor, abandonAfter);
    }

    public JobLimits withAbandonAfter(Duration newAbandonAfter) {
        return new JobLimits(maxSeeds, maxRates, maxSweepSeeds, maxEpochs, maxResolution, maxPathPoints, maxWork,
                maxQueued, keepFor, newAbandonAfter);
    }

    /** Refuses a minima job that is too large for this server, naming the field. */
    void check(SeedMinima.Spec spec) {
        atMost("seeds", spec.seeds(), maxSeeds, "minima");
        atMost("epochs", spec.epochs(), maxEpochs, "minima");
        work(spec.config(), (double) spec.seeds() * spec.epochs(), 0, "seeds", "minima");
    }

    void check(LearningRateSweep.Spec spec) {
        int rates = spec.rates().length;
        if (rates > maxRates) {
            throw new JobRefusedException("perDecade", "minRate to maxRate at perDecade " + spec.perDecade() + " gives "
                    + rates + " rates; this server runs at most " + maxRates + " per sweep (lower perDecade or narrow"
                    + " the range, or run `layerlab sweep` for more)");
        }
        atMost("seeds", spec.seeds(), maxSweepSeeds, "sweep");
        atMost("epochs", spec.epochs(), maxEpochs, "sweep");
        work(spec.config(), (double) rates * spec.seeds() * spec.epochs(), 0, "epochs", "sweep");
    }

    void check(LossLandscape.Spec spec) {
        atMost("resolution", spec.resolution(), maxResolution, null);
        atMost("pathPoints", spec.pathPoints(), maxPathPoints, null);
        atMost("epochs", spec.epochs(), maxEpochs, null);
        work(spec.config(), spec.epochs(), (double) spec.resolution() * spec.resolution(), "resolution", null);
    }

    private static void atMost(String field, int value, int max, String command) {
        if (value > max) {
            throw new JobRefusedException(field, field + " must be at most " + max + " on this shared server, got "
                    + value + (command == null ? "" : "; run `layerlab " + command + "` on your own machine for more"));
        }
    }

    /**
     * A job's estimated cost in multiply-adds: an epoch is about three passes (forward, backward,
     * update) over the training points, each a multiply-add per parameter and point; a landscape
     * grid point is one forward pass.
     */
    static double work(ExperimentConfig config, double epochs, double evaluations) {
        NetworkSpec spec = config.network().specFor(config.inputCount(),
                config.data().builtIn().orElseThrow().task());
        double points = Math.max(1, Math.round(config.data().samples() * config.data().trainFraction()));
        return (3 * epochs + evaluations) * points * spec.parameterCount();
    }

    private void work(ExperimentConfig config, double epochs, double evaluations, String field, String command) {
        double work = work(config, epochs, evaluations);
        if (work > maxWork) {
            throw new JobRefusedException(field, String.format(Locale.ROOT, "this job is too large for the shared"
                    + " server: about %.1e multiply-adds (runs × epochs × training points × parameters), at most"
                    + " %.1e allowed; use fewer %s, fewer epochs or a smaller network%s", work, maxWork,
                    field.equals("resolution") ? "grid points" : "runs",
                    command == null ? "" : ", or run `layerlab " + command + "` on your own machine"));
        }
    }
}
