package org.layerlab.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.layerlab.engine.NetworkLimits;

/**
 * Where the same network lands from different starting points: one config trained from seeds
 * {@code s .. s + K − 1} (s = the config's seed) for a fixed number of epochs, no early stop. Each
 * run gives its final training and test loss, whether it diverged, and its final weights, so any
 * one of them can be opened in the playground.
 *
 * <p>What a seed changes is the {@link SeedVariation}: by default only the initial weights, so the
 * spread of final losses is the spread of the minima gradient descent finds on one data set.
 *
 * <p>Runs are independent and deterministic, so the result does not depend on the number of
 * threads; run k equals a single run of {@code variation.build(config, s + k)} trained alone.
 */
public final class SeedMinima {

    public static final int DEFAULT_SEEDS = 20;
    public static final int DEFAULT_EPOCHS = 500;
    public static final int MAX_SEEDS = 1000;
    public static final int MAX_EPOCHS = 1_000_000;

    private SeedMinima() {
    }

    /**
     * @param config    the experiment; its seed is the first seed and, for {@link SeedVariation#WEIGHTS},
     *                  the seed of the data every run shares
     * @param seeds     K, the number of runs, in [1, {@value #MAX_SEEDS}]
     * @param epochs    epochs per run, in [1, {@value #MAX_EPOCHS}]
     * @param variation what a seed changes
     */
    public record Spec(ExperimentConfig config, int seeds, int epochs, SeedVariation variation) {
        public Spec {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(variation, "vary");
            requireBuiltInData(config);
            Bounds.integer("seeds", seeds, 1, MAX_SEEDS);
            Bounds.integer("epochs", epochs, 1, MAX_EPOCHS);
            requireSeedsFit(config, seeds);
        }

        public Spec withSeeds(int newSeeds) {
            return new Spec(config, newSeeds, epochs, variation);
        }

        public Spec withEpochs(int newEpochs) {
            return new Spec(config, seeds, newEpochs, variation);
        }

        /** The document {@link #parse} reads. */
        public ObjectNode toJsonTree() {
            ObjectNode root = JsonFields.newObject();
            root.set("config", config.toJsonTree());
            root.put("seeds", seeds);
            root.put("epochs", epochs);
            root.put("vary", variation.id());
            return root;
        }
    }

    /** Jobs train on built-in data only: uploaded points live in one playground session. */
    static void requireBuiltInData(ExperimentConfig config) {
        if (config.data().isCustom()) {
            throw new ConfigException("config.data.dataset", "config.data.dataset is custom (uploaded points),"
                    + " which only the playground holds; choose a built-in data set");
        }
    }

    static void requireSeedsFit(ExperimentConfig config, int seeds) {
        if (config.seed() + seeds - 1 > ExperimentConfig.MAX_SEED) {
            throw new ConfigException("seeds", "config.seed + seeds - 1 must be at most " + ExperimentConfig.MAX_SEED);
        }
    }

    /**
     * Reads {@code {"config": {...}, "seeds": 20, "epochs": 500, "vary": "weights"}}; absent fields
     * take their defaults (the config's too). Errors name the field's path in this document.
     */
    public static Spec parse(String json, NetworkLimits limits) {
        JsonFields root = JsonFields.parseObject(json, "minima request");
        ExperimentConfig config = readConfig(root, limits);
        long seeds = Bounds.integer("seeds", root.integer("seeds", DEFAULT_SEEDS), 1, MAX_SEEDS);
        long epochs = Bounds.integer("epochs", root.integer("epochs", DEFAULT_EPOCHS), 1, MAX_EPOCHS);
        SeedVariation variation = readVariation(root);
        root.rejectUnknownFields();
        return new Spec(config, (int) seeds, (int) epochs, variation);
    }

    static ExperimentConfig readConfig(JsonFields root, NetworkLimits limits) {
        JsonFields configFields = root.object("config");
        try {
            return ExperimentConfig.fromJson(configFields.node().toString(), limits);
        } catch (ConfigException e) {
            throw Race.prefixed("config", e);
        }
    }

    static SeedVariation readVariation(JsonFields root) {
        String id = root.text("vary", SeedVariation.WEIGHTS.id());
        try {
            return SeedVariation.parse(id);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("vary", "vary " + e.getMessage());
        }
    }

    // ================================================================== running

    /**
     * One seed's run.
     *
     * @param seed       the seed of its initial weights
     * @param dataSeed   the seed of its data (the config's seed, or {@code seed} when data varies too)
     * @param outcome    losses before and after, divergence
     * @param model      the final network (NaN somewhere when diverged), as the playground imports it
     */
    public record Run(long seed, long dataSeed, FixedEpochRun outcome, ModelFile model) {
        public boolean diverged() {
            return outcome.diverged();
        }

        /** The final weights and biases, {@code Network.parameters()}'s layout. A copy. */
        public double[] parameters() {
            return model.parameters();
        }
    }

    /** Trains one seed (see the class comment). Deterministic. */
    public static Run runOne(Spec spec, long seed) {
        Experiment experiment = spec.variation().build(spec.config(), seed, NetworkLimits.DEFAULT);
        return run(spec, seed, experiment, FixedEpochRun.train(experiment.trainer(), spec.epochs()));
    }

    /**
     * The same runs, one after another, an epoch per step, for a server's shared workers; stepping
     * to the end gives exactly {@link #run}'s result.
     */
    public static SteppedJob<Result> stepped(Spec spec) {
        RunSequence<Run> runs = new RunSequence<>(spec.seeds(), spec.epochs(),
                k -> spec.variation().build(spec.config(), spec.config().seed() + k, NetworkLimits.DEFAULT),
                (k, experiment, outcome) -> run(spec, spec.config().seed() + k, experiment, outcome));
        return runs.then(results -> new Result(spec, results));
    }

    private static Run run(Spec spec, long seed, Experiment experiment, FixedEpochRun outcome) {
        return new Run(seed, spec.variation().dataSeed(spec.config(), seed), outcome, experiment.toModelFile());
    }

    /** Runs every seed on {@code threads} threads (1: in the calling thread). */
    public static Result run(Spec spec, int threads, Consumer<Run> onDone) throws InterruptedException {
        List<Callable<Run>> jobs = new ArrayList<>(spec.seeds());
        for (int k = 0; k < spec.seeds(); k++) {
            long seed = spec.config().seed() + k;
            jobs.add(() -> runOne(spec, seed));
        }
        return new Result(spec, List.copyOf(ParallelRuns.run(jobs, threads, onDone)));
    }

    // ================================================================== results

    /** Smallest, median and largest of the finite values; NaN when there are none. */
    public record Spread(double min, double median, double max, int count) {
        static Spread of(double[] values) {
            double[] finite = java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
            if (finite.length == 0) {
                return new Spread(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            java.util.Arrays.sort(finite);
            return new Spread(finite[0], Race.quantile(finite, 0.5), finite[finite.length - 1], finite.length);
        }

        ObjectNode toJsonTree() {
            ObjectNode node = JsonFields.newObject();
            JsonFields.putNumber(node, "min", min);
            JsonFields.putNumber(node, "median", median);
            JsonFields.putNumber(node, "max", max);
            node.put("count", count);
            return node;
        }
    }

    /** Every seed's run, in seed order. */
    public record Result(Spec spec, List<Run> runs) {

        /** The final test losses of the runs that did not diverge. */
        public Spread testLoss() {
            return Spread.of(runs.stream().mapToDouble(r -> r.outcome().finalTestLoss()).toArray());
        }

        public Spread trainLoss() {
            return Spread.of(runs.stream().mapToDouble(r -> r.outcome().finalTrainLoss()).toArray());
        }

        public int divergedCount() {
            return (int) runs.stream().filter(Run::diverged).count();
        }

        public static final String CSV_HEADER = "seed,data_seed,initial_train_loss,final_train_loss,final_test_loss,"
                + "final_train_accuracy,final_test_accuracy,diverged,diverged_at_epoch";

        /** One row per seed; numbers that are not finite are empty. */
        public String toCsv() {
            StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
            for (Run run : runs) {
                FixedEpochRun o = run.outcome();
                csv.append(run.seed()).append(',').append(run.dataSeed()).append(',')
                        .append(JsonFields.csvNumber(o.initialTrainLoss())).append(',').append(JsonFields.csvNumber(o.finalTrainLoss())).append(',')
                        .append(JsonFields.csvNumber(o.finalTestLoss())).append(',').append(JsonFields.csvNumber(o.finalTrainAccuracy())).append(',')
                        .append(JsonFields.csvNumber(o.finalTestAccuracy())).append(',').append(o.diverged()).append(',')
                        .append(o.diverged() ? Integer.toString(o.divergedAtEpoch()) : "").append('\n');
            }
            return csv.toString();
        }

        /**
         * The result as JSON: the request, the spread of final losses, and every run; with
         * {@code models}, each run that did not diverge carries its final network as a model file.
         */
        public ObjectNode toJsonTree(boolean models) {
            ObjectNode root = JsonFields.newObject();
            root.set("minima", spec.toJsonTree());
            ObjectNode summary = root.putObject("summary");
            summary.set("testLoss", testLoss().toJsonTree());
            summary.set("trainLoss", trainLoss().toJsonTree());
            summary.put("diverged", divergedCount());
            ArrayNode list = root.putArray("runs");
            for (Run run : runs) {
                ObjectNode node = list.addObject();
                node.put("seed", run.seed());
                node.put("dataSeed", run.dataSeed());
                putOutcome(node, run.outcome());
                if (models && !run.diverged()) {
                    node.set("model", modelTree(run.model()));
                }
            }
            return root;
        }

        public String toJson(boolean models) {
            return JsonFields.write(toJsonTree(models));
        }
    }

    static void putOutcome(ObjectNode node, FixedEpochRun o) {
        JsonFields.putNumber(node, "initialTrainLoss", o.initialTrainLoss());
        JsonFields.putNumber(node, "finalTrainLoss", o.finalTrainLoss());
        JsonFields.putNumber(node, "finalTestLoss", o.finalTestLoss());
        JsonFields.putNumber(node, "finalTrainAccuracy", o.finalTrainAccuracy());
        JsonFields.putNumber(node, "finalTestAccuracy", o.finalTestAccuracy());
        node.put("diverged", o.diverged());
        if (o.diverged()) {
            node.put("divergedAtEpoch", o.divergedAtEpoch());
        } else {
            node.putNull("divergedAtEpoch");
        }
    }

    static ObjectNode modelTree(ModelFile model) {
        try {
            return (ObjectNode) JsonFields.MAPPER.readTree(model.toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a model file did not read back", e);
        }
    }
}
