package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.NetworkLimits;

class SeedMinimaTest {

    /** W1 (circle, x1 x2, 4-2 tanh) with 100 points, so that the runs are quick. */
    private static final ExperimentConfig W1_SMALL = ExperimentConfig.fromJson(
            "{\"seed\": 3, \"data\": {\"samples\": 100}, \"training\": {\"learningRate\": 0.1}}");

    /** A single run written out by hand: the config's data, the initial weights of config.withSeed(seed). */
    private static Trainer trainedByHand(ExperimentConfig config, long seed, int epochs) {
        double[] initial = Experiment.build(config.withSeed(seed)).network().parameters().clone();
        Experiment experiment = Experiment.build(config);
        experiment.network().setParameters(initial);
        Trainer trainer = experiment.trainer();
        for (int e = 0; e < epochs; e++) {
            trainer.trainEpoch();
        }
        return trainer;
    }

    static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    @Test
    void eachSeedEqualsASingleRunOfThatSeedsInitialWeightsOnTheConfigsData() throws InterruptedException {
        SeedMinima.Spec spec = new SeedMinima.Spec(W1_SMALL, 4, 40, SeedVariation.WEIGHTS);
        SeedMinima.Result result = SeedMinima.run(spec, 2, null);
        assertEquals(4, result.runs().size());
        for (int k = 0; k < 4; k++) {
            SeedMinima.Run run = result.runs().get(k);
            long seed = 3 + k;
            assertEquals(seed, run.seed());
            assertEquals(3, run.dataSeed(), "every run sees the config's own data");
            Trainer byHand = trainedByHand(W1_SMALL, seed, 40);
            assertArrayEquals(bits(byHand.network().parameters()), bits(run.parameters()), "seed " + seed);
            assertEquals(byHand.evaluateTrain().loss(), run.outcome().finalTrainLoss(), 0);
            assertEquals(byHand.evaluateTest().loss(), run.outcome().finalTestLoss(), 0);
            assertFalse(run.diverged());
        }
        // the first seed is the config's own: exactly the plain experiment
        Trainer plain = Experiment.build(W1_SMALL).trainer();
        plain.trainEpochs(40);
        assertArrayEquals(bits(plain.network().parameters()), bits(result.runs().get(0).parameters()));
        // and different seeds land in different places
        assertNotEquals(result.runs().get(0).outcome().finalTestLoss(), result.runs().get(1).outcome().finalTestLoss());
    }

    @Test
    void varyingTheDataTooEqualsPlainRunsOfEachSeed() throws InterruptedException {
        SeedMinima.Spec spec = new SeedMinima.Spec(W1_SMALL, 2, 25, SeedVariation.WEIGHTS_AND_DATA);
        SeedMinima.Result result = SeedMinima.run(spec, 1, null);
        for (int k = 0; k < 2; k++) {
            Trainer plain = Experiment.build(W1_SMALL.withSeed(3 + k)).trainer();
            plain.trainEpochs(25);
            assertArrayEquals(bits(plain.network().parameters()), bits(result.runs().get(k).parameters()));
            assertEquals(3 + k, result.runs().get(k).dataSeed());
            assertEquals(plain.evaluateTest().loss(), result.runs().get(k).outcome().finalTestLoss(), 0);
        }
    }

    @Test
    void theResultDoesNotDependOnTheNumberOfThreadsOrOnSteppingIt() throws InterruptedException {
        SeedMinima.Spec spec = new SeedMinima.Spec(W1_SMALL, 5, 20, SeedVariation.WEIGHTS);
        String one = SeedMinima.run(spec, 1, null).toJson(true);
        String four = SeedMinima.run(spec, 4, null).toJson(true);
        String stepped = SteppedJob.runToEnd(SeedMinima.stepped(spec)).toJson(true);
        assertEquals(one, four);
        assertEquals(one, stepped);
    }

    @Test
    void theSpreadIsTheSmallestMedianAndLargestFiniteLoss() {
        SeedMinima.Spec spec = new SeedMinima.Spec(W1_SMALL, 4, 1, SeedVariation.WEIGHTS);
        ModelFile model = Experiment.build(W1_SMALL).toModelFile();
        List<SeedMinima.Run> runs = List.of(
                new SeedMinima.Run(3, 3, new FixedEpochRun(1, 0.4, 0.30, 1, 1, -1), model),
                new SeedMinima.Run(4, 3, new FixedEpochRun(1, 0.1, 0.10, 1, 1, -1), model),
                new SeedMinima.Run(5, 3, new FixedEpochRun(1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 7), model),
                new SeedMinima.Run(6, 3, new FixedEpochRun(1, 0.2, 0.50, 1, 1, -1), model));
        SeedMinima.Result result = new SeedMinima.Result(spec, runs);
        // test losses 0.30, 0.10, 0.50 (the diverged run has none): min 0.10, median 0.30, max 0.50
        assertEquals(new SeedMinima.Spread(0.10, 0.30, 0.50, 3), result.testLoss());
        assertEquals(new SeedMinima.Spread(0.1, 0.2, 0.4, 3), result.trainLoss());
        assertEquals(1, result.divergedCount());
        JsonNode json = JsonFields.parseObject(result.toJson(true), "result").node();
        assertEquals(0.3, json.at("/summary/testLoss/median").doubleValue(), 0);
        assertEquals(1, json.at("/summary/diverged").intValue());
        JsonNode diverged = json.at("/runs/2");
        assertTrue(diverged.get("diverged").booleanValue());
        assertEquals(7, diverged.get("divergedAtEpoch").intValue());
        assertTrue(diverged.get("finalTestLoss").isNull());
        assertFalse(diverged.has("model"), "a diverged network is not offered to the playground");
        assertEquals("layerlab-model", json.at("/runs/0/model/format").textValue());
        String csv = result.toCsv();
        assertEquals(SeedMinima.Result.CSV_HEADER, csv.lines().findFirst().orElseThrow());
        assertEquals("5,3,1.0,,,,,true,7", csv.lines().skip(3).findFirst().orElseThrow());
    }

    @Test
    void aRunThatDivergesIsRecordedAsDivergedWithItsEpoch() throws InterruptedException {
        // regression on the plane at learning rate 3: the weights overflow within a few epochs (measured)
        ExperimentConfig plane = ExperimentConfig.fromJson(
                "{\"data\": {\"dataset\": \"plane\"}, \"training\": {\"learningRate\": 3}}");
        SeedMinima.Result result = SeedMinima.run(new SeedMinima.Spec(plane, 1, 50, SeedVariation.WEIGHTS), 1, null);
        SeedMinima.Run run = result.runs().get(0);
        assertTrue(run.diverged());
        Trainer byHand = Experiment.build(plane).trainer();
        int epoch = 0;
        while (!byHand.diverged()) {
            byHand.trainEpoch();
            epoch++;
        }
        assertEquals(epoch, run.outcome().divergedAtEpoch());
        assertTrue(Double.isNaN(run.outcome().finalTestLoss()));
        assertEquals(new SeedMinima.Spread(Double.NaN, Double.NaN, Double.NaN, 0), result.testLoss());
    }

    @Test
    void aRequestDocumentIsReadWithDefaultsAndEveryBadFieldIsNamed() {
        SeedMinima.Spec defaults = SeedMinima.parse("{}", NetworkLimits.DEFAULT);
        assertEquals(ExperimentConfig.defaults(), defaults.config());
        assertEquals(SeedMinima.DEFAULT_SEEDS, defaults.seeds());
        assertEquals(SeedMinima.DEFAULT_EPOCHS, defaults.epochs());
        assertEquals(SeedVariation.WEIGHTS, defaults.variation());
        SeedMinima.Spec read = SeedMinima.parse("{\"config\": {\"seed\": 9}, \"seeds\": 3, \"epochs\": 7,"
                + " \"vary\": \"all\"}", NetworkLimits.DEFAULT);
        assertEquals(9, read.config().seed());
        assertEquals(SeedVariation.WEIGHTS_AND_DATA, read.variation());
        assertEquals(read, SeedMinima.parse(read.toJsonTree().toString(), NetworkLimits.DEFAULT));

        assertField("seeds", "seeds must be in [1, 1000], got 0", "{\"seeds\": 0}");
        assertField("epochs", "epochs must be a whole number, got 1.5", "{\"epochs\": 1.5}");
        assertField("vary", "vary must be \"weights\"", "{\"vary\": \"data\"}");
        assertField("colour", "unknown field colour", "{\"colour\": 1}");
        assertField("config.training.learningRate", "config.training.learningRate must be in (0, 10], got 20",
                "{\"config\": {\"training\": {\"learningRate\": 20}}}");
        assertField("config.data.dataset", "config.data.dataset is custom",
                "{\"config\": {\"data\": {\"dataset\": \"custom\"}}}");
        assertField("seeds", "config.seed + seeds - 1 must be at most",
                "{\"config\": {\"seed\": 9007199254740991}, \"seeds\": 2}");
    }

    private static void assertField(String field, String messageStart, String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> SeedMinima.parse(json, NetworkLimits.DEFAULT));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }
}
