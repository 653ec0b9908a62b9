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
import org.layerlab.training.NoiseFeatureExperiment;
import org.layerlab.training.SeedVariation;

/** {@code layerlab noise}: the core's result in its table and files, every bad flag named. */
class NoiseCommandTest {
    @TempDir
    Path dir;

    private static final String CONFIG = "{\"seed\": 2, \"data\": {\"samples\": 60}}";

    @Test
    void writesTheCoresResultAsJsonCsvAndATable() throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path json = dir.resolve("noise.json");
        Path csv = dir.resolve("noise.csv");
        MainTest.Run run = MainTest.run("noise", "--config", config.toString(), "--noise", "0, 4,20", "--seeds", "3",
                "--epochs", "12", "--threads", "2", "--out", json.toString(), "--csv", csv.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("d = 0,4,20; seeds 2..4 (data and initial weights), 12 epochs each: 9 runs on"
                + " 2 threads"), run.out());
        assertTrue(run.out().contains("9/9 runs done"), run.out());
        NoiseFeatureExperiment.Result core = NoiseFeatureExperiment.run(new NoiseFeatureExperiment.Spec(
                ExperimentConfig.fromJson(CONFIG), List.of(0, 4, 20), 3, 12, SeedVariation.WEIGHTS_AND_DATA), 1, null);
        assertEquals(core.toJson(), Files.readString(json));
        assertEquals(core.toCsv(), Files.readString(csv));
        // the table's line for d = 20: the core's median, range, training loss, accuracy
        NoiseFeatureExperiment.Row row = core.row(20);
        String line = run.out().lines().filter(l -> l.startsWith("    20  ")).findFirst().orElseThrow();
        List<String> cells = List.of(line.trim().split("\\s+"));
        assertEquals(List.of("20", JobFlags.loss(row.testLoss().median()), JobFlags.loss(row.testLoss().min()),
                JobFlags.loss(row.testLoss().max()), JobFlags.loss(row.trainLoss().median()),
                String.format(java.util.Locale.ROOT, "%.1f%%", 100 * row.testAccuracy().median()), "0/3"), cells);
    }

    @Test
    void varyWeightsKeepsTheConfigsData() throws IOException {
        Path config = Files.writeString(dir.resolve("config.json"), CONFIG);
        Path csv = dir.resolve("noise.csv");
        MainTest.Run run = MainTest.run("noise", "--config", config.toString(), "--noise", "1", "--seeds", "2",
                "--epochs", "3", "--vary", "weights", "--csv", csv.toString(), "--quiet");
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.out());
        List<String> rows = Files.readAllLines(csv);
        assertTrue(rows.get(1).startsWith("1,2,2,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("1,3,2,"), "seed 3 on seed 2's data: " + rows.get(2));
    }

    @Test
    void everyBadFlagIsBadInputNamingIt() {
        assertBad("noise: --noise must list whole numbers of noise features separated by commas, smallest first,"
                + " e.g. 0,2,10,50; got '0,x'", "noise", "--noise", "0,x");
        assertBad("noise: --noise values must be in [0, 50], got 60 in '0,60'", "noise", "--noise", "0,60");
        assertBad("noise: --noise values must be strictly increasing (each d once, smallest first), got 2 after 10"
                + " in '0,10,2'", "noise", "--noise", "0,10,2");
        assertBad("noise: --seeds must be a whole number in [1, 1000], got '0'", "noise", "--seeds", "0");
        assertBad("noise: --epochs must be a whole number in [1, 1000000], got 'many'", "noise", "--epochs", "many");
        assertBad("noise: --vary must be \"weights\"", "noise", "--vary", "data");
        assertBad("noise: --dataset must be circle (W1) or spiral (W2), got 'moons'", "noise", "--dataset", "moons");
        assertBad("noise: unknown flag --d", "noise", "--d", "3");
    }

    private static void assertBad(String messageStart, String... args) {
        MainTest.Run run = MainTest.run(args);
        assertEquals(CliException.BAD_INPUT, run.code(), run.out() + run.err());
        assertTrue(run.err().startsWith(messageStart), run.err());
    }

    @Test
    void helpListsTheFlagsAndMainListsTheCommand() {
        MainTest.Run help = MainTest.run("noise", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--noise LIST"), help.out());
        assertTrue(help.out().contains("(default 0,2,10,50)"), help.out());
        assertTrue(MainTest.run("help").out().contains("noise   inputs of pure noise"));
    }
}
