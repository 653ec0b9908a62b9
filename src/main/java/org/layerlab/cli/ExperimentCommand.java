package org.layerlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.training.ConfigException;
import org.layerlab.training.Race;

/**
 * {@code layerlab experiment}: races 2–4 settings against each other over many seeds ("sigmoid
 * against ReLU") and reports how many epochs each needs to reach a target test loss. See
 * {@link Race} for what is measured.
 *
 * <p>Exit codes: 0 done, 2 bad input (usage, files, race document), 1 anything else.
 */
public final class ExperimentCommand {

    static final String USAGE = String.join("\n",
            "usage: layerlab experiment [--config race.json | --dataset circle|spiral] [--seeds N]",
            "                           [--max-epochs N] [--eval-every K] [--threads N]",
            "                           [--out results.json] [--csv results.csv] [--quiet]",
            "",
            "  --config FILE     the race: {\"base\": {experiment config}, \"contestants\": [{\"name\": ...,",
            "                    \"overrides\": {...}}, ...], \"target\": 0.05, \"maxEpochs\": 2000,",
            "                    \"seeds\": 20, \"evalEvery\": 1}; overrides are merged into base",
            "  --dataset NAME    without --config: sigmoid vs tanh vs relu vs leakyrelu on circle",
            "                    (W1: x1 x2, 4-2 hidden; the default) or spiral (W2: 7 features, 6x8 hidden)",
            "  --seeds N         seeds per contestant (base.seed .. base.seed+N-1); overrides the file",
            "  --max-epochs N    the most epochs per run; overrides the file",
            "  --eval-every K    measure the test loss every K epochs (default 1: exact epochs to",
            "                    target; K > 1 is faster, epochs rounded up to a multiple of K)",
            "  --threads N       worker threads; default: the number of processors",
            "  --out FILE        write the results (statistics, every run and its curve) as JSON",
            "  --csv FILE        write one row per contestant x seed",
            "  --quiet           print nothing but errors",
            "",
            "exit codes: 0 done, 2 bad input, 1 other failures");

    private static final List<String> VALUE_FLAGS = List.of("config", "dataset", "seeds", "max-epochs",
            "eval-every", "threads", "out", "csv");
    private static final List<String> SWITCH_FLAGS = List.of("quiet", "help");

    private ExperimentCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) throws InterruptedException {
        try {
            return experiment(args, out);
        } catch (CliException e) {
            err.println(e.getMessage());
            return e.exitCode();
        }
    }

    private static int experiment(List<String> rawArgs, PrintStream out) throws InterruptedException {
        Args args = Args.parse("experiment", rawArgs, VALUE_FLAGS, SWITCH_FLAGS);
        if (args.isSet("help")) {
            out.println(USAGE);
            return 0;
        }
        boolean quiet = args.isSet("quiet");
        Race.Spec spec;
        if (args.value("config") != null) {
            if (args.value("dataset") != null) {
                throw CliException.badInput("experiment: give --config or --dataset, not both");
            }
            String file = args.value("config");
            String text = TrainCommand.readText(Path.of(file), "race file");
            try {
                spec = Race.parse(text, NetworkLimits.DEFAULT);
            } catch (ConfigException e) {
                throw CliException.badInput(file + ": " + e.getMessage());
            }
        } else {
            spec = defaultRace(args.value("dataset") == null ? "circle" : args.value("dataset"));
        }
        try {
            if (args.value("seeds") != null) {
                spec = spec.withSeeds(intFlag("seeds", args.value("seeds"), 1, Race.MAX_SEEDS));
            }
            if (args.value("max-epochs") != null) {
                spec = spec.withMaxEpochs(intFlag("max-epochs", args.value("max-epochs"), 1, Race.MAX_EPOCHS));
            }
            if (args.value("eval-every") != null) {
                spec = spec.withEvalEvery(intFlag("eval-every", args.value("eval-every"), 1, spec.maxEpochs()));
            }
        } catch (ConfigException e) {
            throw CliException.badInput("experiment: " + e.getMessage());
        }
        int threads = args.value("threads") == null ? Runtime.getRuntime().availableProcessors()
                : intFlag("threads", args.value("threads"), 1, 256);

        int jobs = spec.contestants().size() * spec.seeds();
        if (!quiet) {
            StringBuilder names = new StringBuilder();
            spec.contestants().forEach(c -> names.append(names.length() == 0 ? "" : " vs ").append(c.name()));
            out.println("experiment: " + names + "; " + spec.seeds() + " seeds from " + spec.base().seed()
                    + ", target test loss " + spec.target() + ", at most " + spec.maxEpochs() + " epochs; "
                    + jobs + " runs on " + threads + " threads");
        }
        Race.Result result = Race.run(spec, threads, JobFlags.progress(out, quiet, jobs, "runs"));
        if (!quiet) {
            out.print(table(result));
        }
        JobFlags.writeOutputs(args, out, quiet, result.toJson(), result.toCsv(), "runs");
        return 0;
    }

    /** The default race on {@code dataset}; a bad name is bad input. */
    static Race.Spec defaultRace(String dataset) {
        if (!Race.DEFAULT_DATASETS.contains(dataset)) {
            throw CliException.badInput("experiment: --dataset must be circle or spiral, got '" + dataset + "'");
        }
        return Race.defaultRace(dataset);
    }

    /** The summary: one row per contestant. */
    static String table(Race.Result result) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%-12s %8s %8s %8s %11s %10s %8s%n", "contestant", "median", "Q1",
                "Q3", "not reached", "mean loss", "ratio"));
        for (Race.Standing s : result.standings()) {
            text.append(String.format(Locale.ROOT, "%-12s %8s %8s %8s %11s %10s %8s%n", s.name(), epochs(s.median()),
                    epochs(s.q1()), epochs(s.q3()), s.notReached() + "/" + s.runs().size(),
                    Double.isNaN(s.meanFinalTestLoss()) ? "-" : String.format(Locale.ROOT, "%.4f",
                            s.meanFinalTestLoss()),
                    Double.isNaN(s.ratioToFirst()) ? "-" : String.format(Locale.ROOT, "%.2f", s.ratioToFirst())));
        }
        return text.toString();
    }

    private static String epochs(double value) {
        if (Double.isInfinite(value)) {
            return "never";
        }
        if (Double.isNaN(value)) {
            return "-";
        }
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private static int intFlag(String name, String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw CliException.badInput("experiment: --" + name + " must be a whole number in [" + min + ", " + max
                + "], got '" + text + "'");
    }
}
