package org.layerlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.insight.LossLandscape;
import org.layerlab.training.ConfigException;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.ModelFile;
import org.layerlab.training.SeedVariation;

/**
 * {@code layerlab landscape}: the loss over a plane through a trained network's weights, with the
 * training path projected onto it — what the learning-rate page's landscape job computes, for an
 * instructor to prepare before class. The flags fill the page's request ({@link LossLandscape.Spec},
 * validated by its own constructor); the result is {@link LossLandscape#compute}'s, and the JSON it
 * writes is the very document the page's job returns ({@link LossLandscape.Result#toJsonTree}).
 *
 * <p>Exit codes: 0 done, 2 bad input, 3 the run diverged (there is no landscape around weights
 * that are not numbers), 1 anything else.
 */
public final class LandscapeCommand {

    static final String USAGE = String.join("\n",
            "usage: layerlab landscape [--config config.json | --dataset circle|spiral] [--epochs N] [--seed S]",
            "                          [--model model.json] [--vary weights|all] [--directions random|pca]",
            "                          [--direction-seed S] [--radius r] [--resolution n] [--path-points N]",
            "                          [--out landscape.json] [--csv grid.csv] [--quiet]",
            "",
            "  --config FILE       an experiment config (docs/config.md; built-in data sets only)",
            "  --dataset NAME      without --config: circle (W1: x1 x2, 4-2 tanh; the default) or spiral",
            "                      (W2: 7 features, 6x8 ReLU), seed 1",
            "  --epochs N          epochs to train before drawing the landscape (default "
                    + LossLandscape.DEFAULT_EPOCHS + ";",
            "                      with --model the default is 0: the landscape around the model itself)",
            "  --seed S            the run's seed (default: the config's)",
            "  --model FILE        start from this model file's weights (layerlab train --out, or the",
            "                      playground's export) instead of the config's initialisation; it must",
            "                      fit the config (features, layer sizes, activations, loss)",
            "  --vary WHAT         what the seed changes: weights (the default) or all (the data too)",
            "  --directions D      random (two random directions, filter-normalised; the default) or pca",
            "                      (the training path's two principal directions; needs --epochs 1 or more)",
            "  --direction-seed S  seeds the random directions (default 1)",
            "  --radius r          the grid spans alpha, beta in [-r, r], in (0, "
                    + JobFlags.format(LossLandscape.MAX_RADIUS) + "] (default "
                    + JobFlags.format(LossLandscape.DEFAULT_RADIUS) + ")",
            "  --resolution n      grid points per side, odd, " + LossLandscape.MIN_RESOLUTION + " to "
                    + LossLandscape.MAX_RESOLUTION + " (default " + LossLandscape.DEFAULT_RESOLUTION + ")",
            "  --path-points N     weights recorded along the path, 2 to " + LossLandscape.MAX_PATH_POINTS
                    + " (default " + LossLandscape.DEFAULT_PATH_POINTS + ")",
            "  --out FILE          write the result as JSON: the request, the run's losses, the grid, the",
            "                      directions' cosine and principal shares, the projected path (the same",
            "                      document as the learning-rate page's landscape job)",
            "  --csv FILE          write the grid, one row per point: alpha,beta,loss",
            "  --quiet             print nothing but errors",
            "",
            "exit codes: 0 done, 2 bad input, 3 the run diverged, 1 other failures");

    static final String CSV_HEADER = "alpha,beta,loss";

    private static final List<String> VALUE_FLAGS = List.of("config", "dataset", "epochs", "seed", "model", "vary",
            "directions", "direction-seed", "radius", "resolution", "path-points", "out", "csv");
    private static final List<String> SWITCH_FLAGS = List.of("quiet", "help");
    /** As the page's request: the directions' seed when none is given. */
    static final long DEFAULT_DIRECTION_SEED = 1;

    private LandscapeCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            return landscape(args, out);
        } catch (CliException e) {
            err.println(e.getMessage());
            return e.exitCode();
        }
    }

    /** The request and the model the flags describe, checked; exit code 2 naming the flag otherwise. */
    record Request(LossLandscape.Spec spec, ModelFile model) {
    }

    static Request request(Args args) {
        ExperimentConfig config = JobFlags.config("landscape", args);
        ModelFile model = null;
        String modelFile = args.value("model");
        if (modelFile != null) {
            String text;
            try {
                text = TrainCommand.readText(Path.of(modelFile), "model file");
            } catch (CliException e) {
                throw new CliException(e.exitCode(), "landscape: --model: " + e.getMessage(), e);
            }
            try {
                model = ModelFile.fromJson(text, NetworkLimits.DEFAULT);
            } catch (ConfigException e) {
                throw CliException.badInput("landscape: --model " + modelFile + ": " + e.getMessage());
            }
        }
        int epochs = JobFlags.integer("landscape", "epochs", args.value("epochs"),
                model == null ? LossLandscape.DEFAULT_EPOCHS : 0, model == null ? 1 : 0, LossLandscape.MAX_EPOCHS);
        long seed = seed("seed", args.value("seed"), config.seed());
        long directionSeed = seed("direction-seed", args.value("direction-seed"), DEFAULT_DIRECTION_SEED);
        SeedVariation variation = JobFlags.variation("landscape", args.value("vary"));
        LossLandscape.Directions directions = LossLandscape.Directions.RANDOM;
        if (args.value("directions") != null) {
            String id = args.value("directions").trim();
            try {
                directions = LossLandscape.Directions.parse(id);
            } catch (IllegalArgumentException e) {
                throw CliException.badInput("landscape: --directions must be random (two random filter-normalised"
                        + " directions) or pca (the training path's principal directions), got '" + id + "'");
            }
        }
        double radius = JobFlags.positive("landscape", "radius", args.value("radius"), LossLandscape.DEFAULT_RADIUS,
                LossLandscape.MAX_RADIUS);
        int resolution = JobFlags.integer("landscape", "resolution", args.value("resolution"),
                LossLandscape.DEFAULT_RESOLUTION, LossLandscape.MIN_RESOLUTION, LossLandscape.MAX_RESOLUTION);
        int pathPoints = JobFlags.integer("landscape", "path-points", args.value("path-points"),
                LossLandscape.DEFAULT_PATH_POINTS, 2, LossLandscape.MAX_PATH_POINTS);
        LossLandscape.Spec spec;
        try {
            spec = new LossLandscape.Spec(config, seed, variation, epochs, directions, directionSeed, radius,
                    resolution, pathPoints);
        } catch (ConfigException e) {
            throw CliException.badInput("landscape: " + asFlag(e, args));
        }
        if (model != null) {
            // The run is built at its first step; check that the model fits it now, so a mismatch is bad input.
            try {
                variation.build(config, seed, NetworkLimits.DEFAULT).withInitialModel(model);
            } catch (ConfigException e) {
                throw CliException.badInput("landscape: --model " + modelFile + " does not fit the config: "
                        + e.getMessage());
            }
        }
        return new Request(spec, model);
    }

    private static int landscape(List<String> rawArgs, PrintStream out) {
        Args args = Args.parse("landscape", rawArgs, VALUE_FLAGS, SWITCH_FLAGS);
        if (args.isSet("help")) {
            out.println(USAGE);
            return 0;
        }
        boolean quiet = args.isSet("quiet");
        Request request = request(args);
        LossLandscape.Spec spec = request.spec();
        if (!quiet) {
            ExperimentConfig config = spec.config();
            out.println("landscape: " + config.summary(config.data().builtIn().orElseThrow().task()));
            out.println("  " + (request.model() == null ? "seed " + spec.seed()
                    : "from " + args.value("model") + " (data seed " + spec.variation().dataSeed(config, spec.seed()) + ")")
                    + ", " + spec.epochs() + " epochs; " + directionsText(spec) + "; alpha, beta in ["
                    + JobFlags.format(-spec.radius()) + ", " + JobFlags.format(spec.radius()) + "] on a "
                    + spec.resolution() + " x " + spec.resolution() + " grid");
        }
        long start = System.nanoTime();
        double[] shown = {0};
        LossLandscape.Result result;
        try {
            result = LossLandscape.compute(spec, request.model(), fraction -> {
                // every tenth, once the job has taken a second (a W1 landscape is done before that)
                if (!quiet && fraction >= shown[0] + 0.1 && fraction < 1 && System.nanoTime() - start > 1_000_000_000L) {
                    shown[0] = Math.floor(fraction * 10) / 10;
                    out.println(String.format(Locale.ROOT, "  %.0f%% done, %.1f s", shown[0] * 100,
                            (System.nanoTime() - start) / 1e9));
                }
            });
        } catch (ConfigException e) {
            // the core's verdict on the run: it diverged, so there is no landscape around it
            throw new CliException(CliException.DIVERGED, "landscape: " + e.getMessage());
        }
        if (!quiet) {
            out.print(summary(result));
            out.println(String.format(Locale.ROOT, "  %.1f s", (System.nanoTime() - start) / 1e9));
        }
        if (args.value("out") != null) {
            JobFlags.write(Path.of(args.value("out")), json(result, request.model()), "landscape");
            if (!quiet) {
                out.println("landscape written to " + args.value("out"));
            }
        }
        if (args.value("csv") != null) {
            JobFlags.write(Path.of(args.value("csv")), csv(result), "grid");
            if (!quiet) {
                out.println("grid written to " + args.value("csv"));
            }
        }
        return 0;
    }

    /** A seed: a whole number in [0, 2^53 − 1]. */
    private static long seed(String flag, String text, long defaultValue) {
        if (text == null) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 0 && value <= ExperimentConfig.MAX_SEED) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw CliException.badInput("landscape: --" + flag + " must be a whole number in [0, " + ExperimentConfig.MAX_SEED
                + "], got '" + text + "'");
    }

    /** The request's field as the flag that set it: "resolution must be odd" → "--resolution must be odd". */
    private static String asFlag(ConfigException e, Args args) {
        String field = e.field();
        String message = e.getMessage();
        if (field.startsWith("config")) {
            return (args.value("config") != null ? "--config " + args.value("config") : "--dataset") + ": " + message;
        }
        String flag;
        switch (field) {
            case "directionSeed": flag = "direction-seed"; break;
            case "pathPoints": flag = "path-points"; break;
            case "vary": flag = "vary"; break;
            default: flag = field;
        }
        return message.startsWith(field + " ") ? "--" + flag + message.substring(field.length())
                : "--" + flag + ": " + message;
    }

    private static String directionsText(LossLandscape.Spec spec) {
        return spec.directions() == LossLandscape.Directions.RANDOM
                ? "random filter-normalised directions (seed " + spec.directionSeed() + ")"
                : "the path's principal directions";
    }

    /** The run, the plane and the path, a few lines. */
    static String summary(LossLandscape.Result result) {
        StringBuilder text = new StringBuilder();
        text.append("  run: training loss ").append(JobFlags.loss(result.outcome().initialTrainLoss())).append(" -> ")
                .append(JobFlags.loss(result.outcome().finalTrainLoss())).append(", test loss ")
                .append(JobFlags.loss(result.outcome().finalTestLoss())).append('\n');
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int overflowed = 0;
        for (double loss : result.losses()) {
            if (Double.isFinite(loss)) {
                min = Math.min(min, loss);
                max = Math.max(max, loss);
            } else {
                overflowed++;
            }
        }
        text.append("  plane: loss at the centre ").append(JobFlags.loss(result.centreLoss())).append(", lowest ")
                .append(JobFlags.loss(min)).append(", highest ").append(JobFlags.loss(max));
        if (overflowed > 0) {
            text.append(", ").append(overflowed).append(" grid points overflowed");
        }
        text.append(String.format(Locale.ROOT, "; cosine of the directions %.3f%n", result.cosine()));
        double residual = result.path().residualFraction();
        int points = result.pathEpochs().length;
        text.append("  path: ").append(points).append(points == 1 ? " point; " : " points; ");
        if (Double.isNaN(residual)) {
            text.append("it never leaves the centre (no epochs trained), so no share of it lies in the plane");
        } else {
            text.append(String.format(Locale.ROOT, "the plane holds %.1f%% of it", 100 * (1 - residual)));
            if (result.shares() != null) {
                text.append(String.format(Locale.ROOT, " (principal directions: %.1f%% + %.1f%%)",
                        100 * result.shares()[0], 100 * result.shares()[1]));
            } else if (residual > 0.5) {
                text.append(": the drawn path is only its shadow");
            }
        }
        text.append('\n');
        return text.toString();
    }

    /**
     * The page's landscape document ({@link LossLandscape.Result#toJsonTree}); with {@code --model}
     * one more field, {@code startModel}, the model the run started from.
     */
    static String json(LossLandscape.Result result, ModelFile start) {
        ObjectNode root = result.toJsonTree();
        if (start != null) {
            try {
                root.set("startModel", WRITER.readTree(start.toJson()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a model file's own JSON could not be read back", e);
            }
        }
        try {
            // arrays on one line: a 101 × 101 grid is one line of numbers, not ten thousand
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter();
            printer.indentArraysWith(DefaultPrettyPrinter.NopIndenter.instance);
            return WRITER.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing JSON failed", e);
        }
    }

    private static final ObjectMapper WRITER = new ObjectMapper();

    /** One row per grid point, β by β and α within (as the JSON's losses): alpha,beta,loss; empty where it overflowed. */
    static String csv(LossLandscape.Result result) {
        int n = result.resolution();
        double[] alphas = result.alphas();
        StringBuilder text = new StringBuilder(CSV_HEADER).append('\n');
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double loss = result.loss(i, j);
                text.append(alphas[i]).append(',').append(alphas[j]).append(',')
                        .append(Double.isFinite(loss) ? Double.toString(loss) : "").append('\n');
            }
        }
        return text.toString();
    }
}
