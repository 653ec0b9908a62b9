package org.layerlab.cli;

import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.layerlab.training.ConfigException;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.Race;
import org.layerlab.training.SeedVariation;

/**
 * Flags the {@code minima} and {@code sweep} commands share: the experiment (a config file or a
 * preset data set), numbers with their ranges, and the output files. Every bad value is bad input
 * (exit code 2) with a message naming the flag, the value and what is allowed.
 */
final class JobFlags {
    private JobFlags() {
    }

    /**
     * The experiment: {@code --config FILE} (an experiment config, docs/config.md), or {@code --dataset
     * circle|spiral} for W1 or W2 (the race's base configs), circle when neither is given.
     */
    static ExperimentConfig config(String command, Args args) {
        if (args.value("config") != null) {
            if (args.value("dataset") != null) {
                throw CliException.badInput(command + ": give --config or --dataset, not both");
            }
            String file = args.value("config");
            String text = TrainCommand.readText(Path.of(file), "config file");
            try {
                return ExperimentConfig.fromJson(text);
            } catch (ConfigException e) {
                throw CliException.badInput(file + ": " + e.getMessage());
            }
        }
        String dataset = args.value("dataset") == null ? "circle" : args.value("dataset");
        if (!Race.DEFAULT_DATASETS.contains(dataset)) {
            throw CliException.badInput(command + ": --dataset must be circle (W1) or spiral (W2), got '" + dataset
                    + "'; for anything else write a config file and give --config");
        }
        return Race.defaultRace(dataset).base();
    }

    static SeedVariation variation(String command, String text) {
        if (text == null) {
            return SeedVariation.WEIGHTS;
        }
        try {
            return SeedVariation.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(command + ": --vary " + e.getMessage());
        }
    }

    static int integer(String command, String name, String text, int defaultValue, int min, int max) {
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw CliException.badInput(command + ": --" + name + " must be a whole number in [" + min + ", " + max
                + "], got '" + text + "'");
    }

    /** A number in (0, max]. */
    static double positive(String command, String name, String text, double defaultValue, double max) {
        if (text == null) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(text.trim());
            if (value > 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw CliException.badInput(command + ": --" + name + " must be a number in (0, " + format(max) + "], got '"
                + text + "'");
    }

    static int threads(String command, Args args) {
        return integer(command, "threads", args.value("threads"), Runtime.getRuntime().availableProcessors(), 1, 256);
    }

    /**
     * The progress of a batch of runs: "k/n runs done, t s" about every tenth of them, nothing when
     * quiet. The returned consumer is called from the worker threads, once per finished run.
     */
    static <T> Consumer<T> progress(PrintStream out, boolean quiet, int total, String what) {
        AtomicInteger done = new AtomicInteger();
        int step = Math.max(1, total / 10);
        long start = System.nanoTime();
        return run -> {
            int n = done.incrementAndGet();
            if (!quiet && (n % step == 0 || n == total)) {
                synchronized (out) {
                    out.println(String.format(Locale.ROOT, "  %d/%d %s done, %.1f s", n, total, what,
                            (System.nanoTime() - start) / 1e9));
                }
            }
        };
    }

    /** Writes the JSON to --out and the CSV to --csv when given, and says where unless quiet. */
    static void writeOutputs(Args args, PrintStream out, boolean quiet, String json, String csv, String csvRows) {
        if (args.value("out") != null) {
            write(Path.of(args.value("out")), json, "results");
            if (!quiet) {
                out.println("results written to " + args.value("out"));
            }
        }
        if (args.value("csv") != null) {
            write(Path.of(args.value("csv")), csv, "CSV");
            if (!quiet) {
                out.println(csvRows + " written to " + args.value("csv"));
            }
        }
    }

    static void write(Path path, String text, String what) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "cannot write the " + what + " to " + path + ": " + e, e);
        }
    }

    /** A loss for a table: four significant digits, "-" when there is none. */
    static String loss(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Double.isInfinite(value)) {
            return "diverged";
        }
        return value != 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e4)
                ? String.format(Locale.ROOT, "%.3e", value) : String.format(Locale.ROOT, "%.4g", value);
    }

    /** A number as a person types it: 0.0001 and 10, not 1.0E-4 and 10.0. */
    static String format(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
    }
}
