package org.layerlab.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.layerlab.engine.Network;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.engine.Optimizer;

/**
 * A race: the same experiment trained under 2–4 settings ("contestants"), each over K seeds, to
 * see which one gets its test loss down to a target in fewer epochs ("race sigmoid against ReLU").
 *
 * <p>Each contestant is a name and a JSON object of overrides, deep-merged into the base config
 * (objects merge field by field, anything else replaces), so contestants differ in exactly the
 * settings under test. Seeds run {@code base.seed .. base.seed + K − 1}; for a given seed every
 * contestant gets the same points and draws its initial weights from the same stream, so two
 * contestants with identical overrides give bit-identical curves.
 *
 * <p>Each contestant × seed job trains epoch by epoch and checks the test loss against the target
 * every {@link Spec#evalEvery()} epochs (default 1, so epochs-to-target is exact; with k &gt; 1 it
 * is rounded up to a multiple of k) and after the last epoch. A check between two points of the
 * curve asks only whether the loss is at most the target ({@link Trainer#testLossAtMost}, exact,
 * but it stops reading the test set once the answer is settled), which more than halves the cost
 * of checking; the curve gets its at most {@value #MAX_CURVE_POINTS} measured points. A job stops at the first measured
 * epoch whose test loss is ≤ the target (it finished the race; its "final" losses are those of that
 * epoch), at {@link Spec#maxEpochs()} (not reached), or when training diverges (not reached). Jobs
 * are independent, so the result does not depend on the number of threads or their timing.
 *
 * <p>{@link #run} and the server's sliced repeats ({@link #ensembleJobs}) train many jobs at once in
 * lock-step on ensembles ({@link RaceEnsemble}); each job still follows its own {@link Runner}, and
 * every run is bit-identical to {@link #runOne}'s. The live race ({@link LockStep}) runs its
 * contestants' Runners one by one.
 *
 * <p>Statistics treat "not reached" as +∞ epochs (a censored time): the median and quartiles
 * (linear interpolation between order statistics) are +∞ when they fall among the runs that did
 * not finish, and written as null in JSON.
 */
public final class Race {

    public static final double DEFAULT_TARGET = 0.05;
    public static final int DEFAULT_MAX_EPOCHS = 2000;
    public static final int DEFAULT_SEEDS = 20;
    public static final int MIN_CONTESTANTS = 2;
    public static final int MAX_CONTESTANTS = 4;
    public static final int MAX_SEEDS = 1000;
    public static final int MAX_EPOCHS = 1_000_000;
    /** Curves are thinned to at most this many points. */
    public static final int MAX_CURVE_POINTS = 200;

    private Race() {
    }

    // ================================================================== the race's description

    /** A contestant: its name, its overrides as written, and the base config with them merged. */
    public record Contestant(String name, ObjectNode overrides, ExperimentConfig config) {
        public Contestant {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(overrides, "overrides");
            Objects.requireNonNull(config, "config");
        }
    }

    /**
     * @param base        the shared config; its seed is the first seed
     * @param contestants 2–4, names distinct
     * @param target      the test loss to reach, &gt; 0
     * @param maxEpochs   the most epochs a job trains
     * @param seeds       how many seeds each contestant runs
     * @param evalEvery   test loss is measured every this many epochs (and after the last)
     */
    public record Spec(ExperimentConfig base, List<Contestant> contestants, double target, int maxEpochs,
                       int seeds, int evalEvery) {
        public Spec {
            Objects.requireNonNull(base, "base");
            contestants = List.copyOf(Objects.requireNonNull(contestants, "contestants"));
            if (contestants.size() < MIN_CONTESTANTS || contestants.size() > MAX_CONTESTANTS) {
                throw new ConfigException("contestants", "contestants must have " + MIN_CONTESTANTS + " to "
                        + MAX_CONTESTANTS + " entries, got " + contestants.size());
            }
            Set<String> names = new HashSet<>();
            for (int i = 0; i < contestants.size(); i++) {
                if (!names.add(contestants.get(i).name())) {
                    String path = "contestants[" + i + "].name";
                    throw new ConfigException(path, path + " repeats \"" + contestants.get(i).name()
                            + "\"; names must be distinct");
                }
            }
            if (!(target > 0) || !Double.isFinite(target)) {
                throw new ConfigException("target", "target must be a finite test loss > 0, got " + target);
            }
            Bounds.integer("maxEpochs", maxEpochs, 1, MAX_EPOCHS);
            Bounds.integer("seeds", seeds, 1, MAX_SEEDS);
            Bounds.integer("evalEvery", evalEvery, 1, maxEpochs);
            if (base.seed() + seeds - 1 > ExperimentConfig.MAX_SEED) {
                throw new ConfigException("seeds", "base.seed + seeds - 1 must be at most "
                        + ExperimentConfig.MAX_SEED);
            }
        }

        public Spec withSeeds(int newSeeds) {
            return new Spec(base, contestants, target, maxEpochs, newSeeds, evalEvery);
        }

        public Spec withMaxEpochs(int newMaxEpochs) {
            return new Spec(base, contestants, target, newMaxEpochs, seeds, Math.min(evalEvery, newMaxEpochs));
        }

        public Spec withTarget(double newTarget) {
            return new Spec(base, contestants, newTarget, maxEpochs, seeds, evalEvery);
        }

        public Spec withEvalEvery(int newEvalEvery) {
            return new Spec(base, contestants, target, maxEpochs, seeds, newEvalEvery);
        }

        /** The race as JSON, in the form {@link #parse} reads. */
        public ObjectNode toJsonTree() {
            ObjectNode root = JsonFields.newObject();
            root.set("base", base.toJsonTree());
            ArrayNode list = root.putArray("contestants");
            for (Contestant c : contestants) {
                ObjectNode node = list.addObject();
                node.put("name", c.name());
                node.set("overrides", c.overrides().deepCopy());
            }
            root.put("target", target);
            root.put("maxEpochs", maxEpochs);
            root.put("seeds", seeds);
            root.put("evalEvery", evalEvery);
            return root;
        }
    }

    /**
     * A contestant: the base config with {@code overridesJson} (a JSON object) merged in.
     *
     * @param path names the overrides in messages, e.g. {@code contestants[2].overrides}
     */
    public static Contestant contestant(String name, ExperimentConfig base, String overridesJson, String path,
                                        NetworkLimits limits) {
        JsonFields parsed = JsonFields.parseObject(overridesJson, path);
        return contestant(name, base, (ObjectNode) parsed.node(), path, limits);
    }

    public static Contestant contestant(String name, ExperimentConfig base, String overridesJson) {
        return contestant(name, base, overridesJson, "overrides", NetworkLimits.DEFAULT);
    }

    static Contestant contestant(String name, ExperimentConfig base, ObjectNode overrides, String path,
                                 NetworkLimits limits) {
        if (overrides.has("seed")) {
            throw new ConfigException(path + ".seed", path + ".seed is not allowed: the race sets the seeds"
                    + " (base.seed and seeds)");
        }
        ObjectNode merged = base.toJsonTree();
        merge(merged, overrides);
        try {
            return new Contestant(name, overrides.deepCopy(), ExperimentConfig.fromJson(merged.toString(), limits));
        } catch (ConfigException e) {
            throw prefixed(path, e);
        }
    }

    /** Deep merge: objects field by field, anything else (numbers, strings, arrays) replaces. */
    static void merge(ObjectNode into, ObjectNode from) {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = into.get(field.getKey());
            if (existing != null && existing.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) existing, (ObjectNode) field.getValue());
            } else {
                into.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    /** The same error, its field path under {@code prefix}. */
    static ConfigException prefixed(String prefix, ConfigException e) {
        String field = e.field() == null || e.field().isEmpty() ? prefix : prefix + "." + e.field();
        String message = e.getMessage();
        if (e.field() != null && !e.field().isEmpty() && message.startsWith(e.field())) {
            message = prefix + "." + message;
        } else if (e.field() != null && !e.field().isEmpty() && message.contains(" " + e.field())) {
            message = message.replace(" " + e.field(), " " + field);
        } else {
            message = prefix + ": " + message;
        }
        return new ConfigException(field, message, e);
    }

    /** Reads a race document (docs in {@link Spec}); absent fields take their defaults. */
    public static Spec parse(String json, NetworkLimits limits) {
        JsonFields root = JsonFields.parseObject(json, "race");
        JsonFields baseFields = root.object("base");
        ExperimentConfig base;
        try {
            base = ExperimentConfig.fromJson(baseFields.node().toString(), limits);
        } catch (ConfigException e) {
            throw prefixed("base", e);
        }
        List<JsonNode> elements = root.array("contestants");
        if (elements == null) {
            throw new ConfigException("contestants", "contestants is required: " + MIN_CONTESTANTS + " to "
                    + MAX_CONTESTANTS + " objects {\"name\": ..., \"overrides\": {...}}");
        }
        if (elements.size() < MIN_CONTESTANTS || elements.size() > MAX_CONTESTANTS) {
            throw new ConfigException("contestants", "contestants must have " + MIN_CONTESTANTS + " to "
                    + MAX_CONTESTANTS + " entries, got " + elements.size());
        }
        List<Contestant> contestants = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            String path = "contestants[" + i + "]";
            JsonFields fields = JsonFields.objectAt(path, elements.get(i));
            String name = fields.text("name", null);
            if (name == null || name.isBlank()) {
                throw new ConfigException(path + ".name", path + ".name is required: a short label, e.g. \"relu\"");
            }
            JsonFields overrides = fields.object("overrides");
            fields.rejectUnknownFields();
            contestants.add(contestant(name.trim(), base, (ObjectNode) overrides.node(), path + ".overrides", limits));
        }
        double target = root.number("target", DEFAULT_TARGET);
        long maxEpochs = Bounds.integer("maxEpochs", root.integer("maxEpochs", DEFAULT_MAX_EPOCHS), 1, MAX_EPOCHS);
        long seeds = Bounds.integer("seeds", root.integer("seeds", DEFAULT_SEEDS), 1, MAX_SEEDS);
        long evalEvery = Bounds.integer("evalEvery", root.integer("evalEvery", 1), 1, maxEpochs);
        root.rejectUnknownFields();
        return new Spec(base, contestants, target, (int) maxEpochs, (int) seeds, (int) evalEvery);
    }

    public static Spec parse(String json) {
        return parse(json, NetworkLimits.DEFAULT);
    }

    /** The default race's contestants: every hidden layer sigmoid, tanh, ReLU, then leaky ReLU. */
    public static final List<String> DEFAULT_ACTIVATIONS = List.of("sigmoid", "tanh", "relu", "leakyrelu");
    /** The datasets of the default race: W1 ("circle") and W2 ("spiral") of shared/workloads.md. */
    public static final List<String> DEFAULT_DATASETS = List.of("circle", "spiral");

    /**
     * The default race, sigmoid vs tanh vs ReLU vs leaky ReLU, 20 seeds from 1, target 0.05, at
     * most 2,000 epochs: on "circle" the W1 network (x1, x2; 4-2 hidden), on "spiral" the W2 one
     * (all seven features; six hidden layers of 8). The CLI, the race page and docs/experiments.md
     * all use this one definition, so their figures are the same.
     */
    public static Spec defaultRace(String dataset) {
        ExperimentConfig base;
        switch (dataset) {
            case "circle":
                base = ExperimentConfig.defaults();
                break;
            case "spiral":
                base = ExperimentConfig.fromJson("{\"data\": {\"dataset\": \"spiral\"},"
                        + " \"features\": [\"x1\", \"x2\", \"x1sq\", \"x2sq\", \"x1x2\", \"sinx1\", \"sinx2\"],"
                        + " \"network\": {\"hidden\": [8, 8, 8, 8, 8, 8], \"activation\": \"relu\","
                        + " \"output\": \"tanh\"},"
                        + " \"training\": {\"learningRate\": 0.03, \"batchSize\": 10}}");
                break;
            default:
                throw new ConfigException("dataset", "dataset must be one of " + DEFAULT_DATASETS + ", got \""
                        + dataset + "\"");
        }
        return activations(base, DEFAULT_ACTIVATIONS);
    }

    /** The base config with one contestant per hidden activation id, all else as in {@code base}. */
    public static Spec activations(ExperimentConfig base, List<String> activationIds) {
        List<Contestant> contestants = new ArrayList<>();
        for (int i = 0; i < activationIds.size(); i++) {
            String id = activationIds.get(i);
            contestants.add(contestant(id, base, "{\"network\": {\"activation\": \"" + id + "\"}}",
                    "contestants[" + i + "].overrides", NetworkLimits.DEFAULT));
        }
        return new Spec(base, contestants, DEFAULT_TARGET, DEFAULT_MAX_EPOCHS, DEFAULT_SEEDS, 1);
    }

    // ================================================================== running

    /**
     * One contestant × seed.
     *
     * @param epochsToTarget the first measured epoch with test loss ≤ target, or -1 if not reached
     * @param epochsTrained  epochs trained when the job stopped
     * @param curveEpochs    the epochs of the thinned test-loss curve (at most {@value #MAX_CURVE_POINTS})
     * @param curveTestLoss  the test loss at those epochs
     */
    public record Run(int contestant, long seed, int epochsToTarget, int epochsTrained, double finalTrainLoss,
                      double finalTestLoss, boolean diverged, int[] curveEpochs, double[] curveTestLoss) {
        public boolean reached() {
            return epochsToTarget >= 0;
        }

        /** Epochs to target as a double: +∞ when not reached. */
        public double epochsOrInfinity() {
            return reached() ? epochsToTarget : Double.POSITIVE_INFINITY;
        }
    }

    /** Trains one contestant on one seed (see the class comment). Deterministic. */
    public static Run runOne(Spec spec, int contestantIndex, long seed) {
        Runner runner = new Runner(spec, contestantIndex, seed);
        while (!runner.step()) {
            // one epoch per step, until the target, the last epoch or divergence
        }
        return runner.result();
    }

    /** The test loss of the network a {@link Runner} follows, measured or only compared. */
    interface TestLoss {
        /** The mean test loss ({@link Trainer#evaluateTest()}). */
        double measure();

        /** Exactly {@code measure() <= limit} ({@link Trainer#testLossAtMost}). */
        boolean atMost(double limit);
    }

    /**
     * One contestant × seed trained an epoch at a time, under the caller's control: exactly what
     * {@link #runOne} does (it is built on this), so a run can be spread over a server's short
     * work slices, cancelled between two epochs, or advanced in lock-step with other contestants
     * ({@link LockStep}) — and still end with the very same {@link Run}.
     *
     * <p>Not thread-safe: one runner belongs to one thread at a time.
     */
    public static final class Runner {
        private final Spec spec;
        private final int contestant;
        private final long seed;
        private final Experiment experiment;
        private final Trainer trainer;
        private int[] epochs;
        private double[] losses;
        private int points;
        private int reachedAt = -1;
        private int epoch;
        private double testLoss = Double.NaN;
        /** The epoch whose test loss was measured last (0: none yet). */
        private int measuredAt;
        private boolean finished;
        /** Whether every checked epoch's test loss is measured (a live race draws each one). */
        private final boolean measureEveryCheck;
        /** Otherwise the curve gets a point every this many epochs, and at the end. */
        private final int curveStride;
        /** The test loss of {@link #trainer}'s network. */
        private final TestLoss trainerTestLoss;

        /**
         * Builds the contestant's experiment for {@code seed}: its data and initial weights.
         *
         * @throws ConfigException when the contestant's config does not build (too few points
         *                         left to train on, say)
         */
        public Runner(Spec spec, int contestantIndex, long seed) {
            this(spec, contestantIndex, seed, false);
        }

        /**
         * @param measureEveryCheck measure the test loss at every checked epoch, for a curve with
         *                          every point (a live race); else (a repeat over seeds) the test
         *                          loss is measured only for the curve's at most
         *                          {@value #MAX_CURVE_POINTS} points and at the end, and the other
         *                          epochs only ask {@link Trainer#testLossAtMost} whether the
         *                          target is reached — the same answer, usually from a fraction
         *                          of the test set. Epochs to target are the same either way.
         */
        public Runner(Spec spec, int contestantIndex, long seed, boolean measureEveryCheck) {
            this.spec = Objects.requireNonNull(spec, "spec");
            this.measureEveryCheck = measureEveryCheck;
            // A multiple of evalEvery, so that curve points fall on checked epochs.
            int checks = (spec.maxEpochs() + spec.evalEvery() - 1) / spec.evalEvery();
            this.curveStride = spec.evalEvery() * ((checks + MAX_CURVE_POINTS - 1) / MAX_CURVE_POINTS);
            if (contestantIndex < 0 || contestantIndex >= spec.contestants().size()) {
                throw new IllegalArgumentException("contestant must be in [0, " + (spec.contestants().size() - 1)
                        + "], got " + contestantIndex);
            }
            this.contestant = contestantIndex;
            this.seed = seed;
            this.experiment = Experiment.build(spec.contestants().get(contestantIndex).config().withSeed(seed));
            this.trainer = experiment.trainer();
            this.trainerTestLoss = new TestLoss() {
                @Override
                public double measure() {
                    return trainer.evaluateTest().loss();
                }

                @Override
                public boolean atMost(double limit) {
                    return trainer.testLossAtMost(limit);
                }
            };
            int capacity = spec.maxEpochs() / spec.evalEvery() + 2;
            this.epochs = new int[Math.min(capacity, 4096)];
            this.losses = new double[epochs.length];
        }

        /**
         * Trains one epoch, then measures the test loss if this epoch is measured (every
         * {@code evalEvery}-th and the last); nothing once finished.
         *
         * @return whether the run is finished: target reached, last epoch trained, or diverged
         */
        public boolean step() {
            if (finished) {
                return true;
            }
            trainer.trainEpoch();
            return afterEpoch(trainer.diverged(), trainerTestLoss);
        }

        /**
         * The rest of {@link #step()} once the epoch is trained: counts it, stops a diverged run,
         * and on a checked epoch compares the test loss, as {@code source} reports it, with the
         * target. {@link RaceEnsemble} trains many seeds' epochs at once and reports each one's
         * test loss through here, so its runs stop exactly where {@link #runOne}'s do.
         */
        boolean afterEpoch(boolean diverged, TestLoss source) {
            if (finished) {
                throw new IllegalStateException("the run is finished");
            }
            epoch++;
            if (diverged) {
                testLoss = Double.NaN;
                finished = true;
                return true;
            }
            if (checksAt(epoch)) {
                boolean curvePoint = measuresAt(epoch);
                // Either way the same question is asked: is the test loss at most the target?
                boolean reached = curvePoint ? measure(source) <= spec.target() : source.atMost(spec.target());
                if (reached) {
                    if (!curvePoint) {
                        measure(source); // the finishing epoch's loss, for the curve and the result
                    }
                    reachedAt = epoch;
                    finished = true;
                }
            }
            if (epoch >= spec.maxEpochs()) {
                finished = true;
            }
            return finished;
        }

        /** Whether the test loss is compared with the target after {@code epoch} epochs. */
        boolean checksAt(int epoch) {
            return epoch % spec.evalEvery() == 0 || epoch == spec.maxEpochs();
        }

        /**
         * Whether that comparison measures the test loss (a point of the curve), rather than only
         * asking whether it is at most the target. Depends on what was measured so far.
         */
        boolean measuresAt(int epoch) {
            return measureEveryCheck || measuredAt == 0 || epoch % curveStride == 0 || epoch == spec.maxEpochs();
        }

        /**
         * Continues from the state of this run's network trained elsewhere ({@link RaceEnsemble}):
         * its parameters, its optimizer's memory and its visiting order (with the every-epoch
         * generator's position, or null), at the start of the epoch after {@link #epoch()}.
         */
        void adopt(double[] parameters, Optimizer.State optimizerState, int[] order, long[] orderRngState) {
            trainer.network().setParameters(parameters);
            trainer.optimizer().restore(optimizerState);
            trainer.restorePosition(epoch, 0, order, orderRngState);
        }

        /** Measures the test loss now and adds it to the curve. */
        private double measure(TestLoss source) {
            testLoss = source.measure();
            measuredAt = epoch;
            if (points == epochs.length) {
                epochs = Arrays.copyOf(epochs, points * 2);
                losses = Arrays.copyOf(losses, points * 2);
            }
            epochs[points] = epoch;
            losses[points] = testLoss;
            points++;
            return testLoss;
        }

        public boolean finished() {
            return finished;
        }

        public int contestant() {
            return contestant;
        }

        public long seed() {
            return seed;
        }

        /** Epochs trained so far. */
        public int epoch() {
            return epoch;
        }

        /** The first measured epoch with test loss ≤ target, or -1 (not yet, or never). */
        public int reachedAt() {
            return reachedAt;
        }

        public boolean diverged() {
            return trainer.diverged();
        }

        /** The last measured test loss (NaN before the first measurement and after divergence). */
        public double testLoss() {
            return testLoss;
        }

        /** The epoch {@link #testLoss()} was measured at; 0 before the first measurement. */
        public int measuredAt() {
            return measuredAt;
        }

        /**
         * The test loss of the network as it stands, measured without changing the run (the live
         * race shows where everyone starts; the run itself measures only after its epochs).
         */
        public double currentTestLoss() {
            return trainer.diverged() ? Double.NaN : trainer.evaluateTest().loss();
        }

        /** The contestant's experiment for this seed: its config, data and task. */
        public Experiment experiment() {
            return experiment;
        }

        /** The network being trained (read it between steps only). */
        public Network network() {
            return trainer.network();
        }

        /** The finished run, as {@link #runOne} returns it. Measures the training loss once. */
        public Run result() {
            if (!finished) {
                throw new IllegalStateException("the run is not finished: " + epoch + " of at most "
                        + spec.maxEpochs() + " epochs trained");
            }
            boolean diverged = trainer.diverged();
            double trainLoss = diverged ? Double.NaN : trainer.evaluateTrain().loss();
            int[] keep = thin(points, MAX_CURVE_POINTS);
            int[] curveEpochs = new int[keep.length];
            double[] curveLosses = new double[keep.length];
            for (int i = 0; i < keep.length; i++) {
                curveEpochs[i] = epochs[keep[i]];
                curveLosses[i] = losses[keep[i]];
            }
            return new Run(contestant, seed, reachedAt, epoch, trainLoss, testLoss, diverged, curveEpochs,
                    curveLosses);
        }
    }

    /**
     * A live race on one seed: every contestant's {@link Runner}, advanced in lock-step — each
     * {@link #tick()} trains every contestant still racing exactly one epoch, so at any moment all
     * of them have trained the same number of epochs (or stopped at their finish). A contestant
     * stops where {@link #runOne} stops, so its epochs to target are runOne's.
     */
    public static final class LockStep {
        private final Spec spec;
        private final long seed;
        private final List<Runner> runners;
        private int epoch;

        /** @throws ConfigException naming the contestant when one of them does not build */
        public LockStep(Spec spec, long seed) {
            this.spec = Objects.requireNonNull(spec, "spec");
            this.seed = seed;
            List<Runner> built = new ArrayList<>();
            for (int c = 0; c < spec.contestants().size(); c++) {
                try {
                    built.add(new Runner(spec, c, seed, true));
                } catch (ConfigException e) {
                    throw prefixed("contestants[" + c + "]", e);
                }
            }
            this.runners = List.copyOf(built);
        }

        public Spec spec() {
            return spec;
        }

        public long seed() {
            return seed;
        }

        public List<Runner> runners() {
            return runners;
        }

        /** Lock-step epochs so far: the epochs of every contestant still racing. */
        public int epoch() {
            return epoch;
        }

        public boolean finished() {
            for (Runner runner : runners) {
                if (!runner.finished()) {
                    return false;
                }
            }
            return true;
        }

        /** One epoch for every contestant still racing; returns whether all have finished. */
        public boolean tick() {
            if (finished()) {
                return true;
            }
            epoch++;
            for (Runner runner : runners) {
                runner.step();
            }
            return finished();
        }
    }

    /** Indices of at most {@code max} of {@code count} points, evenly spread, first and last included. */
    static int[] thin(int count, int max) {
        if (count <= max) {
            int[] all = new int[count];
            for (int i = 0; i < count; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] kept = new int[max];
        for (int i = 0; i < max; i++) {
            kept[i] = (int) ((long) i * (count - 1) / (max - 1));
        }
        return kept;
    }

    /** Runs the race on {@link Runtime#availableProcessors()} threads. */
    public static Result run(Spec spec, Consumer<Run> onDone) throws InterruptedException {
        return run(spec, Runtime.getRuntime().availableProcessors(), onDone);
    }

    /** The most networks one ensemble trains together ({@link RaceEnsemble}). */
    static final int MAX_ENSEMBLE = 64;

    /**
     * Runs the race on a fixed pool of {@code threads} threads. The contestant × seed runs are
     * trained many at once on ensembles ({@link RaceEnsemble}), which gives every run exactly as
     * {@link #runOne} would, several times faster: contestants that differ only in their hidden
     * activation share ensembles, and the seeds are dealt out round-robin over about as many
     * ensembles as threads, so each ensemble holds the same mix of contestants and the threads
     * finish together.
     *
     * @param onDone called (from a worker thread, in completion order) after each run; may be null
     */
    public static Result run(Spec spec, int threads, Consumer<Run> onDone) throws InterruptedException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "race-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<Run>>> futures = new ArrayList<>();
            for (SteppedJob<List<Run>> job : ensembleJobs(spec, threads, onDone)) {
                futures.add(pool.submit(() -> SteppedJob.runToEnd(job)));
            }
            List<Run> runs = new ArrayList<>();
            for (Future<List<Run>> future : futures) {
                try {
                    runs.addAll(future.get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException("a race job failed", cause);
                }
            }
            return summarize(spec, runs);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The race's contestant × seed runs dealt out to ensemble jobs for about {@code parts} workers:
     * contestants that differ only in their hidden activation share ensembles, and the seeds are
     * dealt round-robin, so each job holds the same mix of contestants and the workers finish
     * together. Stepping every job to its end trains every run exactly as {@link #runOne} would.
     *
     * @param onDone called with each run as its job finishes it (from the thread stepping that job); may be null
     */
    public static List<SteppedJob<List<Run>>> ensembleJobs(Spec spec, int parts, Consumer<Run> onDone) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1, got " + parts);
        }
        List<SteppedJob<List<Run>>> jobs = new ArrayList<>();
        for (List<Integer> group : compatibleGroups(spec)) {
            int networks = group.size() * spec.seeds();
            int ensembles = Math.max(Math.min(parts, spec.seeds()), (networks + MAX_ENSEMBLE - 1) / MAX_ENSEMBLE);
            for (int e = 0; e < ensembles; e++) {
                List<RaceEnsemble.Entry> entries = new ArrayList<>();
                for (int contestant : group) {
                    for (int s = e; s < spec.seeds(); s += ensembles) {
                        entries.add(new RaceEnsemble.Entry(contestant, spec.base().seed() + s));
                    }
                }
                if (!entries.isEmpty()) {
                    jobs.add(new RaceEnsemble.Job(spec, entries, onDone, RaceEnsemble.MIN_NETWORKS));
                }
            }
        }
        return jobs;
    }

    /** The contestants in groups whose members may share an ensemble ({@link RaceEnsemble#compatible}). */
    private static List<List<Integer>> compatibleGroups(Spec spec) {
        List<List<Integer>> groups = new ArrayList<>();
        for (int c = 0; c < spec.contestants().size(); c++) {
            ExperimentConfig config = spec.contestants().get(c).config();
            List<Integer> home = null;
            for (List<Integer> group : groups) {
                if (RaceEnsemble.compatible(spec.contestants().get(group.get(0)).config(), config)) {
                    home = group;
                    break;
                }
            }
            if (home == null) {
                home = new ArrayList<>();
                groups.add(home);
            }
            home.add(c);
        }
        return groups;
    }

    // ================================================================== results

    /** One contestant's runs (seed order) and their statistics; epochs are +∞ when not reached. */
    public record Standing(String name, List<Run> runs, double median, double q1, double q3, int notReached,
                           double meanFinalTestLoss, double ratioToFirst) {
    }

    public record Result(Spec spec, List<Standing> standings) {
        /** Every run, contestant by contestant, seed by seed. */
        public List<Run> runs() {
            List<Run> all = new ArrayList<>();
            standings.forEach(s -> all.addAll(s.runs()));
            return all;
        }

        public static final String CSV_HEADER =
                "contestant,seed,epochs_to_target,epochs_trained,final_train_loss,final_test_loss,diverged";

        /** One row per contestant × seed; epochs_to_target is empty when not reached. */
        public String toCsv() {
            StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
            for (Standing standing : standings) {
                for (Run run : standing.runs()) {
                    csv.append(csvText(standing.name())).append(',').append(run.seed()).append(',')
                            .append(run.reached() ? Integer.toString(run.epochsToTarget()) : "").append(',')
                            .append(run.epochsTrained()).append(',').append(JsonFields.csvNumber(run.finalTrainLoss()))
                            .append(',').append(JsonFields.csvNumber(run.finalTestLoss())).append(',').append(run.diverged())
                            .append('\n');
                }
            }
            return csv.toString();
        }

        public String toJson() {
            ObjectNode root = JsonFields.newObject();
            root.set("race", spec.toJsonTree());
            root.set("contestants", standingsJsonTree(true));
            return JsonFields.write(root);
        }

        /**
         * Per contestant: its name, median, quartiles, runs not reached, mean final test loss and
         * ratio to the first; and per run its seed, epochs to target (null: not reached), epochs
         * trained, final test loss and divergence. {@code full} adds each run's final training loss
         * and test-loss curve: the results file has them; the race page's result event leaves them
         * out, since they are most of its bytes.
         */
        public ArrayNode standingsJsonTree(boolean full) {
            ArrayNode list = JsonFields.MAPPER.createArrayNode();
            for (Standing standing : standings) {
                ObjectNode node = list.addObject();
                node.put("name", standing.name());
                JsonFields.putNumber(node, "median", standing.median());
                JsonFields.putNumber(node, "q1", standing.q1());
                JsonFields.putNumber(node, "q3", standing.q3());
                node.put("notReached", standing.notReached());
                JsonFields.putNumber(node, "meanFinalTestLoss", standing.meanFinalTestLoss());
                JsonFields.putNumber(node, "ratioToFirst", standing.ratioToFirst());
                ArrayNode runs = node.putArray("runs");
                for (Run run : standing.runs()) {
                    ObjectNode r = runs.addObject();
                    r.put("seed", run.seed());
                    if (run.reached()) {
                        r.put("epochsToTarget", run.epochsToTarget());
                    } else {
                        r.putNull("epochsToTarget");
                    }
                    r.put("epochsTrained", run.epochsTrained());
                    if (full) {
                        JsonFields.putNumber(r, "finalTrainLoss", run.finalTrainLoss());
                    }
                    JsonFields.putNumber(r, "finalTestLoss", run.finalTestLoss());
                    r.put("diverged", run.diverged());
                    if (full) {
                        ArrayNode epochs = r.putArray("curveEpochs");
                        for (int e : run.curveEpochs()) {
                            epochs.add(e);
                        }
                        ArrayNode losses = r.putArray("curveTestLoss");
                        for (double l : run.curveTestLoss()) {
                            if (Double.isFinite(l)) {
                                losses.add(l);
                            } else {
                                losses.addNull();
                            }
                        }
                    }
                }
            }
            return list;
        }
    }

    private static String csvText(String text) {
        if (text.contains(",") || text.contains("\"") || text.contains("\n")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** Groups runs (any order) by contestant, seed order, and computes the statistics. */
    public static Result summarize(Spec spec, List<Run> runs) {
        List<Standing> standings = new ArrayList<>();
        double firstMedian = Double.NaN;
        for (int c = 0; c < spec.contestants().size(); c++) {
            List<Run> mine = new ArrayList<>();
            for (Run run : runs) {
                if (run.contestant() == c) {
                    mine.add(run);
                }
            }
            mine.sort((a, b) -> Long.compare(a.seed(), b.seed()));
            double[] epochs = new double[mine.size()];
            int notReached = 0;
            double lossSum = 0;
            for (int i = 0; i < mine.size(); i++) {
                epochs[i] = mine.get(i).epochsOrInfinity();
                notReached += mine.get(i).reached() ? 0 : 1;
                lossSum += mine.get(i).finalTestLoss();
            }
            double median = quantile(epochs, 0.5);
            if (c == 0) {
                firstMedian = median;
            }
            standings.add(new Standing(spec.contestants().get(c).name(), List.copyOf(mine), median,
                    quantile(epochs, 0.25), quantile(epochs, 0.75), notReached,
                    mine.isEmpty() ? Double.NaN : lossSum / mine.size(), ratio(median, firstMedian)));
        }
        return new Result(spec, List.copyOf(standings));
    }

    /** a / b; NaN when either is +∞ or b is 0 (no meaningful ratio). */
    static double ratio(double a, double b) {
        if (!Double.isFinite(a) || !Double.isFinite(b) || b == 0) {
            return Double.NaN;
        }
        return a / b;
    }

    /**
     * The q-quantile by linear interpolation between order statistics (R's type 7, numpy's
     * default); +∞ entries sort last, and a quantile that touches one is +∞. NaN when empty.
     */
    public static double quantile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = (int) Math.ceil(h);
        if (lo == hi) {
            return sorted[lo];
        }
        if (Double.isInfinite(sorted[hi])) {
            return Double.POSITIVE_INFINITY;
        }
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
