package org.layerlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerlab.training.Experiment;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.ModelFile;

class MainTest {
    @TempDir
    Path dir;

    /** What one in-process run of Main printed and returned. */
    record Run(int code, String out, String err) {
        List<String> outLines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"),
                err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"));
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    @Test
    void trainWritesTheModelAndOneMetricsRowPerEpoch() throws IOException {
        Path config = write("run.json", "{\"seed\": 3, \"network\": {\"hidden\": [3]}}");
        Path model = dir.resolve("model.json");
        Path metrics = dir.resolve("metrics.csv");
        Run run = run("train", "--config", config.toString(), "--epochs", "20", "--out", model.toString(),
                "--metrics", metrics.toString());
        assertEquals(0, run.code(), run.err());
        assertEquals("", run.err());

        List<String> rows = Files.readAllLines(metrics);
        assertEquals("epoch,train_loss,test_loss,train_accuracy,test_accuracy", rows.get(0));
        assertEquals(21, rows.size());
        for (int epoch = 1; epoch <= 20; epoch++) {
            String[] fields = rows.get(epoch).split(",", -1);
            assertEquals(5, fields.length);
            assertEquals(Integer.toString(epoch), fields[0]);
            double accuracy = Double.parseDouble(fields[3]);
            assertTrue(accuracy >= 0 && accuracy <= 1);
        }

        // The model is exactly what the same config trained in-process gives.
        Experiment reference = Experiment.build(ExperimentConfig.fromJson(Files.readString(config)));
        reference.trainer().trainEpochs(20);
        ModelFile written = ModelFile.read(model);
        assertArrayEquals(bits(reference.network().parameters()), bits(written.parameters()));
        // And the last metrics row is that network's losses.
        String[] last = rows.get(20).split(",");
        assertEquals(reference.trainer().evaluateTrain().loss(), Double.parseDouble(last[1]));
        assertEquals(reference.trainer().evaluateTest().loss(), Double.parseDouble(last[2]));

        // One progress line per epoch for a short run, after the summary and the header.
        assertTrue(run.outLines().get(0).startsWith("train: circle, 500 points"), run.out());
        assertTrue(run.outLines().get(1).contains("train loss"), run.out());
        assertTrue(run.outLines().get(2).trim().startsWith("1 "), run.out());
        assertTrue(run.outLines().get(21).trim().startsWith("20 "), run.out());
    }

    @Test
    void longRunsPrintAtMostAboutFiftyLinesAndAlwaysTheLast() {
        Run run = run("train", "--epochs", "123");
        assertEquals(0, run.code(), run.err());
        List<String> progress = new ArrayList<>();
        for (String line : run.outLines()) {
            if (line.matches("\\s*\\d+\\s+.*")) {
                progress.add(line.trim());
            }
        }
        assertTrue(progress.size() <= 51, progress.size() + " lines");
        assertTrue(progress.size() >= 40, progress.size() + " lines");
        assertTrue(progress.get(progress.size() - 1).startsWith("123 "), progress.toString());
    }

    @Test
    void quietPrintsNothing() {
        Run run = run("train", "--epochs", "2", "--quiet");
        assertEquals(0, run.code());
        assertEquals("", run.out());
        assertEquals("", run.err());
    }

    @Test
    void badConfigValueExitsTwoNamingTheField() throws IOException {
        Path config = write("bad.json", "{\"training\": {\"learningRate\": 25}}");
        Run run = run("train", "--config", config.toString(), "--epochs", "5");
        assertEquals(2, run.code());
        assertEquals(config + ": training.learningRate must be in (0, 10], got 25\n", run.err());
    }

    @Test
    void malformedConfigExitsTwoWithLineAndColumn() throws IOException {
        Path config = write("broken.json", "{\n  \"seed\": 1,\n  \"data\": \n}");
        Run run = run("train", "--config", config.toString(), "--epochs", "5");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith(config + ": malformed JSON in the config at line 4, column"), run.err());
        assertEquals(1, run.err().strip().split("\n").length, "one line");
    }

    @Test
    void missingFilesExitTwoNamingTheFile() {
        Path missing = dir.resolve("nope.json");
        Run config = run("train", "--config", missing.toString(), "--epochs", "5");
        assertEquals(2, config.code());
        assertEquals("config file not found: " + missing + "\n", config.err());

        Run model = run("train", "--init-model", missing.toString(), "--epochs", "5");
        assertEquals(2, model.code());
        assertEquals("model file not found: " + missing + "\n", model.err());

        Path missingData = dir.resolve("points.csv");
        Run data = run("train", "--data", missingData.toString(), "--epochs", "5");
        assertEquals(2, data.code());
        assertEquals("data file not found: " + missingData + "\n", data.err());
    }

    @Test
    void usageErrorsExitTwo() {
        Run unknown = run("train", "--epochs", "5", "--lerning-rate", "0.1");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("train: unknown flag --lerning-rate; allowed: --config, --epochs"),
                unknown.err());

        for (String epochs : new String[] {"0", "-3", "abc", "1.5", "99999999999"}) {
            Run bad = run("train", "--epochs", epochs);
            assertEquals(2, bad.code(), epochs);
            assertEquals("train: --epochs must be a whole number in [1, 1000000], got '" + epochs + "'\n",
                    bad.err());
        }
        Run missing = run("train");
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("train: --epochs N is required"), missing.err());

        Run noValue = run("train", "--epochs");
        assertEquals(2, noValue.code());
        assertEquals("train: --epochs needs a value\n", noValue.err());

        Run twice = run("train", "--epochs", "3", "--epochs=4");
        assertEquals(2, twice.code());
        assertEquals("train: --epochs is given twice\n", twice.err());

        Run stray = run("train", "run.json");
        assertEquals(2, stray.code());
        assertTrue(stray.err().startsWith("train: unexpected argument 'run.json'"), stray.err());
    }

    @Test
    void badDataRowsAreListed() throws IOException {
        Path points = write("points.csv", "x,y,label\n1,2,1\n3,abc,-1\n0.5,0.5,1\n1,2\n-1,-1,-1\n");
        Run run = run("train", "--data", points.toString(), "--epochs", "5");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith(points + ": 2 problems in the data:"), run.err());
        assertTrue(run.err().contains("line 3: "), run.err());
        assertTrue(run.err().contains("line 5: "), run.err());
        assertFalse(run.err().contains("line 2:"), run.err());
    }

    @Test
    void uploadedPointsTrain() throws IOException {
        StringBuilder csv = new StringBuilder("x,y,label\n");
        for (int i = 0; i < 60; i++) {
            double x = (i % 10) - 4.5;
            double y = (i / 10) - 2.5;
            csv.append(x).append(',').append(y).append(',').append(x > 0 ? 1 : 0).append('\n');
        }
        Path points = write("points.csv", csv.toString());
        Path model = dir.resolve("model.json");
        Run run = run("train", "--data", points.toString(), "--epochs", "30", "--out", model.toString(), "--quiet");
        assertEquals(0, run.code(), run.err());
        assertEquals(2, ModelFile.read(model).spec().inputs());
    }

    /** A linear output after ReLUs has nothing to bound it: learning rate 10 blows the weights up. */
    @Test
    void divergingTrainingExitsThree() throws IOException {
        Path config = write("diverge.json",
                "{\"network\": {\"activation\": \"relu\", \"output\": \"linear\"}, \"training\": {\"learningRate\": 10}}");
        Path metrics = dir.resolve("metrics.csv");
        Path model = dir.resolve("model.json");
        Run run = run("train", "--config", config.toString(), "--epochs", "200", "--metrics", metrics.toString(),
                "--out", model.toString(), "--quiet");
        assertEquals(3, run.code(), run.err());
        Matcher message = Pattern.compile("training diverged at epoch (\\d+) \\(a weight became NaN/infinite\\);"
                + " lower the learning rate \\(training.learningRate is 10\\)\n").matcher(run.err());
        assertTrue(message.matches(), run.err());
        int epoch = Integer.parseInt(message.group(1));
        assertTrue(epoch < 200);
        // The metrics up to the divergence are kept for the post-mortem; no model is written.
        assertEquals(epoch + 1, Files.readAllLines(metrics).size());
        assertFalse(Files.exists(model));
    }

    @Test
    void initModelMustMatchTheConfig() throws IOException {
        Path model = dir.resolve("model.json");
        assertEquals(0, run("train", "--epochs", "3", "--out", model.toString(), "--quiet").code());

        // Continuing from the model works with the same architecture...
        Path next = dir.resolve("next.json");
        Run resumed = run("train", "--epochs", "3", "--init-model", model.toString(), "--out", next.toString(),
                "--quiet");
        assertEquals(0, resumed.code(), resumed.err());

        // ...and is refused, naming the difference, with another.
        Path wide = write("wide.json", "{\"network\": {\"hidden\": [5, 2]}}");
        Run mismatch = run("train", "--config", wide.toString(), "--epochs", "3", "--init-model", model.toString());
        assertEquals(2, mismatch.code());
        assertEquals(model + ": the model's layer sizes [2, 4, 2, 1] differ from the config's [2, 5, 2, 1]"
                + " (inputs, hidden layers, outputs)\n", mismatch.err());
    }

    @Test
    void helpAndCommands() {
        Run help = run("help");
        assertEquals(0, help.code());
        assertTrue(help.out().startsWith("usage: layerlab <command>"), help.out());
        assertEquals(help.out(), run("--help").out());

        Run trainHelp = run("train", "--help");
        assertEquals(0, trainHelp.code());
        assertTrue(trainHelp.out().startsWith("usage: layerlab train"), trainHelp.out());

        // serve is the default command: flags alone go to it
        Run serveHelp = run("--port", "8080", "--help");
        assertEquals(0, serveHelp.code());
        assertTrue(serveHelp.out().startsWith("usage: layerlab serve"), serveHelp.out());
        Run badPort = run("serve", "--port", "70000");
        assertEquals(2, badPort.code());
        assertTrue(badPort.err().contains("port"), badPort.err());

        Run unknown = run("trian");
        assertEquals(2, unknown.code());
        assertEquals("unknown command 'trian'; commands: train, serve, loadtest, experiment, sweep, minima, landscape, noise, help\n",
                unknown.err());
    }
}
