package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.NetworkLimits;

/** The noise-feature experiment: every (d, seed) is a plain run, whatever the threads; every bad field is named. */
class NoiseFeatureExperimentTest {

    /** W1 (circle, x1 x2, 4-2 tanh, lr 0.03) with 80 points and seed 5, so that the runs are quick. */
    private static final ExperimentConfig W1_SMALL = ExperimentConfig.fromJson(
            "{\"seed\": 5, \"data\": {\"samples\": 80}}");
    private static final int EPOCHS = 25;

    private static NoiseFeatureExperiment.Spec small(SeedVariation variation) {
        return new NoiseFeatureExperiment.Spec(W1_SMALL, List.of(0, 3, 12), 3, EPOCHS, variation);
    }

    /** The median of three: the middle one. */
    private static double middle(double a, double b, double c) {
        double[] v = {a, b, c};
        Arrays.sort(v);
        return v[1];
    }

    private static void assertRefused(String json, String field, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> NoiseFeatureExperiment.parse(json,
                NetworkLimits.DEFAULT), json);
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    @Test
    void eachDAndSeedIsAPlainRunOfThatSeedWithDNoiseFeatures() throws InterruptedException {
        NoiseFeatureExperiment.Result result = NoiseFeatureExperiment.run(small(SeedVariation.WEIGHTS_AND_DATA), 2, null);
        assertEquals(List.of(0, 3, 12), result.rows().stream().map(NoiseFeatureExperiment.Row::noiseFeatures).toList());
        for (NoiseFeatureExperiment.Row row : result.rows()) {
            int d = row.noiseFeatures();
            double[] test = new double[3];
            double[] train = new double[3];
            double[] accuracy = new double[3];
            for (int k = 0; k < 3; k++) {
                long seed = 5 + k;
                SeedMinima.Run run = row.runs().get(k);
                assertEquals(seed, run.seed());
                assertEquals(seed, run.dataSeed(), "a seed changes the data too");
                // by hand: the playground's own experiment for this seed and d, trained epoch by epoch
                Experiment experiment = Experiment.build(W1_SMALL.withSeed(seed).withNoiseFeatures(d));
                assertEquals(2 + d, experiment.spec().inputs());
                Trainer trainer = experiment.trainer();
                double initial = trainer.evaluateTrain().loss();
                for (int e = 0; e < EPOCHS; e++) {
                    trainer.trainEpoch();
                }
                assertArrayEquals(SeedMinimaTest.bits(trainer.network().parameters()), SeedMinimaTest.bits(run.parameters()),
                        "d = " + d + ", seed " + seed);
                FixedEpochRun o = run.outcome();
                assertEquals(initial, o.initialTrainLoss(), 0);
                assertEquals(trainer.evaluateTrain().loss(), o.finalTrainLoss(), 0);
                assertEquals(trainer.evaluateTest().loss(), o.finalTestLoss(), 0);
                assertEquals(trainer.evaluateTest().accuracy(), o.finalTestAccuracy(), 0);
                assertFalse(run.diverged());
                test[k] = o.finalTestLoss();
                train[k] = o.finalTrainLoss();
                accuracy[k] = o.finalTestAccuracy();
            }
            // the summaries: the middle of three, the smallest, the largest
            assertEquals(middle(test[0], test[1], test[2]), row.testLoss().median(), 0);
            assertEquals(Math.min(test[0], Math.min(test[1], test[2])), row.testLoss().min(), 0);
            assertEquals(Math.max(test[0], Math.max(test[1], test[2])), row.testLoss().max(), 0);
            assertEquals(middle(train[0], train[1], train[2]), row.trainLoss().median(), 0);
            assertEquals(middle(accuracy[0], accuracy[1], accuracy[2]), row.testAccuracy().median(), 0);
            assertEquals(3, row.testAccuracy().count());
            assertEquals(0, row.diverged());
        }
    }

    @Test
    void varyingOnlyTheWeightsKeepsTheConfigsDataAndNoise() throws InterruptedException {
        NoiseFeatureExperiment.Result result = NoiseFeatureExperiment.run(small(SeedVariation.WEIGHTS), 1, null);
        NoiseFeatureExperiment.Row row = result.row(3);
        for (int k = 0; k < 3; k++) {
            assertEquals(5, row.runs().get(k).dataSeed(), "every run sees seed 5's points and noise");
            // the same run as SeedMinima's of the config with 3 noise features
            SeedMinima.Run minima = SeedMinima.runOne(new SeedMinima.Spec(W1_SMALL.withNoiseFeatures(3), 3, EPOCHS,
                    SeedVariation.WEIGHTS), 5 + k);
            assertArrayEquals(SeedMinimaTest.bits(minima.parameters()), SeedMinimaTest.bits(row.runs().get(k).parameters()));
        }
        // the first seed is the config's own: exactly the plain experiment with 3 noise features
        Trainer plain = Experiment.build(W1_SMALL.withNoiseFeatures(3)).trainer();
        plain.trainEpochs(EPOCHS);
        assertArrayEquals(SeedMinimaTest.bits(plain.network().parameters()),
                SeedMinimaTest.bits(row.runs().get(0).parameters()));
    }

    @Test
    void theResultDoesNotDependOnTheThreadsAndSteppingGivesTheSame() throws InterruptedException {
        NoiseFeatureExperiment.Spec spec = small(SeedVariation.WEIGHTS_AND_DATA);
        String one = NoiseFeatureExperiment.run(spec, 1, null).toJson();
        assertEquals(one, NoiseFeatureExperiment.run(spec, 3, null).toJson());
        assertEquals(one, NoiseFeatureExperiment.run(spec, 9, null).toJson(), "more threads than runs");
        SteppedJob<NoiseFeatureExperiment.Result> stepped = NoiseFeatureExperiment.stepped(spec);
        double progress = 0;
        int steps = 0;
        while (!stepped.step()) {
            assertTrue(stepped.progress() >= progress, "progress never goes back");
            progress = stepped.progress();
            steps++;
        }
        assertEquals(1.0, stepped.progress(), 0);
        // a step builds a run or trains it an epoch: 9 runs × (1 + 25 epochs), the last step included
        assertEquals(9 * (1 + EPOCHS), steps + 1);
        assertEquals(one, stepped.result().toJson());
    }

    @Test
    void theJsonAndCsvCarryEveryRowAndRun() throws Exception {
        NoiseFeatureExperiment.Result result = NoiseFeatureExperiment.run(small(SeedVariation.WEIGHTS_AND_DATA), 2, null);
        JsonNode json = JsonFields.MAPPER.readTree(result.toJson());
        assertEquals("[0,3,12]", json.get("noise").get("noiseFeatures").toString());
        assertEquals("all", json.get("noise").get("vary").textValue());
        assertEquals(0, json.get("noise").get("config").get("noiseFeatures").intValue());
        JsonNode row = json.get("rows").get(1);
        assertEquals(3, row.get("noiseFeatures").intValue());
        assertEquals(result.row(3).testLoss().median(), row.get("testLoss").get("median").doubleValue(), 0);
        assertEquals(result.row(3).testAccuracy().median(), row.get("testAccuracy").get("median").doubleValue(), 0);
        assertEquals(result.row(3).trainLoss().median(), row.get("trainLoss").get("median").doubleValue(), 0);
        assertEquals(3, row.get("runs").size());
        assertEquals(6, row.get("runs").get(1).get("seed").intValue());
        List<String> csv = result.toCsv().lines().toList();
        assertEquals(NoiseFeatureExperiment.Result.CSV_HEADER, csv.get(0));
        assertEquals(1 + 9, csv.size());
        assertTrue(csv.get(4).startsWith("3,5,5,"), csv.get(4));
        assertTrue(csv.get(9).startsWith("12,7,7,"), csv.get(9));
    }

    @Test
    void anEmptyRequestIsTheExperimentOfTheDimensionsPage() {
        NoiseFeatureExperiment.Spec spec = NoiseFeatureExperiment.parse("{}", NetworkLimits.DEFAULT);
        assertEquals(ExperimentConfig.defaults(), spec.config());
        assertEquals(List.of(0, 2, 10, 50), spec.noiseFeatures());
        assertEquals(10, spec.seeds());
        assertEquals(300, spec.epochs());
        assertEquals(SeedVariation.WEIGHTS_AND_DATA, spec.variation());
        assertEquals(40, spec.runCount());
        assertEquals(spec, NoiseFeatureExperiment.parse(JsonFields.write(spec.toJsonTree()), NetworkLimits.DEFAULT),
                "the spec's JSON reads back as itself");
        // the config's own noiseFeatures is replaced by each d
        NoiseFeatureExperiment.Spec withNoise = NoiseFeatureExperiment.parse(
                "{\"config\": {\"noiseFeatures\": 7}, \"noiseFeatures\": [1, 4]}", NetworkLimits.DEFAULT);
        assertEquals(0, withNoise.config().noiseFeatures());
        assertEquals(4, withNoise.minima(4).config().noiseFeatures());
    }

    @Test
    void theWorkIsCountedAsTheServerCountsItsJobs() {
        // W1 with d noise inputs: (2 + d)·4 + 4 weights and biases into the first layer, 4·2 + 2 into
        // the second, 2 + 1 into the output: 25 + 4d parameters; 250 training points
        NoiseFeatureExperiment.Spec spec = NoiseFeatureExperiment.Spec.defaults(ExperimentConfig.defaults());
        double parameters = (25 + 0) + (25 + 8) + (25 + 40) + (25 + 200);
        assertEquals(3.0 * 10 * 300 * 250 * parameters, spec.work(), 1e-6);
        assertEquals(7.83e8, spec.work(), 1e-6);
        assertEquals(spec, spec.requireWithin(10, 300, 7.83e8), "exactly at every limit is allowed");
        ConfigException seeds = assertThrows(ConfigException.class, () -> spec.requireWithin(9, 300, 1e12));
        assertEquals("seeds", seeds.field());
        assertEquals("seeds must be at most 9 on this shared server, got 10; run `layerlab noise` on your own"
                + " machine for more", seeds.getMessage());
        ConfigException epochs = assertThrows(ConfigException.class, () -> spec.requireWithin(50, 299, 1e12));
        assertEquals("epochs", epochs.field());
        assertEquals("epochs must be at most 299 on this shared server, got 300; run `layerlab noise` on your own"
                + " machine for more", epochs.getMessage());
        ConfigException work = assertThrows(ConfigException.class, () -> spec.requireWithin(50, 5000, 7.82e8));
        assertEquals("seeds", work.field());
        assertTrue(work.getMessage().startsWith("this experiment is too large for the shared server: about 7.8e+08"
                + " multiply-adds"), work.getMessage());
        assertTrue(work.getMessage().contains("at most 7.8e+08 allowed"), work.getMessage());
    }

    @Test
    void everyBadFieldIsNamedWithItsRange() {
        assertRefused("{\"noiseFeatures\": []}", "noiseFeatures",
                "noiseFeatures must list at least one number of noise features, e.g. [0, 2, 10, 50]");
        assertRefused("{\"noiseFeatures\": [0, 51]}", "noiseFeatures[1]", "noiseFeatures[1] must be in [0, 50], got 51");
        assertRefused("{\"noiseFeatures\": [-1]}", "noiseFeatures[0]", "noiseFeatures[0] must be in [0, 50], got -1");
        assertRefused("{\"noiseFeatures\": [0, 2.5]}", "noiseFeatures[1]",
                "noiseFeatures[1] must be a whole number, got 2.5");
        assertRefused("{\"noiseFeatures\": [0, 10, 2]}", "noiseFeatures[2]",
                "noiseFeatures must be strictly increasing (each d once, smallest first): noiseFeatures[2] is 2 after 10");
        assertRefused("{\"noiseFeatures\": [4, 4]}", "noiseFeatures[1]",
                "noiseFeatures must be strictly increasing (each d once, smallest first): noiseFeatures[1] is 4 after 4");
        assertRefused("{\"noiseFeatures\": 10}", "noiseFeatures", "noiseFeatures must be an array [...], got 10");
        assertRefused("{\"seeds\": 0}", "seeds", "seeds must be in [1, 1000], got 0");
        assertRefused("{\"epochs\": 1000001}", "epochs", "epochs must be in [1, 1000000], got 1000001");
        assertRefused("{\"vary\": \"data\"}", "vary", "vary must be \"weights\" (seeds change the initial weights"
                + " only) or \"all\" (seeds change the data and the initial weights), got \"data\"");
        assertRefused("{\"noise\": [0, 2]}", "noise",
                "unknown field noise; allowed: config, noiseFeatures, seeds, epochs, vary");
        assertRefused("{\"config\": {\"training\": {\"learningRate\": 20}}}", "config.training.learningRate",
                "config.training.learningRate must be in (0, 10], got 20");
        assertRefused("{\"config\": {\"seed\": 9007199254740991}, \"seeds\": 2}", "seeds",
                "config.seed + seeds - 1 must be at most 9007199254740991");
        ConfigException custom = assertThrows(ConfigException.class, () -> new NoiseFeatureExperiment.Spec(
                W1_SMALL.withData(W1_SMALL.data().withDataset(ExperimentConfig.DataConfig.CUSTOM)), List.of(0), 1, 1,
                SeedVariation.WEIGHTS));
        assertEquals("config.data.dataset", custom.field());
        // within a server's limits: with 2 features and at most 10 inputs, d = 9 does not fit
        ConfigException inputs = assertThrows(ConfigException.class, () -> NoiseFeatureExperiment.parse(
                "{\"noiseFeatures\": [0, 8, 9]}", new NetworkLimits(10, 64, 10, 16)));
        assertEquals("noiseFeatures[2]", inputs.field());
        assertEquals("noiseFeatures[2] must be at most 8 with 2 features: the inputs (features + noiseFeatures) must be"
                + " at most 10 (limit maxInputs), got 2 + 9", inputs.getMessage());
        ConfigException malformed = assertThrows(ConfigException.class, () -> NoiseFeatureExperiment.parse(
                "{\"seeds\": 3,", NetworkLimits.DEFAULT));
        assertEquals("", malformed.field());
        assertTrue(malformed.getMessage().startsWith("malformed JSON in the noise-feature request"),
                malformed.getMessage());
    }
}
