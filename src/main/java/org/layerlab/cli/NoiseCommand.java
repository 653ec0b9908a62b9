package org.layerlab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.layerlab.training.ConfigException;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.NoiseFeatureExperiment;
import org.layerlab.training.SeedMinima;
import org.layerlab.training.SeedVariation;

/**
 * {@code layerlab noise}: one experiment trained with d = d₁, d₂, … inputs of pure noise, each d
 * from many seeds; per d the spread of the final test loss, the median training loss and test
 * accuracy. See {@link NoiseFeatureExperiment} and docs/dimensions.md.
 *
 * <p>Exit codes: 0 done, 2 bad input, 1 anything else.
 */
public final class NoiseCommand {

    static final String USAGE = String.join("\n",
            "usage: layerlab noise [--config config.json | --dataset circle|spiral] [--noise 0,2,10,50]",
            "                      [--seeds K] [--epochs N] [--vary all|weights] [--threads N]",
            "                      [--out noise.json] [--csv noise.csv] [--quiet]",
            "",
            "  --config FILE   an experiment config (docs/config.md); its seed is the first seed, its own",
            "                  noiseFeatures is replaced by each d",
            "  --dataset NAME  without --config: circle (W1: x1 x2, 4-2 tanh; the default) or spiral",
            "                  (W2: 7 features, 6x8 ReLU), seed 1",
            "  --noise LIST    the numbers of noise features d, smallest first, each from 0 to "
                    + ExperimentConfig.MAX_NOISE_FEATURES + " (default "
                    + join(NoiseFeatureExperiment.DEFAULT_NOISE_FEATURES) + ")",
            "  --seeds K       seeds s .. s+K-1 for every d (default " + NoiseFeatureExperiment.DEFAULT_SEEDS
                    + ", at most " + NoiseFeatureExperiment.MAX_SEEDS + ")",
            "  --epochs N      epochs per run, no early stop (default " + NoiseFeatureExperiment.DEFAULT_EPOCHS + ")",
            "  --vary WHAT     all: a seed changes the data (points, split, noise values) and the initial",
            "                  weights (the default); weights: the initial weights only",
            "  --threads N     worker threads; default: the number of processors",
            "  --out FILE      write the results as JSON: per d the spreads and every run's losses",
            "  --csv FILE      write one row per d and seed",
            "  --quiet         print nothing but errors",
            "",
            "exit codes: 0 done, 2 bad input, 1 other failures");

    private static final List<String> VALUE_FLAGS = List.of("config", "dataset", "noise", "seeds", "epochs", "vary",
            "threads", "out", "csv");
    private static final List<String> SWITCH_FLAGS = List.of("quiet", "help");

    private NoiseCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        try {
            return noise(args, out);
        } catch (CliException e) {
            err.println(e.getMessage());
            return e.exitCode();
        }
    }

    private static int noise(List<String> rawArgs, PrintStream out) throws InterruptedException {
        Args args = Args.parse("noise", rawArgs, VALUE_FLAGS, SWITCH_FLAGS);
        if (args.isSet("help")) {
            out.println(USAGE);
            return 0;
        }
        boolean quiet = args.isSet("quiet");
        ExperimentConfig config = JobFlags.config("noise", args);
        List<Integer> ds = noiseList(args.value("noise"));
        int seeds = JobFlags.integer("noise", "seeds", args.value("seeds"), NoiseFeatureExperiment.DEFAULT_SEEDS, 1,
                NoiseFeatureExperiment.MAX_SEEDS);
        int epochs = JobFlags.integer("noise", "epochs", args.value("epochs"), NoiseFeatureExperiment.DEFAULT_EPOCHS, 1,
                NoiseFeatureExperiment.MAX_EPOCHS);
        SeedVariation variation = args.value("vary") == null ? NoiseFeatureExperiment.DEFAULT_VARIATION
                : JobFlags.variation("noise", args.value("vary"));
        NoiseFeatureExperiment.Spec spec;
        try {
            spec = new NoiseFeatureExperiment.Spec(config, ds, seeds, epochs, variation);
        } catch (ConfigException e) {
            throw CliException.badInput("noise: " + e.getMessage());
        }
        int threads = JobFlags.threads("noise", args);
        int total = spec.runCount();
        if (!quiet) {
            out.println("noise: " + spec.config().summary(spec.config().data().builtIn().orElseThrow().task())
                    + "; d = " + join(ds) + "; seeds " + spec.config().seed() + ".." + (spec.config().seed() + seeds - 1)
                    + " (" + (variation == SeedVariation.WEIGHTS ? "initial weights only" : "data and initial weights")
                    + "), " + epochs + " epochs each: " + total + " runs on " + threads + " threads");
        }
        NoiseFeatureExperiment.Result result = NoiseFeatureExperiment.run(spec, threads, JobFlags.progress(out, quiet, total, "runs"));
        if (!quiet) {
            out.print(table(result));
        }
        JobFlags.writeOutputs(args, out, quiet, result.toJson(), result.toCsv(), "runs");
        return 0;
    }

    /** "0,2,10,50" → [0, 2, 10, 50]; the default when absent. Ranges and order are checked by the spec. */
    static List<Integer> noiseList(String text) {
        if (text == null) {
            return NoiseFeatureExperiment.DEFAULT_NOISE_FEATURES;
        }
        List<Integer> values = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            try {
                values.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw CliException.badInput("noise: --noise must list whole numbers of noise features separated by"
                        + " commas, smallest first, e.g. 0,2,10,50; got '" + text + "'");
            }
        }
        for (int i = 0; i < values.size(); i++) {
            int d = values.get(i);
            if (d < 0 || d > ExperimentConfig.MAX_NOISE_FEATURES) {
                throw CliException.badInput("noise: --noise values must be in [0, "
                        + ExperimentConfig.MAX_NOISE_FEATURES + "], got " + d + " in '" + text + "'");
            }
            if (i > 0 && d <= values.get(i - 1)) {
                throw CliException.badInput("noise: --noise values must be strictly increasing (each d once,"
                        + " smallest first), got " + d + " after " + values.get(i - 1) + " in '" + text + "'");
            }
        }
        return values;
    }

    /** One line per d: the test loss's median and range, the median training loss and test accuracy. */
    static String table(NoiseFeatureExperiment.Result result) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%6s  %10s  %10s  %10s  %10s  %9s  %8s%n", "d", "test loss", "min", "max",
                "train loss", "test acc", "diverged"));
        text.append(String.format(Locale.ROOT, "%6s  %10s  %10s  %10s  %10s  %9s  %8s%n", "", "(median)", "", "",
                "(median)", "(median)", ""));
        for (NoiseFeatureExperiment.Row row : result.rows()) {
            SeedMinima.Spread test = row.testLoss();
            double accuracy = row.testAccuracy().median();
            text.append(String.format(Locale.ROOT, "%6d  %10s  %10s  %10s  %10s  %9s  %8s%n", row.noiseFeatures(),
                    JobFlags.loss(test.median()), JobFlags.loss(test.min()), JobFlags.loss(test.max()),
                    JobFlags.loss(row.trainLoss().median()),
                    Double.isNaN(accuracy) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * accuracy),
                    row.diverged() + "/" + row.runs().size()));
        }
        return text.toString();
    }

    private static String join(List<Integer> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
}
