package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.LearningRateSweep;
import org.layerlab.training.ModelFile;
import org.layerlab.training.SeedMinima;
import org.layerlab.training.SeedVariation;

/** {@code layerlab sweep} and {@code layerlab minima}: the core's results in files, every bad flag named. */
class LearningRateCommandsTest {
    @TempDir
    Path dir;

    private static final String CONFIG = "{\"seed\": 4, \"data\": {\"samples\": 80}, \"training\": {\"learningRate\": 0.1}}";

    @Test
    void sweepWritesTheCoresResultAsJsonAndOneCsvRowPerRateAndSeed() throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path json = dir.resolve("sweep.json");
        Path csv = dir.resolve("sweep.csv");
        MainTest.Run run = MainTest.run("sweep", "--config", config.toString(), "--min", "0.001", "--max", "1",
                "--per-decade", "1", "--seeds", "2", "--epochs", "20", "--threads", "3", "--out", json.toString(),
                "--csv", csv.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("4 rates from 0.001 to 1 x 2 seeds, 20 epochs each: 8 runs on 3 threads"), run.out());
        assertTrue(run.out().contains("8/8 runs done"), run.out());
        assertTrue(run.out().contains("best rate "), run.out());
        assertTrue(run.out().contains("no run diverged (0 of 8 runs)"), run.out());
        LearningRateSweep.Result core = LearningRateSweep.run(new LearningRateSweep.Spec(ExperimentConfig.fromJson(CONFIG),
                0.001, 1, 1, 2, 20, SeedVariation.WEIGHTS), 1, null);
        assertEquals(core.toJson(), Files.readString(json));
        List<String> rows = Files.readAllLines(csv);
        assertEquals(1 + 4 * 2, rows.size());
        assertEquals(LearningRateSweep.Result.CSV_HEADER, rows.get(0));
        assertTrue(rows.get(1).startsWith("0.001,4,4,"), rows.get(1));
        assertTrue(rows.get(8).startsWith("1.0,5,4,"), rows.get(8));
    }

    @Test
    void minimaWritesEverySeedsLossesAndNetwork() throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path json = dir.resolve("minima.json");
        Path csv = dir.resolve("minima.csv");
        MainTest.Run run = MainTest.run("minima", "--config", config.toString(), "--seeds", "3", "--epochs", "15",
                "--out", json.toString(), "--csv", csv.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("seeds 4..6 (initial weights only), 15 epochs each"), run.out());
        assertTrue(run.out().contains("diverged: 0 of 3 seeds"), run.out());
        SeedMinima.Result core = SeedMinima.run(new SeedMinima.Spec(ExperimentConfig.fromJson(CONFIG), 3, 15,
                SeedVariation.WEIGHTS), 1, null);
        assertEquals(core.toJson(true), Files.readString(json));
        assertEquals(core.toCsv(), Files.readString(csv));
        // the table's median is the core's
        assertTrue(run.out().contains(JobFlags.loss(core.testLoss().median())), run.out());
        // each seed's network reads back as a model file
        String text = Files.readString(json);
        int start = text.indexOf("\"model\"");
        assertTrue(start > 0);
        ModelFile model = core.runs().get(1).model();
        assertEquals(model, ModelFile.fromJson(model.toJson()));
    }

    @Test
    void theDefaultIsW1AndCircleOrSpiralChooseThePreset() {
        MainTest.Run run = MainTest.run("minima", "--dataset", "spiral", "--seeds", "1", "--epochs", "1", "--quiet");
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.out());
    }

    @Test
    void everyBadFlagIsBadInputNamingIt() throws IOException {
        assertBad("sweep: --min must be a number in (0, 10], got '0'", "sweep", "--min", "0");
        assertBad("sweep: --max must be a number in (0, 10], got 'ten'", "sweep", "--max", "ten");
        assertBad("sweep: --max must be at least --min (0.1), got 0.01", "sweep", "--min", "0.1", "--max", "0.01");
        assertBad("sweep: --per-decade must be a whole number in [1, 20], got '0'", "sweep", "--per-decade", "0");
        assertBad("sweep: --seeds must be a whole number in [1, 100], got '1000'", "sweep", "--seeds", "1000");
        assertBad("sweep: --vary must be \"weights\"", "sweep", "--vary", "data");
        assertBad("sweep: --min 0.000000001 to --max 10 at --per-decade 20 gives 201 rates; at most 200 are allowed",
                "sweep", "--min", "1e-9", "--per-decade", "20");
        assertBad("minima: --epochs must be a whole number in [1, 1000000], got '-3'", "minima", "--epochs=-3");
        assertBad("minima: --dataset must be circle (W1) or spiral (W2), got 'moons'", "minima", "--dataset", "moons");
        assertBad("minima: give --config or --dataset, not both", "minima", "--dataset", "circle", "--config", "x.json");
        assertBad("config file not found: ", "minima", "--config", dir.resolve("missing.json").toString());
        Path custom = Files.writeString(dir.resolve("custom.json"), "{\"data\": {\"dataset\": \"custom\"}}");
        assertBad("minima: config.data.dataset is custom", "minima", "--config", custom.toString());
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"training\": {\"learningRate\": 20}}");
        assertBad(bad + ": training.learningRate must be in (0, 10], got 20", "minima", "--config", bad.toString());
        assertBad("minima: unknown flag --rates", "minima", "--rates", "3");
    }

    private static void assertBad(String messageStart, String... args) {
        MainTest.Run run = MainTest.run(args);
        assertEquals(CliException.BAD_INPUT, run.code(), run.out() + run.err());
        assertTrue(run.err().startsWith(messageStart), run.err());
    }

    @Test
    void helpListsTheFlags() {
        MainTest.Run sweep = MainTest.run("sweep", "--help");
        assertEquals(0, sweep.code());
        assertTrue(sweep.out().contains("--per-decade N"));
        MainTest.Run minima = MainTest.run("minima", "--help");
        assertTrue(minima.out().contains("--vary WHAT"));
        assertTrue(MainTest.run("help").out().contains("sweep   final loss against learning rate"));
    }
}
