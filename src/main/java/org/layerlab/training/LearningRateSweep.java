package org.layerlab.training;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.layerlab.engine.NetworkLimits;

/**
 * Final loss against learning rate: one config trained for a fixed number of epochs at rates
 * spaced evenly on a log scale from {@code minRate} to {@code maxRate} (both included, about
 * {@code perDecade} rates per factor of ten), each from a few seeds. A run that diverges (a weight
 * became NaN or ±∞, {@link Trainer#diverged()}) is recorded as diverged, with the epoch, and counted
 * — never dropped.
 *
 * <p>Per rate, the median final loss counts a diverged run as +∞ (it is worse than any finite
 * loss), so the median itself is +∞ once half the seeds diverged. Every run is independent and
 * deterministic: the result does not depend on the number of threads.
 */
public final class LearningRateSweep {

    public static final double DEFAULT_MIN_RATE = 1e-4;
    public static final double DEFAULT_MAX_RATE = 10;
    public static final int DEFAULT_PER_DECADE = 4;
    public static final int DEFAULT_SEEDS = 3;
    public static final int DEFAULT_EPOCHS = 300;
    public static final int MAX_PER_DECADE = 20;
    public static final int MAX_RATES = 200;
    public static final int MAX_SEEDS = 100;
    public static final int MAX_EPOCHS = 1_000_000;
    /** Rates within this factor of the best median final loss make up the "good range". */
    public static final double GOOD_FACTOR = 2;

    private LearningRateSweep() {
    }

    /**
     * @param config    the experiment; its learning rate is replaced by each rate of the sweep, its
     *                  seed is the first seed
     * @param minRate   the smallest rate, in (0, 10]
     * @param maxRate   the largest rate, in [minRate, 10]
     * @param perDecade rates per factor of ten, in [1, {@value #MAX_PER_DECADE}]
     * @param seeds     runs per rate, in [1, {@value #MAX_SEEDS}]
     * @param epochs    epochs per run, in [1, {@value #MAX_EPOCHS}]
     * @param variation what a seed changes
     */
    public record Spec(ExperimentConfig config, double minRate, double maxRate, int perDecade, int seeds,
                       int epochs, SeedVariation variation) {
        public Spec {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(variation, "vary");
            SeedMinima.requireBuiltInData(config);
            double most = TrainingSettings.MAX_LEARNING_RATE;
            if (!(minRate > 0 && minRate <= most)) {
                throw new ConfigException("minRate", "minRate must be in (0, " + plain(most) + "], got " + plain(minRate));
            }
            if (!(maxRate >= minRate && maxRate <= most)) {
                throw new ConfigException("maxRate", "maxRate must be in [" + plain(minRate) + ", " + plain(most)
                        + "] (from minRate to the largest learning rate), got " + plain(maxRate));
            }
            Bounds.integer("perDecade", perDecade, 1, MAX_PER_DECADE);
            Bounds.integer("seeds", seeds, 1, MAX_SEEDS);
            Bounds.integer("epochs", epochs, 1, MAX_EPOCHS);
            SeedMinima.requireSeedsFit(config, seeds);
            int count = rateCount(minRate, maxRate, perDecade);
            if (count > MAX_RATES) {
                throw new ConfigException("perDecade", "minRate " + plain(minRate) + " to maxRate "
                        + plain(maxRate) + " at perDecade " + perDecade + " gives " + count
                        + " rates; at most " + MAX_RATES + " are allowed");
            }
        }

        /** The rates, smallest first (see {@link LearningRateSweep#rates}). */
        public double[] rates() {
            return LearningRateSweep.rates(minRate, maxRate, perDecade);
        }

        public Spec withRates(double newMin, double newMax, int newPerDecade) {
            return new Spec(config, newMin, newMax, newPerDecade, seeds, epochs, variation);
        }

        public Spec withSeeds(int newSeeds) {
            return new Spec(config, minRate, maxRate, perDecade, newSeeds, epochs, variation);
        }

        public Spec withEpochs(int newEpochs) {
            return new Spec(config, minRate, maxRate, perDecade, seeds, newEpochs, variation);
        }

        public ObjectNode toJsonTree() {
            ObjectNode root = JsonFields.newObject();
            root.set("config", config.toJsonTree());
            root.put("minRate", minRate);
            root.put("maxRate", maxRate);
            root.put("perDecade", perDecade);
            root.put("seeds", seeds);
            root.put("epochs", epochs);
            root.put("vary", variation.id());
            return root;
        }
    }

    /** A rate as a person types it: 0.0001, not 1.0E-4. */
    static String plain(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** How many rates {@link #rates} gives: round(log10(max / min) · perDecade) + 1. */
    public static int rateCount(double minRate, double maxRate, int perDecade) {
        double decades = Math.log10(maxRate / minRate);
        return (int) Math.round(decades * perDecade) + 1;
    }

    /**
     * Rates evenly spaced in log10 from {@code minRate} to {@code maxRate}, both exactly, the ones
     * between rounded to three significant digits (1e-4, 1.78e-4, 3.16e-4, 5.62e-4, 0.001, ...) so
     * that each can be typed into the playground as shown.
     */
    public static double[] rates(double minRate, double maxRate, int perDecade) {
        int count = rateCount(minRate, maxRate, perDecade);
        double[] rates = new double[count];
        double from = Math.log10(minRate);
        double to = Math.log10(maxRate);
        for (int k = 0; k < count; k++) {
            if (k == 0) {
                rates[k] = minRate;
            } else if (k == count - 1) {
                rates[k] = maxRate;
            } else {
                double exact = Math.pow(10, from + (to - from) * k / (count - 1));
                rates[k] = new BigDecimal(exact).round(new MathContext(3)).doubleValue();
            }
        }
        return rates;
    }

    /**
     * Reads {@code {"config": {...}, "minRate": 1e-4, "maxRate": 10, "perDecade": 4, "seeds": 3,
     * "epochs": 300, "vary": "weights"}}; absent fields take their defaults.
     */
    public static Spec parse(String json, NetworkLimits limits) {
        JsonFields root = JsonFields.parseObject(json, "sweep request");
        ExperimentConfig config = SeedMinima.readConfig(root, limits);
        double minRate = root.number("minRate", DEFAULT_MIN_RATE);
        double maxRate = root.number("maxRate", DEFAULT_MAX_RATE);
        long perDecade = Bounds.integer("perDecade", root.integer("perDecade", DEFAULT_PER_DECADE), 1, MAX_PER_DECADE);
        long seeds = Bounds.integer("seeds", root.integer("seeds", DEFAULT_SEEDS), 1, MAX_SEEDS);
        long epochs = Bounds.integer("epochs", root.integer("epochs", DEFAULT_EPOCHS), 1, MAX_EPOCHS);
        SeedVariation variation = SeedMinima.readVariation(root);
        root.rejectUnknownFields();
        return new Spec(config, minRate, maxRate, (int) perDecade, (int) seeds, (int) epochs, variation);
    }

    // ================================================================== running

    /** One rate × seed. */
    public record Run(int rateIndex, double rate, long seed, long dataSeed, FixedEpochRun outcome) {
        public boolean diverged() {
            return outcome.diverged();
        }
    }

    /** Trains one rate × seed. Deterministic. */
    public static Run runOne(Spec spec, int rateIndex, double rate, long seed) {
        ExperimentConfig config = withRate(spec, rate);
        Experiment experiment = spec.variation().build(config, seed, NetworkLimits.DEFAULT);
        FixedEpochRun outcome = FixedEpochRun.train(experiment.trainer(), spec.epochs());
        return new Run(rateIndex, rate, seed, spec.variation().dataSeed(config, seed), outcome);
    }

    /**
     * The same runs, one after another (rate by rate, seed by seed), an epoch per step, for a
     * server's shared workers; stepping to the end gives exactly {@link #run}'s result.
     */
    public static SteppedJob<Result> stepped(Spec spec) {
        double[] rates = spec.rates();
        int seeds = spec.seeds();
        RunSequence<Run> runs = new RunSequence<>(rates.length * seeds, spec.epochs(),
                k -> spec.variation().build(withRate(spec, rates[k / seeds]), spec.config().seed() + k % seeds,
                        NetworkLimits.DEFAULT),
                (k, experiment, outcome) -> new Run(k / seeds, rates[k / seeds], spec.config().seed() + k % seeds,
                        spec.variation().dataSeed(spec.config(), spec.config().seed() + k % seeds), outcome));
        return runs.then(results -> summarize(spec, results));
    }

    private static ExperimentConfig withRate(Spec spec, double rate) {
        return spec.config().withTraining(spec.config().training().withLearningRate(rate));
    }

    /** Runs every rate × seed on {@code threads} threads (1: in the calling thread). */
    public static Result run(Spec spec, int threads, Consumer<Run> onDone) throws InterruptedException {
        double[] rates = spec.rates();
        List<Callable<Run>> jobs = new ArrayList<>(rates.length * spec.seeds());
        for (int r = 0; r < rates.length; r++) {
            for (int k = 0; k < spec.seeds(); k++) {
                int rateIndex = r;
                long seed = spec.config().seed() + k;
                jobs.add(() -> runOne(spec, rateIndex, rates[rateIndex], seed));
            }
        }
        return summarize(spec, ParallelRuns.run(jobs, threads, onDone));
    }

    // ================================================================== results

    /**
     * One rate: its runs (seed order), the median final losses (a diverged run counts as +∞) and
     * how many runs diverged or ended worse than they started.
     */
    public record RatePoint(double rate, List<Run> runs, double medianTrainLoss, double medianTestLoss,
                            double medianInitialTrainLoss, int diverged, int worseThanStart) {
        /** The median final loss of the kind asked for. */
        public double median(boolean test) {
            return test ? medianTestLoss : medianTrainLoss;
        }
    }

    /**
     * What a sweep says, for one kind of loss (test or train).
     *
     * @param bestRate             the rate with the lowest median final loss (NaN if every rate diverged)
     * @param bestMedian           that median
     * @param goodFrom             the smallest rate of the contiguous range around the best whose median
     *                             is within {@value #GOOD_FACTOR}× the best
     * @param goodTo               its largest rate
     * @param firstDivergedRate    the smallest rate at which some run diverged (NaN if none did)
     * @param allDivergedRate      the smallest rate from which every run of every larger rate diverged
     *                             (NaN if none)
     * @param firstWorseRate       the smallest rate whose median final training loss is not below the
     *                             median initial one: training made things worse or did nothing (NaN if none)
     */
    public record Verdict(double bestRate, double bestMedian, double goodFrom, double goodTo,
                          double firstDivergedRate, double allDivergedRate, double firstWorseRate) {
        ObjectNode toJsonTree() {
            ObjectNode node = JsonFields.newObject();
            JsonFields.putNumber(node, "bestRate", bestRate);
            JsonFields.putNumber(node, "bestMedian", bestMedian);
            JsonFields.putNumber(node, "goodFrom", goodFrom);
            JsonFields.putNumber(node, "goodTo", goodTo);
            JsonFields.putNumber(node, "firstDivergedRate", firstDivergedRate);
            JsonFields.putNumber(node, "allDivergedRate", allDivergedRate);
            JsonFields.putNumber(node, "firstWorseRate", firstWorseRate);
            return node;
        }
    }

    public record Result(Spec spec, List<RatePoint> points) {

        public List<Run> runs() {
            List<Run> all = new ArrayList<>();
            points.forEach(p -> all.addAll(p.runs()));
            return all;
        }

        public int divergedCount() {
            return points.stream().mapToInt(RatePoint::diverged).sum();
        }

        /** The verdict on the final test loss ({@code test}) or training loss. */
        public Verdict verdict(boolean test) {
            int best = -1;
            for (int i = 0; i < points.size(); i++) {
                double m = points.get(i).median(test);
                if (Double.isFinite(m) && (best < 0 || m < points.get(best).median(test))) {
                    best = i;
                }
            }
            double firstDiverged = Double.NaN;
            double firstWorse = Double.NaN;
            for (RatePoint p : points) {
                if (Double.isNaN(firstDiverged) && p.diverged() > 0) {
                    firstDiverged = p.rate();
                }
                if (Double.isNaN(firstWorse) && !(p.medianTrainLoss() < p.medianInitialTrainLoss())) {
                    firstWorse = p.rate();
                }
            }
            double allDiverged = Double.NaN;
            for (int i = points.size() - 1; i >= 0 && points.get(i).diverged() == points.get(i).runs().size(); i--) {
                allDiverged = points.get(i).rate();
            }
            if (best < 0) {
                return new Verdict(Double.NaN, Double.NaN, Double.NaN, Double.NaN, firstDiverged, allDiverged,
                        firstWorse);
            }
            double bestMedian = points.get(best).median(test);
            int from = best;
            int to = best;
            while (from > 0 && within(points.get(from - 1).median(test), bestMedian)) {
                from--;
            }
            while (to < points.size() - 1 && within(points.get(to + 1).median(test), bestMedian)) {
                to++;
            }
            return new Verdict(points.get(best).rate(), bestMedian, points.get(from).rate(), points.get(to).rate(),
                    firstDiverged, allDiverged, firstWorse);
        }

        private static boolean within(double median, double best) {
            return Double.isFinite(median) && median <= GOOD_FACTOR * best;
        }

        public static final String CSV_HEADER = "rate,seed,data_seed,initial_train_loss,final_train_loss,"
                + "final_test_loss,final_train_accuracy,final_test_accuracy,diverged,diverged_at_epoch";

        /** One row per rate × seed; numbers that are not finite are empty. */
        public String toCsv() {
            StringBuilder csv = new StringBuilder(CSV_HEADER).append('\n');
            for (Run run : runs()) {
                FixedEpochRun o = run.outcome();
                csv.append(run.rate()).append(',').append(run.seed()).append(',').append(run.dataSeed()).append(',')
                        .append(JsonFields.csvNumber(o.initialTrainLoss())).append(',')
                        .append(JsonFields.csvNumber(o.finalTrainLoss())).append(',')
                        .append(JsonFields.csvNumber(o.finalTestLoss())).append(',')
                        .append(JsonFields.csvNumber(o.finalTrainAccuracy())).append(',')
                        .append(JsonFields.csvNumber(o.finalTestAccuracy())).append(',').append(o.diverged()).append(',')
                        .append(o.diverged() ? Integer.toString(o.divergedAtEpoch()) : "").append('\n');
            }
            return csv.toString();
        }

        /** The request, the verdicts, and per rate its medians and runs; +∞ and NaN are written as null. */
        public ObjectNode toJsonTree() {
            ObjectNode root = JsonFields.newObject();
            root.set("sweep", spec.toJsonTree());
            ObjectNode summary = root.putObject("summary");
            summary.set("test", verdict(true).toJsonTree());
            summary.set("train", verdict(false).toJsonTree());
            summary.put("diverged", divergedCount());
            summary.put("runs", runs().size());
            summary.put("goodFactor", GOOD_FACTOR);
            ArrayNode list = root.putArray("rates");
            for (RatePoint p : points) {
                ObjectNode node = list.addObject();
                node.put("rate", p.rate());
                JsonFields.putNumber(node, "medianTrainLoss", p.medianTrainLoss());
                JsonFields.putNumber(node, "medianTestLoss", p.medianTestLoss());
                JsonFields.putNumber(node, "medianInitialTrainLoss", p.medianInitialTrainLoss());
                node.put("diverged", p.diverged());
                node.put("worseThanStart", p.worseThanStart());
                ArrayNode runs = node.putArray("runs");
                for (Run run : p.runs()) {
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
    }

    /** Groups runs (any order) by rate, seed order, and computes the medians. */
    public static Result summarize(Spec spec, List<Run> runs) {
        double[] rates = spec.rates();
        List<RatePoint> points = new ArrayList<>(rates.length);
        for (int r = 0; r < rates.length; r++) {
            List<Run> mine = new ArrayList<>();
            for (Run run : runs) {
                if (run.rateIndex() == r) {
                    mine.add(run);
                }
            }
            mine.sort((a, b) -> Long.compare(a.seed(), b.seed()));
            double[] train = new double[mine.size()];
            double[] test = new double[mine.size()];
            double[] initial = new double[mine.size()];
            int diverged = 0;
            int worse = 0;
            for (int i = 0; i < mine.size(); i++) {
                FixedEpochRun o = mine.get(i).outcome();
                train[i] = o.diverged() ? Double.POSITIVE_INFINITY : o.finalTrainLoss();
                test[i] = o.diverged() ? Double.POSITIVE_INFINITY : o.finalTestLoss();
                initial[i] = o.initialTrainLoss();
                diverged += o.diverged() ? 1 : 0;
                worse += !o.diverged() && !(o.finalTrainLoss() < o.initialTrainLoss()) ? 1 : 0;
            }
            points.add(new RatePoint(rates[r], List.copyOf(mine), median(train), median(test), median(initial),
                    diverged, worse));
        }
        return new Result(spec, List.copyOf(points));
    }

    /** The median, +∞ when it falls among +∞ entries (Race's quantile), NaN when empty or all NaN. */
    static double median(double[] values) {
        double[] numbers = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        return numbers.length == 0 ? Double.NaN : Race.quantile(numbers, 0.5);
    }
}
