package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.insight.LossLandscape;
import org.layerlab.training.Experiment;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.ModelFile;
import org.layerlab.training.SeedVariation;
import org.layerlab.training.Trainer;

/**
 * {@code layerlab landscape}: the page's landscape document for the same request, the grid as CSV,
 * a landscape around a model file, and every bad flag named with exit code 2.
 */
class LandscapeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONFIG = "{\"seed\": 4, \"data\": {\"samples\": 80}, \"training\": {\"learningRate\": 0.1}}";

    @TempDir
    Path dir;

    @Test
    void theJsonIsTheCoresResultForTheSameRequestAsThePageSendsIt() throws Exception {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path json = dir.resolve("landscape.json");
        Path csv = dir.resolve("grid.csv");
        MainTest.Run run = MainTest.run("landscape", "--config", config.toString(), "--epochs", "40", "--seed", "7",
                "--directions", "pca", "--radius", "0.5", "--resolution", "9", "--path-points", "11",
                "--out", json.toString(), "--csv", csv.toString());
        assertEquals(0, run.code(), run.err());
        // The same request as the learning-rate page posts it, through the page's own parser.
        String request = "{\"config\": " + CONFIG + ", \"seed\": 7, \"epochs\": 40, \"directions\": \"pca\","
                + " \"radius\": 0.5, \"resolution\": 9, \"pathPoints\": 11}";
        LossLandscape.Result core = LossLandscape.compute(LossLandscape.parse(request, NetworkLimits.DEFAULT), null);
        assertEquals(asRead(core.toJsonTree()), JSON.readTree(Files.readString(json)));

        double inPlane = 1 - core.path().residualFraction();
        assertTrue(run.out().contains(String.format(java.util.Locale.ROOT, "the plane holds %.1f%% of it (principal"
                + " directions: %.1f%% + %.1f%%)", 100 * inPlane, 100 * core.shares()[0], 100 * core.shares()[1])),
                run.out());
        assertTrue(run.out().contains("path: 11 points"), run.out());
        assertTrue(run.out().contains("seed 7, 40 epochs; the path's principal directions; alpha, beta in [-0.5, 0.5]"
                + " on a 9 x 9 grid"), run.out());

        List<String> rows = Files.readAllLines(csv);
        assertEquals(1 + 81, rows.size());
        assertEquals("alpha,beta,loss", rows.get(0));
        // row 1 + j·9 + i is (α_i, β_j); α runs −0.5, −0.375, … 0.5
        assertEquals("-0.5,-0.5," + core.loss(0, 0), rows.get(1));
        assertEquals("-0.375,-0.5," + core.loss(1, 0), rows.get(2));
        assertEquals("0.0,0.0," + core.centreLoss(), rows.get(1 + 4 * 9 + 4));
        assertEquals("0.5,0.5," + core.loss(8, 8), rows.get(81));
    }

    @Test
    void aModelFileIsTheCentreOfTheLandscapeWithoutFurtherTraining() throws Exception {
        // A network trained 30 epochs by the trainer, saved as a model file.
        ExperimentConfig config = ExperimentConfig.fromJson(CONFIG);
        Experiment experiment = Experiment.build(config);
        Trainer trainer = experiment.trainer();
        for (int e = 0; e < 30; e++) {
            trainer.trainEpoch();
        }
        ModelFile model = experiment.toModelFile();
        Path modelPath = Files.writeString(dir.resolve("model.json"), model.toJson());
        Path configPath = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path json = dir.resolve("landscape.json");
        MainTest.Run run = MainTest.run("landscape", "--config", configPath.toString(), "--model", modelPath.toString(),
                "--resolution", "7", "--out", json.toString(), "--quiet");
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.out(), "--quiet prints nothing");
        JsonNode written = JSON.readTree(Files.readString(json));
        assertEquals(0, written.at("/landscape/epochs").intValue(), "with --model the default is no further training");
        // The centre is the model's own training loss, exactly.
        assertEquals(trainer.evaluateTrain().loss(), written.get("centreLoss").doubleValue(), 0.0);
        assertEquals(JSON.readTree(model.toJson()), written.get("startModel"));
        assertTrue(written.at("/path/residualFraction").isNull(), "a path of one point has no share off the plane");

        LossLandscape.Spec spec = new LossLandscape.Spec(config, 4, SeedVariation.WEIGHTS, 0,
                LossLandscape.Directions.RANDOM, 1, 1, 7, LossLandscape.DEFAULT_PATH_POINTS);
        JsonNode core = asRead(LossLandscape.compute(spec, model, null).toJsonTree());
        ((com.fasterxml.jackson.databind.node.ObjectNode) written).remove("startModel");
        assertEquals(core, written);
    }

    @Test
    void trainingOnFromAModelMatchesTheCoreStartedThere() throws IOException {
        ExperimentConfig config = ExperimentConfig.fromJson(CONFIG);
        Experiment experiment = Experiment.build(config);
        for (int e = 0; e < 10; e++) {
            experiment.trainer().trainEpoch();
        }
        ModelFile model = experiment.toModelFile();
        Path modelPath = Files.writeString(dir.resolve("model.json"), model.toJson());
        Path configPath = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path json = dir.resolve("landscape.json");
        MainTest.Run run = MainTest.run("landscape", "--config", configPath.toString(), "--model", modelPath.toString(),
                "--epochs", "20", "--resolution", "5", "--path-points", "5", "--out", json.toString(), "--quiet");
        assertEquals(0, run.code(), run.err());
        LossLandscape.Spec spec = new LossLandscape.Spec(config, 4, SeedVariation.WEIGHTS, 20,
                LossLandscape.Directions.RANDOM, 1, 1, 5, 5);
        LossLandscape.Result core = LossLandscape.compute(spec, model, null);
        JsonNode written = JSON.readTree(Files.readString(json));
        assertEquals(core.outcome().initialTrainLoss(), written.at("/run/initialTrainLoss").doubleValue(), 0.0,
                "the run starts at the model's loss");
        ((com.fasterxml.jackson.databind.node.ObjectNode) written).remove("startModel");
        assertEquals(asRead(core.toJsonTree()), written);
        // SGD keeps no state and the order is shuffled once: 10 epochs, saved, then 20 more are 30 straight
        Experiment straight = Experiment.build(config);
        for (int e = 0; e < 30; e++) {
            straight.trainer().trainEpoch();
        }
        assertEquals(straight.trainer().evaluateTrain().loss(), core.centreLoss(), 0.0);
        // and not where the config's own initialisation starts
        LossLandscape.Result fresh = LossLandscape.compute(spec, null, null);
        assertFalse(fresh.outcome().initialTrainLoss() == core.outcome().initialTrainLoss());
    }

    @Test
    void everyBadFlagIsBadInputNamingTheFlag() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path model = Files.writeString(dir.resolve("model.json"), Experiment.build(ExperimentConfig.fromJson(
                "{\"network\": {\"hidden\": [3]}}")).toModelFile().toJson());
        String c = config.toString();
        assertBad("landscape: --resolution must be odd (so that the trained weights, α = β = 0, are a grid point),"
                + " got 40", "--config", c, "--resolution", "40");
        assertBad("landscape: --resolution must be a whole number in [5, 201], got '3'", "--resolution", "3");
        assertBad("landscape: --radius must be a number in (0, 100], got '0'", "--radius", "0");
        assertBad("landscape: --radius must be a number in (0, 100], got 'wide'", "--radius", "wide");
        assertBad("landscape: --epochs must be a whole number in [1, 1000000], got '0'", "--epochs", "0");
        assertBad("landscape: --seed must be a whole number in [0, 9007199254740991], got '-1'", "--seed", "-1");
        assertBad("landscape: --direction-seed must be a whole number in [0, 9007199254740991], got 'x'",
                "--direction-seed", "x");
        assertBad("landscape: --path-points must be a whole number in [2, 300], got '1'", "--path-points", "1");
        assertBad("landscape: --directions must be random (two random filter-normalised directions) or pca (the"
                + " training path's principal directions), got 'up'", "--directions", "up");
        assertBad("landscape: --vary must be \"weights\" (seeds change the initial weights only) or \"all\" (seeds"
                + " change the data and the initial weights), got \"data\"", "--vary", "data");
        assertBad("landscape: --dataset must be circle (W1) or spiral (W2), got 'moons'; for anything else write a"
                + " config file and give --config", "--dataset", "moons");
        assertBad("landscape: --model: model file not found: " + dir.resolve("none.json"),
                "--model", dir.resolve("none.json").toString());
        assertBad("landscape: --model " + model + " does not fit the config: the model's layer sizes [2, 3, 1] differ"
                + " from the config's [2, 4, 2, 1] (inputs, hidden layers, outputs)", "--config", c, "--model",
                model.toString());
        assertBad("landscape: --directions \"pca\" needs a training path to take its principal directions from, so"
                + " epochs must be at least 1; with 0 epochs use \"random\"", "--config", c, "--model",
                Files.writeString(dir.resolve("fits.json"), Experiment.build(ExperimentConfig.fromJson(CONFIG))
                        .toModelFile().toJson()).toString(), "--directions", "pca");
        assertBad("landscape: unknown flag --grid; allowed: --config, --dataset, --epochs, --seed, --model, --vary,"
                + " --directions, --direction-seed, --radius, --resolution, --path-points, --out, --csv, --quiet,"
                + " --help", "--grid", "5");
    }

    @Test
    void aRunThatDivergesHasNoLandscapeAndExitsWithThree() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"),
                "{\"data\": {\"dataset\": \"plane\"}, \"training\": {\"learningRate\": 3}}");
        MainTest.Run run = MainTest.run("landscape", "--config", config.toString(), "--epochs", "50", "--quiet");
        assertEquals(CliException.DIVERGED, run.code());
        assertTrue(run.err().startsWith("landscape: this run diverged at epoch "), run.err());
    }

    @Test
    void helpListsTheFlagsAndMainKnowsTheCommand() {
        MainTest.Run help = MainTest.run("landscape", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("usage: layerlab landscape"), help.out());
        assertTrue(MainTest.run("help").out().contains("  landscape  the loss over a plane"));
    }

    /** The tree as it reads back from its text (numbers as the parser types them), for comparing with a file. */
    private static JsonNode asRead(JsonNode tree) throws IOException {
        return JSON.readTree(tree.toString());
    }

    private static void assertBad(String message, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "landscape";
        System.arraycopy(args, 0, all, 1, args.length);
        MainTest.Run run = MainTest.run(all);
        assertEquals(CliException.BAD_INPUT, run.code(), run.err());
        assertEquals(message + "\n", run.err());
    }
}
