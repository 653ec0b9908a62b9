package org.layerlab.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.layerlab.data.EpochOrder;
import org.layerlab.data.Shuffle;
import org.layerlab.engine.Loss;
import org.layerlab.engine.NetworkEnsemble;
import org.layerlab.engine.NetworkSpec;
import org.layerlab.engine.Rng;

/**
 * {@link Race#run}'s way of training a race: many contestant × seed networks at once on a
 * {@link NetworkEnsemble}, which vectorises across them (see there why that is faster and why the
 * numbers are the same).
 *
 * <p>Each network still has its own {@link Race.Runner}: it builds the seed's experiment (points,
 * split, initial weights, first visiting order) and keeps the books exactly as in
 * {@link Race#runOne} — which epochs are checked or measured, the curve, when the run stops. Here
 * only the work is shared: every epoch trains all networks still racing in lock-step, then one
 * pass over the test sets answers each runner's question about its test loss. A network whose run
 * stops is handed back to its runner (weights, optimizer memory, visiting order), which measures
 * the final training loss as always, and leaves the ensemble. When fewer than
 * {@link #MIN_NETWORKS} remain, a vector of so few lanes no longer pays, and they finish on their
 * own trainers from the state handed back. Every run is bit-identical to {@link Race#runOne}'s
 * (tested).
 *
 * <p>Contestants that differ only in their hidden activation (the default race) share one
 * ensemble, so the few slow seeds of each contestant keep one another company to the end instead
 * of finishing alone; others get ensembles of their own ({@link #compatible}).
 */
final class RaceEnsemble {

    /**
     * Fewer networks than this finish on their own trainers: below about 8 lanes the ensemble's
     * loops cost more per network than {@link org.layerlab.engine.Network}'s own (measured on W2
     * ReLU, thread CPU per network and epoch: one network alone 220 µs; ensemble of 20: 118 µs,
     * of 8: 223 µs, of 4: 430 µs).
     */
    static final int MIN_NETWORKS = 8;
    /** Settled lanes a test pass computes along rather than split a run of open lanes at them. */
    private static final int LANE_GAP = 4;
    /** Test samples per ensemble pass; any size gives the same losses. */
    private static final int EVALUATION_CHUNK = 32;

    private RaceEnsemble() {
    }

    /** One seed's network in the ensemble: its runner, its data and its place in the epoch. */
    private static final class Seed {
        final Race.Runner runner;
        final Samples train;
        final Samples test;
        /** This epoch's visiting order (a copy; the runner's trainer keeps its own). */
        final int[] order;
        /** Draws the every-epoch orders, continuing the trainer's generator; null otherwise. */
        final EpochOrder epochOrder;
        /** The parameters when a weight first became NaN or ±∞; null while finite. */
        double[] divergedParameters;
        /** Its test checks, hardest samples first. */
        final HardestFirstCheck testCheck;

        Seed(Race.Runner runner, Shuffle shuffle) {
            this.runner = runner;
            Trainer trainer = runner.experiment().trainer();
            this.train = trainer.trainSamples();
            this.test = trainer.testSamples();
            this.order = trainer.order();
            long[] rngState = trainer.orderRngState();
            this.epochOrder = shuffle == Shuffle.EVERY_EPOCH
                    ? new EpochOrder(train.count(), shuffle, Rng.fromState(rngState)) : null;
            this.testCheck = new HardestFirstCheck(test.count());
        }

        boolean diverged() {
            return divergedParameters != null;
        }
    }

    /** One network of the race: a contestant on a seed. */
    record Entry(int contestant, long seed) {
    }

    /**
     * Whether contestants a and b can share an ensemble: everything but the hidden activations
     * alike — layer sizes, output and loss, optimizer, training settings, data and shuffle.
     */
    static boolean compatible(ExperimentConfig a, ExperimentConfig b) {
        return a.data().equals(b.data()) && a.features().equals(b.features())
                && a.noiseFeatures() == b.noiseFeatures()
                && a.network().hidden().equals(b.network().hidden())
                && Objects.equals(a.network().output(), b.network().output())
                && a.network().loss() == b.network().loss()
                && a.training().settings().equals(b.training().settings())
                && a.training().optimizerSpec().equals(b.training().optimizerSpec());
    }

    /**
     * Trains each entry's network to the end of its run.
     *
     * @param entries contestants that are pairwise {@link #compatible}, each with a seed; lanes of
     *                one contestant are best next to each other
     * @param onDone  called with each run as it finishes (may be null)
     * @return the runs, in the order they finished
     */
    static List<Race.Run> run(Race.Spec spec, List<Entry> entries, Consumer<Race.Run> onDone) {
        return run(spec, entries, onDone, MIN_NETWORKS);
    }

    /** As above, the ensemble kept down to {@code minNetworks} networks (tests take it down to 1). */
    static List<Race.Run> run(Race.Spec spec, List<Entry> entries, Consumer<Race.Run> onDone, int minNetworks) {
        Job job = new Job(spec, entries, onDone, minNetworks);
        while (!job.step()) {
            // one epoch of the ensemble (or of one network finishing alone) per step
        }
        return job.result();
    }

    /**
     * The same training cut into small steps — building one network (its points and initial
     * weights), then a batch of the whole ensemble while it lasts, then an epoch of one network
     * finishing on its own — so a server can run it in slices between other work and cancel it
     * between two steps. Stepping to the end gives exactly {@link #run}'s runs.
     */
    static final class Job implements SteppedJob<List<Race.Run>> {
        private final List<Race.Run> done = new ArrayList<>();
        /**
         * The networks still running, built one per step at the start; the lock-step takes out those
         * that finish.
         */
        private final List<Seed> racing = new ArrayList<>();
        /** How many of {@link #entries} are built. */
        private int built;
        private final Race.Spec spec;
        private final List<Entry> entries;
        private final int minNetworks;
        private final Consumer<Race.Run> onDone;
        private final int total;
        /** The networks still in lock-step; null once fewer than the minimum are left (or never). */
        private Lockstep lockstep;
        /** After the lock-step: the network finishing alone now, an index into {@link #racing}. */
        private int solo;

        /**
         * @param entries contestants that are pairwise {@link #compatible}, each with a seed; lanes
         *                of one contestant are best next to each other
         * @param onDone  called with each run as it finishes (may be null)
         */
        Job(Race.Spec spec, List<Entry> entries, Consumer<Race.Run> onDone, int minNetworks) {
            if (minNetworks < 1) {
                throw new IllegalArgumentException("minNetworks must be at least 1, got " + minNetworks);
            }
            if (entries.isEmpty()) {
                throw new IllegalArgumentException("an ensemble job needs at least 1 network");
            }
            ExperimentConfig first = spec.contestants().get(entries.get(0).contestant()).config();
            for (Entry entry : entries) {
                if (!compatible(first, spec.contestants().get(entry.contestant()).config())) {
                    throw new IllegalArgumentException("contestant " + entry.contestant() + " cannot share an"
                            + " ensemble with contestant " + entries.get(0).contestant() + ": they differ in more"
                            + " than the hidden activation");
                }
            }
            this.spec = spec;
            this.entries = List.copyOf(entries);
            this.minNetworks = minNetworks;
            this.onDone = onDone;
            this.total = entries.size();
        }

        @Override
        public boolean step() {
            if (built < total) {
                // Build one network (its seed's points and initial weights) per step, so that no
                // step of a server's slice builds a whole race's worth of them (tens of milliseconds).
                Entry entry = entries.get(built++);
                ExperimentConfig config = spec.contestants().get(entry.contestant()).config();
                racing.add(new Seed(new Race.Runner(spec, entry.contestant(), entry.seed()), config.data().shuffle()));
                if (built == total && racing.size() >= minNetworks && sameShape(racing)) {
                    ExperimentConfig first = spec.contestants().get(entries.get(0).contestant()).config();
                    lockstep = new Lockstep(first, spec.target(), minNetworks, racing, done, onDone);
                }
                return false;
            }
            if (lockstep != null) {
                if (lockstep.step()) {
                    lockstep = null; // too few left to share the work: they finish on their own
                }
                return false;
            }
            if (solo < racing.size()) {
                Race.Runner runner = racing.get(solo).runner;
                if (runner.step()) { // one epoch, until the target, the last epoch or divergence
                    finish(runner, done, onDone);
                    solo++;
                }
                return false;
            }
            return true;
        }

        @Override
        public double progress() {
            return (double) done.size() / total;
        }

        /** The runs, in the order they finished. */
        @Override
        public List<Race.Run> result() {
            if (done.size() < total) {
                throw new IllegalStateException("the ensemble job has not finished: " + done.size() + " of "
                        + total + " runs done");
            }
            return done;
        }
    }

    /**
     * Lock-step needs every network to have as many training (and test) samples as the others, and
     * the same layers, output and loss (compatible configs guarantee both; this is the check).
     */
    private static boolean sameShape(List<Seed> seeds) {
        Seed first = seeds.get(0);
        for (Seed seed : seeds) {
            NetworkSpec spec = seed.runner.experiment().spec();
            NetworkSpec firstSpec = first.runner.experiment().spec();
            if (seed.train.count() != first.train.count() || seed.test.count() != first.test.count()
                    || !Arrays.equals(spec.layerSizes(), firstSpec.layerSizes())
                    || !spec.outputActivation().equals(firstSpec.outputActivation()) || spec.loss() != firstSpec.loss()) {
                return false;
            }
        }
        return true;
    }

    private static void finish(Race.Runner runner, List<Race.Run> done, Consumer<Race.Run> onDone) {
        Race.Run run = runner.result();
        done.add(run);
        if (onDone != null) {
            onDone.accept(run);
        }
    }

    /** The networks trained together until fewer than {@code minNetworks} are left racing. */
    private static final class Lockstep {
        private final double target;
        private final int minNetworks;
        private final List<Seed> racing;
        private final List<Race.Run> done;
        private final Consumer<Race.Run> onDone;
        private final NetworkEnsemble ensemble;
        private final TrainingSettings settings;
        private final Loss loss;
        private final int trainCount;
        private final int testCount;
        private final int targetWidth;
        /** Where the epoch's next batch starts. */
        private int cursor;
        /** Per lane, rebuilt whenever networks leave: each network's data and order. */
        private double[][] trainInputs;
        private double[][] trainTargets;
        private double[][] testInputs;
        private double[][] testTargets;
        private int[][] orders;
        /** Per lane: the order its test check visits the test samples in. */
        private int[][] testOrders;
        private final boolean[] finite;
        /** Per lane after a test pass: the mean test loss, or NaN where {@link #exceeded}. */
        private final double[] testLosses;
        /** Per lane after a test pass: the samples so far proved the mean above the limit. */
        private final boolean[] exceeded;

        Lockstep(ExperimentConfig config, double target, int minNetworks, List<Seed> racing, List<Race.Run> done,
                 Consumer<Race.Run> onDone) {
            this.target = target;
            this.minNetworks = minNetworks;
            this.racing = racing;
            this.done = done;
            this.onDone = onDone;
            this.settings = config.training().settings();
            Seed first = racing.get(0);
            this.trainCount = first.train.count();
            this.testCount = first.test.count();
            this.targetWidth = first.train.targetWidth();
            this.loss = first.runner.network().loss();
            int capacity = Math.max(Math.min(settings.batchSize(), trainCount), EVALUATION_CHUNK);
            List<NetworkSpec> specs = new ArrayList<>();
            for (Seed seed : racing) {
                specs.add(seed.runner.experiment().spec());
            }
            this.ensemble = new NetworkEnsemble(specs, config.training().optimizerSpec(), capacity);
            for (int m = 0; m < racing.size(); m++) {
                ensemble.setParameters(m, racing.get(m).runner.network().parameters());
            }
            int n = racing.size();
            this.finite = new boolean[n];
            this.testLosses = new double[n];
            this.exceeded = new boolean[n];

            laneArrays();
        }

        private void laneArrays() {
            int n = racing.size();
            trainInputs = new double[n][];
            trainTargets = new double[n][];
            testInputs = new double[n][];
            testTargets = new double[n][];
            orders = new int[n][];
            testOrders = new int[n][];
            for (int m = 0; m < n; m++) {
                Seed seed = racing.get(m);
                trainInputs[m] = seed.train.inputs();
                trainTargets[m] = seed.train.targets();
                testInputs[m] = seed.test.inputs();
                testTargets[m] = seed.test.targets();
                orders[m] = seed.order;
                testOrders[m] = seed.testCheck.order();
            }
        }

        /**
         * One batch of every network still racing (a 40-network W2 epoch takes several
         * milliseconds; a server's slice is shorter) and, after an epoch's last batch, its test
         * pass and the runners' books; true when fewer than {@code minNetworks} are left, each
         * handed back to its runner to finish alone.
         */
        boolean step() {
            trainBatch();
            if (cursor < trainCount) {
                return false;
            }
            cursor = 0;
            int epoch = racing.get(0).runner.epoch() + 1;
            if (racing.get(0).runner.checksAt(epoch)) {
                testPass(epoch);
            }
            boolean[] keep = new boolean[racing.size()];
            for (int m = 0; m < racing.size(); m++) {
                Seed seed = racing.get(m);
                keep[m] = !seed.runner.afterEpoch(seed.diverged(), testLossOf(m));
                if (!keep[m]) {
                    handBack(m);
                    finish(seed.runner, done, onDone);
                }
            }
            leave(keep);
            if (racing.size() >= minNetworks && !racing.isEmpty()) {
                return false;
            }
            for (int m = 0; m < racing.size(); m++) {
                handBack(m);
            }
            return true;
        }

        /**
         * The next batch of Trainer.trainBatch for every network (the same batches, updates and
         * checks); after the epoch's last batch, the every-epoch visiting orders move on.
         */
        private void trainBatch() {
            if (cursor < trainCount) {
                int end = Math.min(trainCount, cursor + settings.batchSize());
                ensemble.accumulateBatch(trainInputs, trainTargets, orders, cursor, end);
                ensemble.update(end - cursor, settings.learningRate(), settings.regularization(),
                        settings.regularizationRate());
                ensemble.finiteModels(finite);
                for (int m = 0; m < racing.size(); m++) {
                    if (!finite[m] && !racing.get(m).diverged()) {
                        // Trainer stops training here; the lane keeps computing (its numbers unread)
                        // until the epoch ends and the network leaves the ensemble.
                        racing.get(m).divergedParameters = ensemble.parameters(m);
                    }
                }
                cursor = end;
            }
            if (cursor >= trainCount) {
                for (Seed seed : racing) {
                    if (seed.epochOrder != null) {
                        System.arraycopy(seed.epochOrder.next(), 0, seed.order, 0, trainCount);
                    }
                }
            }
        }

        /**
         * Each network's test loss as its runner will ask for it after {@code epoch}: measured in
         * full where the runner measures, else only until it is settled whether it is at most the
         * target, each network visiting its hardest samples first — Trainer.testLossAtMost's way,
         * which gives the same answer ({@link HardestFirstCheck}).
         */
        private void testPass(int epoch) {
            int n = racing.size();
            boolean anyOpen = false;
            for (int m = 0; m < n; m++) {
                Seed seed = racing.get(m);
                seed.testCheck.start(seed.runner.measuresAt(epoch) ? Double.POSITIVE_INFINITY : target);
                exceeded[m] = seed.diverged(); // a diverged run asks nothing
                anyOpen |= !exceeded[m];
            }
            for (int from = 0; from < testCount && anyOpen; from += EVALUATION_CHUNK) {
                int to = Math.min(testCount, from + EVALUATION_CHUNK);
                // Only the lanes still open, in runs; a gap of a few settled lanes is cheaper to
                // compute along than to split a run at.
                for (int lo = 0; lo < n; ) {
                    while (lo < n && exceeded[lo]) {
                        lo++;
                    }
                    int hi = lo;
                    for (int m = lo; m < n && m - hi <= LANE_GAP; m++) {
                        if (!exceeded[m]) {
                            hi = m + 1;
                        }
                    }
                    ensemble.forwardBatch(testInputs, testOrders, from, to, lo, hi);
                    lo = hi;
                }
                anyOpen = false;
                for (int m = 0; m < n; m++) {
                    if (exceeded[m]) {
                        continue;
                    }
                    double[] targets = testTargets[m];
                    int[] order = testOrders[m];
                    HardestFirstCheck check = racing.get(m).testCheck;
                    for (int p = from; p < to; p++) {
                        int s = order[p];
                        double sampleLoss = 0;
                        for (int j = 0; j < targetWidth; j++) {
                            sampleLoss += loss.value(ensemble.batchOutput(m, p - from, j), targets[s * targetWidth + j]);
                        }
                        check.record(p, sampleLoss);
                    }
                    exceeded[m] = check.provedAbove();
                    anyOpen |= !exceeded[m];
                }
            }
            for (int m = 0; m < n; m++) {
                // Trainer.evaluate's mean, its losses added in the data's order (NaN for an empty test set).
                testLosses[m] = exceeded[m] || testCount == 0 ? Double.NaN : racing.get(m).testCheck.completeMean();
            }
        }

        /** Lane m's answers from the last {@link #testPass}, for its runner. */
        private Race.TestLoss testLossOf(int m) {
            boolean above = exceeded[m];
            double mean = testLosses[m];
            return new Race.TestLoss() {
                @Override
                public double measure() {
                    if (above) {
                        throw new IllegalStateException("the test pass stopped early for this network");
                    }
                    return mean;
                }

                @Override
                public boolean atMost(double limit) {
                    return !above && mean <= limit;
                }
            };
        }

        /** Gives lane m's network back to its runner: the state its own trainer would have now. */
        private void handBack(int m) {
            Seed seed = racing.get(m);
            double[] parameters = seed.diverged() ? seed.divergedParameters : ensemble.parameters(m);
            seed.runner.adopt(parameters, ensemble.optimizerState(m), seed.order,
                    seed.epochOrder == null ? null : seed.epochOrder.rngState());
        }

        /** The networks whose {@code keep} is false leave the ensemble. */
        private void leave(boolean[] keep) {
            ensemble.retain(keep);
            List<Seed> staying = new ArrayList<>();
            for (int m = 0; m < keep.length; m++) {
                if (keep[m]) {
                    staying.add(racing.get(m));
                }
            }
            racing.clear();
            racing.addAll(staying);
            laneArrays();
        }
    }
}
