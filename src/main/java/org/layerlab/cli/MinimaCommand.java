package org.layerlab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.layerlab.training.ConfigException;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.SeedMinima;

/**
 * {@code layerlab minima}: one experiment trained from many seeds for a fixed number of epochs; the
 * spread of the final losses, every seed's losses and final weights. See {@link SeedMinima}.
 *
 * <p>Exit codes: 0 done, 2 bad input, 1 anything else.
 */
public final class MinimaCommand {

    static final String USAGE = String.join("\n",
            "usage: layerlab minima [--config config.json | --dataset circle|spiral] [--seeds K]",
            "                       [--epochs N] [--vary weights|all] [--threads N]",
            "                       [--out minima.json] [--csv minima.csv] [--quiet]",
            "",
            "  --config FILE   an experiment config (docs/config.md); its seed is the first seed",
            "  --dataset NAME  without --config: circle (W1: x1 x2, 4-2 tanh; the default) or spiral",
            "                  (W2: 7 features, 6x8 ReLU), seed 1",
            "  --seeds K       seeds s .. s+K-1 (default " + SeedMinima.DEFAULT_SEEDS + ", at most "
                    + SeedMinima.MAX_SEEDS + ")",
            "  --epochs N      epochs per seed, no early stop (default " + SeedMinima.DEFAULT_EPOCHS + ")",
            "  --vary WHAT     weights: a seed changes the initial weights only, every run sees the",
            "                  config's data (the default); all: a seed changes the data too",
            "  --threads N     worker threads; default: the number of processors",
            "  --out FILE      write the results as JSON: the spread, every seed's losses and its final",
            "                  network as a model file (layerlab train --init, or import it in the playground)",
            "  --csv FILE      write one row per seed",
            "  --quiet         print nothing but errors",
            "",
            "exit codes: 0 done, 2 bad input, 1 other failures");

    private static final List<String> VALUE_FLAGS = List.of("config", "dataset", "seeds", "epochs", "vary", "threads",
            "out", "csv");
    private static final List<String> SWITCH_FLAGS = List.of("quiet", "help");

    private MinimaCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        try {
            return minima(args, out);
        } catch (CliException e) {
            err.println(e.getMessage());
            return e.exitCode();
        }
    }

    private static int minima(List<String> rawArgs, PrintStream out) throws InterruptedException {
        Args args = Args.parse("minima", rawArgs, VALUE_FLAGS, SWITCH_FLAGS);
        if (args.isSet("help")) {
            out.println(USAGE);
            return 0;
        }
        boolean quiet = args.isSet("quiet");
        ExperimentConfig config = JobFlags.config("minima", args);
        int seeds = JobFlags.integer("minima", "seeds", args.value("seeds"), SeedMinima.DEFAULT_SEEDS, 1,
                SeedMinima.MAX_SEEDS);
        int epochs = JobFlags.integer("minima", "epochs", args.value("epochs"), SeedMinima.DEFAULT_EPOCHS, 1,
                SeedMinima.MAX_EPOCHS);
        SeedMinima.Spec spec;
        try {
            spec = new SeedMinima.Spec(config, seeds, epochs, JobFlags.variation("minima", args.value("vary")));
        } catch (ConfigException e) {
            throw CliException.badInput("minima: " + e.getMessage());
        }
        int threads = JobFlags.threads("minima", args);
        if (!quiet) {
            out.println("minima: " + config.summary(config.data().builtIn().orElseThrow().task()) + "; seeds "
                    + config.seed() + ".." + (config.seed() + seeds - 1) + " ("
                    + (spec.variation() == org.layerlab.training.SeedVariation.WEIGHTS ? "initial weights only"
                            : "data and initial weights") + "), " + epochs + " epochs each, on " + threads + " threads");
        }
        SeedMinima.Result result = SeedMinima.run(spec, threads, JobFlags.progress(out, quiet, seeds, "seeds"));
        if (!quiet) {
            out.print(summary(result));
        }
        JobFlags.writeOutputs(args, out, quiet, result.toJson(true), result.toCsv(), "seeds");
        return 0;
    }

    /** The spread of the final losses, two lines. */
    static String summary(SeedMinima.Result result) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-14s %10s %10s %10s%n", "final loss", "min", "median", "max"));
        line(text, "test", result.testLoss());
        line(text, "train", result.trainLoss());
        text.append("diverged: ").append(result.divergedCount()).append(" of ").append(result.runs().size())
                .append(" seeds\n");
        return text.toString();
    }

    private static void line(StringBuilder text, String name, SeedMinima.Spread spread) {
        text.append(String.format(Locale.ROOT, "%-14s %10s %10s %10s%n", name, JobFlags.loss(spread.min()),
                JobFlags.loss(spread.median()), JobFlags.loss(spread.max())));
    }
}
