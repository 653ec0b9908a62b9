package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentCommandTest {
    @TempDir
    Path dir;

    private static final String RACE = "{\"base\": {\"seed\": 2, \"data\": {\"samples\": 60},"
            + " \"network\": {\"hidden\": [3]}, \"training\": {\"learningRate\": 0.1}},"
            + " \"contestants\": [{\"name\": \"sigmoid\", \"overrides\": {\"network\": {\"activation\": \"sigmoid\"}}},"
            + " {\"name\": \"relu\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}},"
            + " {\"name\": \"tanh\", \"overrides\": {}}],"
            + " \"target\": 0.3, \"maxEpochs\": 40, \"seeds\": 7}";

    @Test
    void writesJsonAndOneCsvRowPerContestantAndSeed() throws IOException {
        Path race = Files.writeString(dir.resolve("race.json"), RACE);
        Path json = dir.resolve("results.json");
        Path csv = dir.resolve("results.csv");
        MainTest.Run run = MainTest.run("experiment", "--config", race.toString(), "--seeds", "4", "--out",
                json.toString(), "--csv", csv.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("experiment: sigmoid vs relu vs tanh; 4 seeds from 2"), run.out());
        assertTrue(run.out().contains("12/12 runs done"), run.out());
        assertTrue(run.out().contains("median"), run.out());

        List<String> rows = Files.readAllLines(csv);
        assertEquals(1 + 3 * 4, rows.size());
        assertEquals("contestant,seed,epochs_to_target,epochs_trained,final_train_loss,final_test_loss,diverged",
                rows.get(0));
        assertTrue(rows.get(1).startsWith("sigmoid,2,"), rows.get(1));
        assertTrue(rows.get(12).startsWith("tanh,5,"), rows.get(12));

        JsonNode results = new ObjectMapper().readTree(Files.readString(json));
        assertEquals(3, results.get("contestants").size());
        assertEquals(4, results.get("race").get("seeds").asInt());
        for (JsonNode contestant : results.get("contestants")) {
            assertEquals(4, contestant.get("runs").size());
            JsonNode first = contestant.get("runs").get(0);
            assertTrue(first.get("curveEpochs").size() > 0);
            assertEquals(first.get("curveEpochs").size(), first.get("curveTestLoss").size());
        }
        assertEquals(1.0, results.get("contestants").get(0).get("ratioToFirst").asDouble(1.0), 1e-12);
    }

    @Test
    void badRaceNamesTheField() throws IOException {
        Path race = Files.writeString(dir.resolve("race.json"),
                RACE.replace("\"activation\": \"relu\"", "\"activation\": \"rectifier\""));
        MainTest.Run run = MainTest.run("experiment", "--config", race.toString());
        assertEquals(CliException.BAD_INPUT, run.code());
        assertTrue(run.err().startsWith(race + ": contestants[1].overrides.network.activation must be one of"),
                run.err());
    }

    @Test
    void usageErrors() {
        assertEquals(CliException.BAD_INPUT, MainTest.run("experiment", "--seeds", "0").code());
        assertEquals(CliException.BAD_INPUT, MainTest.run("experiment", "--dataset", "moons").code());
        assertEquals(CliException.BAD_INPUT, MainTest.run("experiment", "--config", dir.resolve("none.json")
                .toString()).code());
        MainTest.Run help = MainTest.run("experiment", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("usage: layerlab experiment"));
        assertTrue(MainTest.run("help").out().contains("experiment"));
    }

    @Test
    void theDefaultRaceRunsAllFourActivations() {
        MainTest.Run run = MainTest.run("experiment", "--seeds", "2", "--max-epochs", "5");
        assertEquals(0, run.code(), run.err());
        for (String name : List.of("sigmoid", "tanh", "relu", "leakyrelu")) {
            assertTrue(run.out().contains("\n" + name + " "), run.out());
        }
        MainTest.Run spiral = MainTest.run("experiment", "--dataset", "spiral", "--seeds", "1", "--max-epochs", "2",
                "--quiet");
        assertEquals(0, spiral.code(), spiral.err());
        assertEquals("", spiral.out());
    }
}
