package org.layerlab.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.layerlab.data.Task;
import org.layerlab.engine.NetworkLimits;

/**
 * Inputs of pure noise against a small network (docs/dimensions.md, "Noise features in the
 * playground"): one config trained with d₁ &lt; d₂ &lt; … noise features ({@code noiseFeatures}),
 * each d from K seeds for E epochs, no early stop. Per d: the smallest, median and largest final
 * test loss over the seeds, the median final training loss and the median final test accuracy.
 *
 * <p>Each d is a {@link SeedMinima} of {@code config.withNoiseFeatures(d)} ({@link Spec#minima}),
 * and run (d, seed) is exactly {@link SeedMinima#runOne}{@code (spec.minima(d), seed)}, whether
 * the runs go through {@link #run} (threads, for the {@code layerlab noise} command) or
 * {@link #stepped} (an epoch per step, for the server's job runner behind the dimensions page); the
 * spreads are {@link SeedMinima.Spread}s, over the runs that did not diverge.
 *
 * <p>By default a seed changes everything ({@link SeedVariation#WEIGHTS_AND_DATA}): the points, their
 * split, the noise values and the initial weights. The question is how well the network does on a
 * fresh sample of the problem, not from a fresh start on one sample. Runs are independent and
 * deterministic and {@link ParallelRuns} returns them in submission order, so the result does not
 * depend on the number of threads.
 */
public final class NoiseFeatureExperiment {

    /** The experiment of docs/dimensions.md: none, a few, as many as a hidden layer's fan-in, many. */
    public static final List<Integer> DEFAULT_NOISE_FEATURES = List.of(0, 2, 10, 50);
    public static final int DEFAULT_SEEDS = 10;
    public static final int DEFAULT_EPOCHS = 300;
    public static final SeedVariation DEFAULT_VARIATION = SeedVariation.WEIGHTS_AND_DATA;
    public static final int MAX_SEEDS = SeedMinima.MAX_SEEDS;
    public static final int MAX_EPOCHS = SeedMinima.MAX_EPOCHS;

    private NoiseFeatureExperiment() {
    }

    /**
     * @param config        the experiment; its own {@code noiseFeatures} is replaced by each d (and
     *                      kept as 0 here), its seed is the first seed
     * @param noiseFeatures the values of d, strictly increasing, each in [0, {@value ExperimentConfig#MAX_NOISE_FEATURES}]
     *                      and within {@link NetworkLimits#DEFAULT}'s inputs with the config's features
     * @param seeds         runs per d, in [1, {@value #MAX_SEEDS}]
     * @param epochs        epochs per run, in [1, {@value #MAX_EPOCHS}]
     * @param variation     what a seed changes
     */
    public record Spec(ExperimentConfig config, List<Integer> noiseFeatures, int seeds, int epochs,
                       SeedVariation variation) {
        public Spec {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(variation, "vary");
            SeedMinima.requireBuiltInData(config);
            config = config.withNoiseFeatures(0);
            noiseFeatures = checkNoiseFeatures(config, noiseFeatures, NetworkLimits.DEFAULT);
            Bounds.integer("seeds", seeds, 1, MAX_SEEDS);
            Bounds.integer("epochs", epochs, 1, MAX_EPOCHS);
            SeedMinima.requireSeedsFit(config, seeds);
        }

        /** The default experiment on {@code config}: d = 0, 2, 10, 50, 10 seeds, 300 epochs, seeds vary everything. */
        public static Spec defaults(ExperimentConfig config) {
            return new Spec(config, DEFAULT_NOISE_FEATURES, DEFAULT_SEEDS, DEFAULT_EPOCHS, DEFAULT_VARIATION);
        }

        /** The runs of one d: {@code config.withNoiseFeatures(d)} from this spec's seeds. */
        public SeedMinima.Spec minima(int d) {
            return new SeedMinima.Spec(config.withNoiseFeatures(d), seeds, epochs, variation);
        }

        /** Every run of the experiment: the number of d values × seeds. */
        public int runCount() {
            return noiseFeatures.size() * seeds;
        }

        /**
         * The estimated cost in multiply-adds, as a shared server counts it for its jobs: an epoch
         * is about three passes (forward, backward, update) over the training points, each a
         * multiply-add per parameter and point; summed over every d (larger d, more parameters) and seed.
         */
        public double work() {
            Task task = config.data().builtIn().orElseThrow().task();
            double points = Math.max(1, Math.round(config.data().samples() * config.data().trainFraction()));
            double total = 0;
            for (int d : noiseFeatures) {
                ExperimentConfig withNoise = config.withNoiseFeatures(d);
                total += 3.0 * seeds * epochs * points
                        * withNoise.network().specFor(withNoise.inputCount(), task).parameterCount();
            }
            return total;
        }

        /**
         * Refuses, naming the field, an experiment larger than a shared server runs: more than
         * {@code maxSeeds} seeds, {@code maxEpochs} epochs, or {@code maxWork} multiply-adds in all
         * ({@link #work()}). The message points to the {@code layerlab noise} command, which has no
         * such limits.
         */
        public Spec requireWithin(int maxSeeds, int maxEpochs, double maxWork) {
            if (seeds > maxSeeds) {
                throw new ConfigException("seeds", "seeds must be at most " + maxSeeds + " on this shared server, got "
                        + seeds + "; run `layerlab noise` on your own machine for more");
            }
            if (epochs > maxEpochs) {
                throw new ConfigException("epochs", "epochs must be at most " + maxEpochs + " on this shared server,"
                        + " got " + epochs + "; run `layerlab noise` on your own machine for more");
            }
            double work = work();
            if (work > maxWork) {
                throw new ConfigException("seeds", String.format(java.util.Locale.ROOT, "this experiment is too large"
                        + " for the shared server: about %.1e multiply-adds (d values × seeds × epochs × training"
                        + " points × parameters), at most %.1e allowed; use fewer seeds, epochs, points or values of"
                        + " d, or run `layerlab noise` on your own machine", work, maxWork));
            }
            return this;
        }

        /** The document {@link #parse} reads. */
        public ObjectNode toJsonTree() {
            ObjectNode root = JsonFields.newObject();
            root.set("config", config.toJsonTree());
            ArrayNode ds = root.putArray("noiseFeatures");
            noiseFeatures.forEach(ds::add);
            root.put("seeds", seeds);
            root.put("epochs", epochs);
            root.put("vary", variation.id());
            return root;
        }
    }

    /** A copy of {@code values}, refused naming the element unless strictly increasing, in range and within the limits. */
    static List<Integer> checkNoiseFeatures(ExperimentConfig config, List<Integer> values, NetworkLimits limits) {
        if (values == null || values.isEmpty()) {
            throw new ConfigException("noiseFeatures", "noiseFeatures must list at least one number of noise"
                    + " features, e.g. [0, 2, 10, 50]");
        }
        for (int i = 0; i < values.size(); i++) {
            String path = "noiseFeatures[" + i + "]";
            Integer d = Objects.requireNonNull(values.get(i), path);
            Bounds.integer(path, d, 0, ExperimentConfig.MAX_NOISE_FEATURES);
            if (i > 0 && d <= values.get(i - 1)) {
                throw new ConfigException(path, "noiseFeatures must be strictly increasing (each d once, smallest"
                        + " first): " + path + " is " + d + " after " + values.get(i - 1));
            }
            try {
                config.withNoiseFeatures(d).requireWithin(limits);
            } catch (ConfigException e) {
                throw new ConfigException(e.field().equals("noiseFeatures") ? path : e.field(),
                        e.field().equals("noiseFeatures") ? e.getMessage().replaceFirst("^noiseFeatures", path)
                                : e.getMessage(), e);
            }
        }
        return List.copyOf(values);
    }

    /**
     * Reads {@code {"config": {...}, "noiseFeatures": [0, 2, 10, 50], "seeds": 10, "epochs": 300,
     * "vary": "all"}}; absent fields take their defaults (the config's too). Errors name the field's
     * path in this document.
     */
    public static Spec parse(String json, NetworkLimits limits) {
        JsonFields root = JsonFields.parseObject(json, "noise-feature request");
        ExperimentConfig config = SeedMinima.readConfig(root, limits).withNoiseFeatures(0);
        List<JsonNode> nodes = root.array("noiseFeatures");
        List<Integer> noiseFeatures = DEFAULT_NOISE_FEATURES;
        if (nodes != null) {
            noiseFeatures = new ArrayList<>(nodes.size());
            for (int i = 0; i < nodes.size(); i++) {
                String path = "noiseFeatures[" + i + "]";
                noiseFeatures.add((int) Bounds.integer(path, JsonFields.integerAt(path, nodes.get(i)), 0,
                        ExperimentConfig.MAX_NOISE_FEATURES));
            }
        }
        noiseFeatures = checkNoiseFeatures(config, noiseFeatures, limits);
        long seeds = Bounds.integer("seeds", root.integer("seeds", DEFAULT_SEEDS), 1, MAX_SEEDS);
        long epochs = Bounds.integer("epochs", root.integer("epochs", DEFAULT_EPOCHS), 1, MAX_EPOCHS);
        SeedVariation variation = readVariation(root);
        root.rejectUnknownFields();
        return new Spec(config, noiseFeatures, (int) seeds, (int) epochs, variation);
    }

    /** Like {@link SeedMinima#readVariation}, with this experiment's default ("all"). */
    private static SeedVariation readVariation(JsonFields root) {
        String id = root.text("vary", DEFAULT_VARIATION.id());
        try {
            return SeedVariation.parse(id);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("vary", "vary " + e.getMessage());
        }
    }

    // ================================================================== running

    /** Trains run (d, seed) alone: {@link SeedMinima#runOne} of {@link Spec#minima}{@code (d)}. Deterministic. */
    public static SeedMinima.Run runOne(Spec spec, int d, long seed) {
        return SeedMinima.runOne(spec.minima(d), seed);
    }

    /**
     * The same runs, one after another (d by d, seed by seed), an epoch per step, for a server's
     * shared workers; stepping to the end gives exactly {@link #run}'s result.
     */
    public static SteppedJob<Result> stepped(Spec spec) {
        int seeds = spec.seeds();
        List<SeedMinima.Spec> minima = new ArrayList<>();
        spec.noiseFeatures().forEach(d -> minima.add(spec.minima(d)));
        RunSequence<SeedMinima.Run> runs = new RunSequence<>(spec.runCount(), spec.epochs(),
                k -> {
                    SeedMinima.Spec of = minima.get(k / seeds);
                    return of.variation().build(of.config(), of.config().seed() + k % seeds, NetworkLimits.DEFAULT);
                },
                (k, experiment, outcome) -> {
                    SeedMinima.Spec of = minima.get(k / seeds);
                    long seed = of.config().seed() + k % seeds;
                    // what SeedMinima.runOne makes of the same experiment and outcome
                    return new SeedMinima.Run(seed, of.variation().dataSeed(of.config(), seed), outcome,
                            experiment.toModelFile());
                });
        return runs.then(results -> assemble(spec, results));
    }

    /**
     * Runs every (d, seed) on {@code threads} threads (1: in the calling thread), all of them in one
     * pool so that the slow large-d runs share the threads with the rest.
     *
     * @param onDone called after each run (from the worker, in completion order); may be null
     */
    public static Result run(Spec spec, int threads, Consumer<SeedMinima.Run> onDone) throws InterruptedException {
        List<Callable<SeedMinima.Run>> jobs = new ArrayList<>(spec.runCount());
        for (int d : spec.noiseFeatures()) {
            SeedMinima.Spec minima = spec.minima(d);
            for (int k = 0; k < spec.seeds(); k++) {
                long seed = spec.config().seed() + k;
                jobs.add(() -> SeedMinima.runOne(minima, seed));
            }
        }
        return assemble(spec, ParallelRuns.run(jobs, threads, onDone));
    }

    /** The rows from every run, d-major in the spec's order (as both forms produce them). */
    private static Result assemble(Spec spec, List<SeedMinima.Run> runs) {
        List<Row> rows = new ArrayList<>(spec.noiseFeatures().size());
        for (int i = 0; i < spec.noiseFeatures().size(); i++) {
            int d = spec.noiseFeatures().get(i);
            List<SeedMinima.Run> mine = runs.subList(i * spec.seeds(), (i + 1) * spec.seeds());
            rows.add(new Row(d, new SeedMinima.Result(spec.minima(d), List.copyOf(mine))));
        }
        return new Result(spec, List.copyOf(rows));
    }

    // ================================================================== results

    /** One d: its seeds' runs, as a {@link SeedMinima.Result}. */
    public record Row(int noiseFeatures, SeedMinima.Result minima) {

        /** The final test losses of the runs that did not diverge. */
        public SeedMinima.Spread testLoss() {
            return minima.testLoss();
        }

        public SeedMinima.Spread trainLoss() {
            return minima.trainLoss();
        }

        /** The final test accuracies (NaN for regression, so an empty spread there). */
        public SeedMinima.Spread testAccuracy() {
            return SeedMinima.Spread.of(minima.runs().stream()
                    .mapToDouble(r -> r.outcome().finalTestAccuracy()).toArray());
        }

        public int diverged() {
            return minima.divergedCount();
        }

        public List<SeedMinima.Run> runs() {
            return minima.runs();
        }
    }

    public record Result(Spec spec, List<Row> rows) {

        /** The row of {@code d}; throws when d was not measured. */
        public Row row(int d) {
            return rows.stream().filter(r -> r.noiseFeatures() == d).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("d = " + d + " was not measured; measured: "
                            + spec.noiseFeatures()));
        }

        public static final String CSV_HEADER = "noise_features,seed,data_seed,initial_train_loss,final_train_loss,"
                + "final_test_loss,final_train_accuracy,final_test_accuracy,diverged,diverged_at_epoch";

        /** One row per (d, seed); numbers that are not finite are empty. */
        public String toCsv() {
            StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
            for (Row row : rows) {
                for (SeedMinima.Run run : row.runs()) {
                    FixedEpochRun o = run.outcome();
                    csv.append(row.noiseFeatures()).append(',').append(run.seed()).append(',').append(run.dataSeed())
                            .append(',').append(JsonFields.csvNumber(o.initialTrainLoss())).append(',')
                            .append(JsonFields.csvNumber(o.finalTrainLoss())).append(',')
                            .append(JsonFields.csvNumber(o.finalTestLoss())).append(',')
                            .append(JsonFields.csvNumber(o.finalTrainAccuracy())).append(',')
                            .append(JsonFields.csvNumber(o.finalTestAccuracy())).append(',').append(o.diverged())
                            .append(',').append(o.diverged() ? Integer.toString(o.divergedAtEpoch()) : "")
                            .append('\n');
                }
            }
            return csv.toString();
        }

        /**
         * The request, then per d the spreads of the final test loss, training loss and test accuracy
         * ({@code min}, {@code median}, {@code max}, {@code count}; null where there is no finite value),
         * the number of diverged runs and every run's outcome.
         */
        public ObjectNode toJsonTree() {
            ObjectNode root = JsonFields.newObject();
            root.set("noise", spec.toJsonTree());
            ArrayNode list = root.putArray("rows");
            for (Row row : rows) {
                ObjectNode node = list.addObject();
                node.put("noiseFeatures", row.noiseFeatures());
                node.set("testLoss", row.testLoss().toJsonTree());
                node.set("trainLoss", row.trainLoss().toJsonTree());
                node.set("testAccuracy", row.testAccuracy().toJsonTree());
                node.put("diverged", row.diverged());
                ArrayNode runs = node.putArray("runs");
                for (SeedMinima.Run run : row.runs()) {
                    ObjectNode r = runs.addObject();
                    r.put("seed", run.seed());
                    r.put("dataSeed", run.dataSeed());
                    SeedMinima.putOutcome(r, run.outcome());
                }
            }
            return root;
        }

        public String toJson() {
            return JsonFields.write(toJsonTree());
        }

        /** The median final test losses, d by d (NaN where every run diverged). */
        public double[] medianTestLosses() {
            return rows.stream().mapToDouble(r -> r.testLoss().median()).toArray();
        }
    }
}
