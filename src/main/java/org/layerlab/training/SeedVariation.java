package org.layerlab.training;

import org.layerlab.engine.Network;
import org.layerlab.engine.NetworkLimits;

/**
 * What changes from one seed to the next when one config is trained from many seeds (the minima
 * of {@link SeedMinima}, the repeats of a {@link LearningRateSweep}, the run behind a loss
 * landscape).
 *
 * <p>{@link #WEIGHTS}, the default, changes only the initial weights: every run sees the very same
 * points, split and visiting order (those of the config's own seed), and draws its initial weights
 * from the {@link RandomStream#INIT} stream of its seed — exactly the weights
 * {@code Experiment.build(config.withSeed(seed))} would start from. The spread of final losses is
 * then the spread of the minima that gradient descent finds from different starting points, and
 * nothing else. {@link #WEIGHTS_AND_DATA} changes the seed of the whole config, as a race does: new
 * points (a new sample of the same distribution) and new initial weights.
 */
public enum SeedVariation {
    WEIGHTS("weights"),
    WEIGHTS_AND_DATA("all");

    private final String id;

    SeedVariation(String id) {
        this.id = id;
    }

    /** The id in JSON and on the command line: "weights" or "all". */
    public String id() {
        return id;
    }

    /** The variation with this id; "weights" or "all". */
    public static SeedVariation parse(String id) {
        for (SeedVariation variation : values()) {
            if (variation.id.equals(id)) {
                return variation;
            }
        }
        throw new IllegalArgumentException("must be \"weights\" (seeds change the initial weights only) or \"all\""
                + " (seeds change the data and the initial weights), got \"" + id + "\"");
    }

    /** The seed the run's data comes from: the config's own for {@link #WEIGHTS}, the run's for {@link #WEIGHTS_AND_DATA}. */
    public long dataSeed(ExperimentConfig config, long seed) {
        return this == WEIGHTS ? config.seed() : seed;
    }

    /**
     * The experiment of one run: {@code config} with its data from {@link #dataSeed} and its initial
     * weights from the INIT stream of {@code seed}. Deterministic.
     */
    public Experiment build(ExperimentConfig config, long seed, NetworkLimits limits) {
        if (this == WEIGHTS_AND_DATA || seed == config.seed()) {
            return Experiment.build(config.withSeed(seed), limits, null);
        }
        Experiment experiment = Experiment.build(config, limits, null);
        // The same draw Experiment.build makes for a config of this seed; the optimizer holds no
        // state yet, so replacing the parameters before the first step is a clean start.
        Network initial = Network.create(experiment.spec(), config.network().initialization(),
                RandomStream.INIT.from(seed));
        experiment.network().setParameters(initial.parameters());
        return experiment;
    }
}
