package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.data.Feature;
import org.layerlab.data.Point;
import org.layerlab.engine.NetworkLimits;

/** The config's noiseFeatures: validation, JSON, the samples it builds, model files. */
class NoiseFeaturesConfigTest {

    private static ConfigException refused(String json) {
        return assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson(json));
    }

    @Test
    void defaultsToNoneAndRoundTripsThroughJson() {
        assertEquals(0, ExperimentConfig.fromJson("{}").noiseFeatures());
        assertEquals(0, ExperimentConfig.defaults().noiseFeatures());
        ExperimentConfig config = ExperimentConfig.fromJson("{\"noiseFeatures\": 10}");
        assertEquals(10, config.noiseFeatures());
        assertEquals(12, config.inputCount());
        assertTrue(config.toJson().contains("\"noiseFeatures\" : 10") || config.toJson().contains("\"noiseFeatures\": 10"),
                config.toJson());
        assertEquals(config, ExperimentConfig.fromJson(config.toJson()));
        assertEquals(List.of("x1", "x2", "noise1", "noise2", "noise3"), config.withNoiseFeatures(3).inputIds());
        assertEquals(List.of("x1", "x2"), ExperimentConfig.defaults().inputIds());
        assertTrue(config.summary(org.layerlab.data.Dataset.CIRCLE.task()).contains("x1 x2 + 10 noise; network 12-4-2-1"),
                config.summary(org.layerlab.data.Dataset.CIRCLE.task()));
    }

    @Test
    void outOfRangeValuesAreNamedWithTheirRange() {
        ConfigException high = refused("{\"noiseFeatures\": 51}");
        assertEquals("noiseFeatures", high.field());
        assertEquals("noiseFeatures must be in [0, 50], got 51", high.getMessage());
        assertEquals("noiseFeatures must be in [0, 50], got -1", refused("{\"noiseFeatures\": -1}").getMessage());
        assertEquals("noiseFeatures", refused("{\"noiseFeatures\": 2.5}").field());
        assertEquals("noiseFeatures", refused("{\"noiseFeatures\": \"3\"}").field());
        ConfigException record = assertThrows(ConfigException.class,
                () -> ExperimentConfig.defaults().withNoiseFeatures(100));
        assertEquals("noiseFeatures must be in [0, 50], got 100", record.getMessage());
    }

    @Test
    void featuresAndNoiseTogetherMustFitTheServersInputLimit() {
        NetworkLimits limits = new NetworkLimits(10, 64, 10, 16);
        ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson(
                "{\"features\": [\"x1\", \"x2\", \"x1sq\"], \"noiseFeatures\": 8}", limits));
        assertEquals("noiseFeatures", e.field());
        assertEquals("noiseFeatures must be at most 7 with 3 features: the inputs (features + noiseFeatures) must be"
                + " at most 10 (limit maxInputs), got 3 + 8", e.getMessage());
        assertEquals(7, ExperimentConfig.fromJson("{\"features\": [\"x1\", \"x2\", \"x1sq\"], \"noiseFeatures\": 7}",
                limits).noiseFeatures());
        // the default limits take every feature and the most noise: 7 + 50 = 57 ≤ 64
        assertEquals(57, ExperimentConfig.defaults().withFeatures(List.of(Feature.values()))
                .withNoiseFeatures(ExperimentConfig.MAX_NOISE_FEATURES).requireWithin(NetworkLimits.DEFAULT).inputCount());
    }

    @Test
    void noiseInputsFollowTheFeaturesAndLeaveThePointsAsTheyWere() {
        ExperimentConfig plain = ExperimentConfig.defaults().withSeed(11);
        ExperimentConfig noisy = plain.withNoiseFeatures(3);
        Experiment a = Experiment.build(plain);
        Experiment b = Experiment.build(noisy);
        assertEquals(a.split(), b.split(), "the same points, in the same split and order");
        assertEquals(5, b.network().layerSize(0));
        assertEquals(5, b.trainSamples().inputWidth());
        for (Samples[] pair : new Samples[][] {{a.trainSamples(), b.trainSamples()}, {a.testSamples(), b.testSamples()}}) {
            Samples without = pair[0];
            Samples with = pair[1];
            assertEquals(without.count(), with.count());
            assertArrayEquals(without.targets(), with.targets());
            double[] in = with.inputs();
            for (int s = 0; s < with.count(); s++) {
                assertEquals(without.inputs()[2 * s], in[5 * s], "x1 unchanged");
                assertEquals(without.inputs()[2 * s + 1], in[5 * s + 1], "x2 unchanged");
                for (int k = 2; k < 5; k++) {
                    assertTrue(in[5 * s + k] >= -6 && in[5 * s + k] < 6, "noise in range");
                }
            }
        }
        // the noise is the NOISE stream's: training points first, then test points
        org.layerlab.engine.Rng noise = RandomStream.NOISE.from(11);
        double[] trainIn = b.trainSamples().inputs();
        for (int s = 0; s < b.trainSamples().count(); s++) {
            for (int k = 2; k < 5; k++) {
                assertEquals(noise.uniform(-6, 6), trainIn[5 * s + k]);
            }
        }
        double[] testIn = b.testSamples().inputs();
        assertEquals(noise.uniform(-6, 6), testIn[2]);
        // deterministic: the same config builds the same inputs
        assertArrayEquals(b.trainSamples().inputs(), Experiment.build(noisy).trainSamples().inputs());
        Point first = b.split().train().get(0);
        assertEquals(first.x(), trainIn[0]);
    }

    @Test
    void noiseFeaturesTrainDeterministically() {
        ExperimentConfig noisy = ExperimentConfig.defaults().withSeed(5).withNoiseFeatures(4);
        double[] first = ExperimentTest.trainedParameters(noisy, 10);
        assertArrayEquals(ExperimentTest.bits(first), ExperimentTest.bits(ExperimentTest.trainedParameters(noisy, 10)));
        // 4 more inputs: 4 more weights into each of the first layer's 4 neurons
        assertEquals(ExperimentTest.trainedParameters(noisy.withNoiseFeatures(0), 0).length + 16, first.length);
    }

    @Test
    void modelFilesCarryTheNoiseFeatures() {
        ExperimentConfig noisy = ExperimentConfig.defaults().withNoiseFeatures(3);
        Experiment experiment = Experiment.build(noisy);
        ModelFile model = experiment.toModelFile();
        assertEquals(3, model.noiseFeatures());
        String json = model.toJson();
        assertTrue(json.contains("\"noiseFeatures\""), json);
        ModelFile back = ModelFile.fromJson(json);
        assertEquals(model, back);
        assertArrayEquals(model.parameters(), Experiment.build(noisy).withInitialModel(back).network().parameters());
        // without noise the file has no such field: exactly the format it always was
        assertFalse(Experiment.build(ExperimentConfig.defaults()).toModelFile().toJson().contains("noiseFeatures"));
        ConfigException other = assertThrows(ConfigException.class,
                () -> Experiment.build(noisy.withNoiseFeatures(2).withFeatures(List.of(Feature.X1, Feature.X2,
                        Feature.X1_SQUARED))).withInitialModel(back));
        assertEquals("features", other.field());
        ConfigException wrongCount = assertThrows(ConfigException.class, () -> ModelFile.fromJson(
                json.replaceFirst("\"noiseFeatures\" ?: 3", "\"noiseFeatures\": 2")));
        assertEquals("features", wrongCount.field());
        assertEquals("features has 2 entries and noiseFeatures is 2, together 4; expected 5 (layerSizes[0], the"
                + " number of inputs)", wrongCount.getMessage());
    }

    @Test
    void aModelWithOtherNoiseIsRefusedNamingTheField() {
        ModelFile model = Experiment.build(ExperimentConfig.defaults().withNoiseFeatures(1)).toModelFile();
        // same input width (3) through a third feature instead of a noise input
        ConfigException e = assertThrows(ConfigException.class, () -> Experiment.build(ExperimentConfig.defaults()
                .withFeatures(List.of(Feature.X1, Feature.X2, Feature.X1_SQUARED))).withInitialModel(model));
        assertEquals("features", e.field());
        ModelFile sameFeatures = Experiment.build(ExperimentConfig.defaults().withNoiseFeatures(2)).toModelFile();
        ConfigException n = assertThrows(ConfigException.class,
                () -> Experiment.build(ExperimentConfig.defaults().withNoiseFeatures(1)).withInitialModel(sameFeatures));
        assertEquals("noiseFeatures", n.field());
        assertEquals("the model has 2 noise features but the config has 1", n.getMessage());
    }
}
