package org.layerlab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.layerlab.training.ConfigException;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.LearningRateSweep;
import org.layerlab.training.SeedVariation;
import org.layerlab.training.TrainingSettings;

/**
 * {@code layerlab sweep}: final loss against learning rate, rates spaced evenly on a log scale, a
 * few seeds each, divergence recorded. See {@link LearningRateSweep}.
 *
 * <p>Exit codes: 0 done, 2 bad input, 1 anything else.
 */
public final class SweepCommand {

    static final String USAGE = String.join("\n",
            "usage: layerlab sweep [--config config.json | --dataset circle|spiral] [--min RATE] [--max RATE]",
            "                      [--per-decade N] [--seeds K] [--epochs N] [--vary weights|all]",
            "                      [--threads N] [--out sweep.json] [--csv sweep.csv] [--quiet]",
            "",
            "  --config FILE     an experiment config (docs/config.md); its learning rate is replaced by",
            "                    each rate, its seed is the first seed",
            "  --dataset NAME    without --config: circle (W1: x1 x2, 4-2 tanh; the default) or spiral",
            "                    (W2: 7 features, 6x8 ReLU), seed 1",
            "  --min RATE        the smallest rate (default 1e-4), in (0, 10]",
            "  --max RATE        the largest rate (default 10), in [min, 10]",
            "  --per-decade N    rates per factor of ten (default 4: 1e-4 .. 10 gives 21 rates)",
            "  --seeds K         runs per rate, seeds s .. s+K-1 (default " + LearningRateSweep.DEFAULT_SEEDS + ")",
            "  --epochs N        epochs per run, no early stop (default " + LearningRateSweep.DEFAULT_EPOCHS + ")",
            "  --vary WHAT       weights: a seed changes the initial weights only (the default); all: the",
            "                    data too",
            "  --threads N       worker threads; default: the number of processors",
            "  --out FILE        write the results as JSON: per rate the medians and every run",
            "  --csv FILE        write one row per rate x seed",
            "  --quiet           print nothing but errors",
            "",
            "A run that diverges (a weight became NaN or infinite) is reported as diverged, with its epoch.",
            "",
            "exit codes: 0 done, 2 bad input, 1 other failures");

    private static final List<String> VALUE_FLAGS = List.of("config", "dataset", "min", "max", "per-decade", "seeds",
            "epochs", "vary", "threads", "out", "csv");
    private static final List<String> SWITCH_FLAGS = List.of("quiet", "help");

    private SweepCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        try {
            return sweep(args, out);
        } catch (CliException e) {
            err.println(e.getMessage());
            return e.exitCode();
        }
    }

    private static int sweep(List<String> rawArgs, PrintStream out) throws InterruptedException {
        Args args = Args.parse("sweep", rawArgs, VALUE_FLAGS, SWITCH_FLAGS);
        if (args.isSet("help")) {
            out.println(USAGE);
            return 0;
        }
        boolean quiet = args.isSet("quiet");
        ExperimentConfig config = JobFlags.config("sweep", args);
        double max = TrainingSettings.MAX_LEARNING_RATE;
        double minRate = JobFlags.positive("sweep", "min", args.value("min"), LearningRateSweep.DEFAULT_MIN_RATE, max);
        double maxRate = JobFlags.positive("sweep", "max", args.value("max"), LearningRateSweep.DEFAULT_MAX_RATE, max);
        if (maxRate < minRate) {
            throw CliException.badInput("sweep: --max must be at least --min (" + JobFlags.format(minRate) + "), got "
                    + JobFlags.format(maxRate));
        }
        int perDecade = JobFlags.integer("sweep", "per-decade", args.value("per-decade"),
                LearningRateSweep.DEFAULT_PER_DECADE, 1, LearningRateSweep.MAX_PER_DECADE);
        int seeds = JobFlags.integer("sweep", "seeds", args.value("seeds"), LearningRateSweep.DEFAULT_SEEDS, 1,
                LearningRateSweep.MAX_SEEDS);
        int epochs = JobFlags.integer("sweep", "epochs", args.value("epochs"), LearningRateSweep.DEFAULT_EPOCHS, 1,
                LearningRateSweep.MAX_EPOCHS);
        SeedVariation variation = JobFlags.variation("sweep", args.value("vary"));
        LearningRateSweep.Spec spec;
        try {
            spec = new LearningRateSweep.Spec(config, minRate, maxRate, perDecade, seeds, epochs, variation);
        } catch (ConfigException e) {
            // the spec names its fields as the JSON request does; the flags are spelt with dashes
            throw CliException.badInput("sweep: " + e.getMessage().replace("minRate", "--min").replace("maxRate", "--max")
                    .replace("perDecade", "--per-decade"));
        }
        int threads = JobFlags.threads("sweep", args);
        double[] rates = spec.rates();
        int jobs = rates.length * seeds;
        if (!quiet) {
            out.println("sweep: " + config.summary(config.data().builtIn().orElseThrow().task()));
            out.println("  " + rates.length + " rates from " + JobFlags.format(minRate) + " to " + JobFlags.format(maxRate)
                    + " x " + seeds + " seeds, " + epochs + " epochs each: " + jobs + " runs on " + threads + " threads");
        }
        LearningRateSweep.Result result = LearningRateSweep.run(spec, threads, JobFlags.progress(out, quiet, jobs, "runs"));
        if (!quiet) {
            out.print(table(result));
            out.print(verdict(result));
        }
        JobFlags.writeOutputs(args, out, quiet, result.toJson(), result.toCsv(), "runs");
        return 0;
    }

    /** One row per rate: the medians, and how many runs diverged or ended worse than they began. */
    static String table(LearningRateSweep.Result result) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-10s %12s %12s %9s %6s%n", "rate", "median train", "median test",
                "diverged", "worse"));
        for (LearningRateSweep.RatePoint p : result.points()) {
            text.append(String.format(Locale.ROOT, "%-10s %12s %12s %9s %6s%n", JobFlags.format(p.rate()),
                    JobFlags.loss(p.medianTrainLoss()), JobFlags.loss(p.medianTestLoss()),
                    p.diverged() + "/" + p.runs().size(), p.worseThanStart() + "/" + p.runs().size()));
        }
        return text.toString();
    }

    /** What the sweep says about the test loss, in a few sentences. */
    static String verdict(LearningRateSweep.Result result) {
        LearningRateSweep.Verdict v = result.verdict(true);
        StringBuilder text = new StringBuilder();
        if (Double.isNaN(v.bestRate())) {
            text.append("every rate diverged\n");
        } else {
            text.append("best rate ").append(JobFlags.format(v.bestRate())).append(" (median test loss ")
                    .append(JobFlags.loss(v.bestMedian())).append("); within ")
                    .append(JobFlags.format(LearningRateSweep.GOOD_FACTOR)).append("x of it: ")
                    .append(JobFlags.format(v.goodFrom())).append(" to ").append(JobFlags.format(v.goodTo())).append('\n');
        }
        text.append(Double.isNaN(v.firstDivergedRate()) ? "no run diverged"
                : "runs diverge from rate " + JobFlags.format(v.firstDivergedRate())
                + (Double.isNaN(v.allDivergedRate()) ? "" : ", all of them from " + JobFlags.format(v.allDivergedRate())))
                .append(" (" + result.divergedCount() + " of " + result.runs().size() + " runs)\n");
        if (!Double.isNaN(v.firstWorseRate())) {
            text.append("from rate ").append(JobFlags.format(v.firstWorseRate()))
                    .append(" the median run ends no better than it started\n");
        }
        return text.toString();
    }
}
