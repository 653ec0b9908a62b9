package org.layerlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerlab.data.DataFormatException;
import org.layerlab.data.UserData;
import org.layerlab.data.UserPoints;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.training.ConfigException;
import org.layerlab.training.Experiment;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.ModelFile;
import org.layerlab.training.Trainer;

/**
 * {@code layerlab train}: trains the network an experiment config describes for a number of
 * epochs, printing progress, and writes the model file and a metrics CSV.
 *
 * <p>Exit codes: 0 done, 2 bad input (usage, files, config, data, model), 3 training diverged,
 * 1 anything else (e.g. an output file that cannot be written).
 */
public final class TrainCommand {

    static final String USAGE = String.join("\n",
            "usage: layerlab train [--config run.json] --epochs N [--init-model model.json]",
            "                      [--data points.csv|points.json] [--out model.json]",
            "                      [--metrics metrics.csv] [--quiet]",
            "",
            "  --config FILE      the experiment config (docs/config.md); default: TF Playground's",
            "                     opening page (circle, 2 hidden layers of 4 and 2 tanh neurons)",
            "  --epochs N         how many epochs to train, 1.." + TrainCommand.MAX_EPOCHS,
            "  --init-model FILE  start from this model file's weights instead of the config's init;",
            "                     its features and architecture must match the config's",
            "  --data FILE        train on these points (.csv or .json) instead of the config's",
            "                     data set (as data.dataset \"custom\")",
            "  --out FILE         write the trained model here",
            "  --metrics FILE     write epoch,train_loss,test_loss,train_accuracy,test_accuracy,",
            "                     one row per epoch",
            "  --quiet            print nothing but errors",
            "",
            "exit codes: 0 done, 2 bad input, 3 training diverged, 1 other failures");

    /** A million epochs of W1 take hours; more is surely a typo. */
    static final int MAX_EPOCHS = 1_000_000;

    /** Progress is printed at most about this many times, always including the last epoch. */
    static final int MAX_PROGRESS_LINES = 50;

    static final String METRICS_HEADER = "epoch,train_loss,test_loss,train_accuracy,test_accuracy";

    private static final List<String> VALUE_FLAGS = List.of("config", "epochs", "init-model", "data", "out",
            "metrics");
    private static final List<String> SWITCH_FLAGS = List.of("quiet", "help");

    private final NetworkLimits limits;

    public TrainCommand() {
        this(NetworkLimits.DEFAULT);
    }

    public TrainCommand(NetworkLimits limits) {
        this.limits = limits;
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after "train"
     * @return the exit code
     */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            return train(args, out);
        } catch (CliException e) {
            err.println(e.getMessage());
            return e.exitCode();
        }
    }

    private int train(List<String> rawArgs, PrintStream out) {
        Args args = Args.parse("train", rawArgs, VALUE_FLAGS, SWITCH_FLAGS);
        if (args.isSet("help")) {
            out.println(USAGE);
            return 0;
        }
        int epochs = parseEpochs(args.value("epochs"));
        boolean quiet = args.isSet("quiet");

        ExperimentConfig config = readConfig(args.value("config"));
        UserData userData = null;
        if (args.value("data") != null) {
            userData = readPoints(args.value("data"));
            config = config.withData(config.data().withDataset(ExperimentConfig.DataConfig.CUSTOM));
        }
        Experiment experiment;
        try {
            experiment = Experiment.build(config, limits, userData);
        } catch (IllegalArgumentException e) {
            // ConfigException names the field; other argument errors still describe bad input.
            throw CliException.badInput(describeSource(args.value("config")) + ": " + e.getMessage());
        }
        if (args.value("init-model") != null) {
            experiment = startFromModel(experiment, args.value("init-model"));
        }

        Trainer trainer = experiment.trainer();
        if (!quiet) {
            out.println("train: " + config.summary(experiment.task()) + "; " + trainer.trainSamples().count()
                    + " train / " + trainer.testSamples().count() + " test points; " + epochs + " epochs");
            out.println(ProgressTable.HEADER);
        }
        List<Trainer.Evaluation[]> metrics = new ArrayList<>(Math.min(epochs, 100_000));
        ProgressTable progress = new ProgressTable(epochs, MAX_PROGRESS_LINES, System.nanoTime());
        Integer divergedAt = null;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            trainer.trainEpoch();
            Trainer.Evaluation train = trainer.evaluateTrain();
            Trainer.Evaluation test = trainer.evaluateTest();
            metrics.add(new Trainer.Evaluation[] {train, test});
            if (trainer.diverged()) {
                divergedAt = epoch;
                break;
            }
            if (!quiet && progress.isDue(epoch)) {
                out.println(progress.line(epoch, train, test, System.nanoTime()));
            }
        }

        if (args.value("metrics") != null) {
            writeMetrics(Path.of(args.value("metrics")), metrics);
        }
        if (divergedAt != null) {
            throw new CliException(CliException.DIVERGED, "training diverged at epoch " + divergedAt
                    + " (a weight became NaN/infinite); lower the learning rate (training.learningRate is "
                    + plain(config.training().learningRate()) + ")");
        }
        if (args.value("out") != null) {
            Path modelPath = Path.of(args.value("out"));
            try {
                experiment.toModelFile().write(modelPath);
            } catch (IOException e) {
                throw new CliException(CliException.FAILURE, "cannot write the model to " + modelPath + ": "
                        + describe(e), e);
            }
            if (!quiet) {
                out.println("model written to " + modelPath);
            }
        }
        if (!quiet && args.value("metrics") != null) {
            out.println("metrics written to " + args.value("metrics"));
        }
        return 0;
    }

    static int parseEpochs(String text) {
        if (text == null) {
            throw CliException.badInput("train: --epochs N is required (how many epochs to train, 1.."
                    + MAX_EPOCHS + ")");
        }
        try {
            int epochs = Integer.parseInt(text.trim());
            if (epochs >= 1 && epochs <= MAX_EPOCHS) {
                return epochs;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the allowed range.
        }
        throw CliException.badInput("train: --epochs must be a whole number in [1, " + MAX_EPOCHS + "], got '"
                + text + "'");
    }

    private ExperimentConfig readConfig(String file) {
        if (file == null) {
            return ExperimentConfig.defaults();
        }
        String text = readText(Path.of(file), "config file");
        try {
            return ExperimentConfig.fromJson(text, limits);
        } catch (ConfigException e) {
            throw CliException.badInput(file + ": " + e.getMessage());
        }
    }

    private static String describeSource(String configFile) {
        return configFile == null ? "the default config" : configFile;
    }

    private static UserData readPoints(String file) {
        Path path = Path.of(file);
        String name = path.getFileName() == null ? file : path.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean csv = name.endsWith(".csv");
        boolean json = name.endsWith(".json");
        if (!csv && !json) {
            throw CliException.badInput("--data " + file + ": the file must end in .csv or .json");
        }
        String text = readText(path, "data file");
        try {
            return csv ? UserPoints.parseCsv(text) : UserPoints.parseJson(text);
        } catch (DataFormatException e) {
            // The message lists the bad rows, one per line, after a one-line summary.
            throw CliException.badInput(file + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw CliException.badInput(file + ": " + e.getMessage());
        }
    }

    private Experiment startFromModel(Experiment experiment, String file) {
        String text = readText(Path.of(file), "model file");
        try {
            return experiment.withInitialModel(ModelFile.fromJson(text, limits));
        } catch (ConfigException e) {
            throw CliException.badInput(file + ": " + e.getMessage());
        }
    }

    /** The file's text; a missing or unreadable file is a usage error naming the file. */
    static String readText(Path path, String what) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.badInput(what + " not found: " + path);
        } catch (CharacterCodingException e) {
            throw CliException.badInput(what + " " + path + " is not UTF-8 text");
        } catch (IOException e) {
            throw CliException.badInput("cannot read " + what + " " + path + ": " + describe(e));
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " "
                + e.getMessage();
    }

    /** One row per epoch; an undefined value (no test points, accuracy of a regression) is left empty. */
    static void writeMetrics(Path path, List<Trainer.Evaluation[]> rows) {
        StringBuilder csv = new StringBuilder(METRICS_HEADER).append('\n');
        for (int e = 0; e < rows.size(); e++) {
            Trainer.Evaluation train = rows.get(e)[0];
            Trainer.Evaluation test = rows.get(e)[1];
            csv.append(e + 1).append(',').append(number(train.loss())).append(',').append(number(test.loss()))
                    .append(',').append(number(train.accuracy())).append(',').append(number(test.accuracy()))
                    .append('\n');
        }
        try {
            Files.writeString(path, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(CliException.FAILURE, "cannot write the metrics to " + path + ": "
                    + describe(e), new UncheckedIOException(e));
        }
    }

    /** 10 rather than 10.0. */
    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** Full precision (the CSV is for analysis), empty for NaN. */
    private static String number(double value) {
        return Double.isNaN(value) ? "" : Double.toString(value);
    }
}
