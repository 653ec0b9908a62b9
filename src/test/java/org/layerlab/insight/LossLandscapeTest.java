package org.layerlab.insight;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.layerlab.engine.Network;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.engine.Rng;
import org.layerlab.training.ConfigException;
import org.layerlab.training.Experiment;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.ModelFile;
import org.layerlab.training.SeedVariation;
import org.layerlab.training.SteppedJob;
import org.layerlab.training.Trainer;

class LossLandscapeTest {

    /** W1 with 200 points, seed 4's initial weights on seed 1's data, 40 epochs at η = 0.1. */
    private static final String REQUEST = "{\"config\": {\"data\": {\"samples\": 200}, \"training\": {\"learningRate\": 0.1}},"
            + " \"seed\": 4, \"epochs\": 40, \"directionSeed\": 9, \"radius\": 0.8, \"resolution\": 11, \"pathPoints\": 9}";

    private static LossLandscape.Spec spec(String json) {
        return LossLandscape.parse(json, NetworkLimits.DEFAULT);
    }

    /** The run trained independently of LossLandscape: seed 4's weights, the config's data, 40 epochs. */
    private static Trainer trainedRun(LossLandscape.Spec spec) {
        double[] initial = Experiment.build(spec.config().withSeed(spec.seed())).network().parameters().clone();
        Experiment experiment = Experiment.build(spec.config());
        experiment.network().setParameters(initial);
        Trainer trainer = experiment.trainer();
        trainer.trainEpochs(spec.epochs());
        return trainer;
    }

    @Test
    void theCentreIsTheTrainedNetworksTrainingLossAndAGridPointIsTheLossAtThetaPlusAlphaDeltaPlusBetaEta() {
        LossLandscape.Spec spec = spec(REQUEST);
        LossLandscape.Result result = LossLandscape.compute(spec, null);
        Trainer trainer = trainedRun(spec);
        double centre = trainer.evaluateTrain().loss();
        assertEquals(centre, result.centreLoss(), 0);
        assertEquals(centre, result.loss(5, 5), 0);
        assertEquals(centre, result.outcome().finalTrainLoss(), 0);

        // by hand: the two directions from the direction seed, in the documented order, then one grid
        // point's parameters set on the network and evaluated
        Network network = trainer.network();
        double[] theta = network.parameters().clone();
        Rng rng = new Rng(9);
        double[] delta = PlaneDirections.filterNormalized(network, theta, rng);
        double[] eta = PlaneDirections.filterNormalized(network, theta, rng);
        assertEquals(-0.8, result.alphas()[0], 0);
        assertEquals(0.0, result.alphas()[5], 0);
        assertEquals(0.16, result.alphas()[6], 1e-15);
        int i = 2;
        int j = 8;
        double alpha = 0.8 * (2 * i - 10) / 10.0; // −0.48
        double beta = 0.8 * (2 * j - 10) / 10.0; // 0.48
        double[] point = new double[theta.length];
        for (int k = 0; k < theta.length; k++) {
            point[k] = theta[k] + alpha * delta[k] + beta * eta[k];
        }
        network.setParameters(point);
        double byHand = trainer.evaluateTrain().loss();
        assertEquals(byHand, result.loss(i, j), 1e-15);
        assertTrue(byHand > centre, "moving half a weight-length off the trained weights costs loss");
        assertEquals(11 * 11, result.losses().length);
    }

    @Test
    void thePathStartsAtEpochZeroEndsAtTheCentreAndIsRecordedEveryFewEpochs() {
        LossLandscape.Result result = LossLandscape.compute(spec(REQUEST), null);
        // 40 epochs in at most 9 points: every 5 epochs, plus epoch 0
        assertArrayEquals(new int[] {0, 5, 10, 15, 20, 25, 30, 35, 40}, result.pathEpochs());
        int last = result.pathEpochs().length - 1;
        assertEquals(0, result.path().alpha()[last], 0);
        assertEquals(0, result.path().beta()[last], 0);
        double fraction = result.path().residualFraction();
        assertTrue(fraction > 0 && fraction < 1, "a random plane holds part of the path: " + fraction);
        assertEquals(null, result.shares());
    }

    @Test
    void principalDirectionsHoldWhatTheirSharesSay() {
        LossLandscape.Result result = LossLandscape.compute(spec(REQUEST.replace("\"directionSeed\": 9",
                "\"directions\": \"pca\"")), null);
        double[] shares = result.shares();
        assertEquals(shares[0] + shares[1], 1 - result.path().residualFraction(), 1e-9);
        assertTrue(shares[0] > 0.5, "training moves mostly along one direction: " + shares[0]);
        assertEquals(0, result.cosine(), 1e-9);
        LossLandscape.Result random = LossLandscape.compute(spec(REQUEST), null);
        assertTrue(result.path().residualFraction() < random.path().residualFraction());
        assertEquals(random.centreLoss(), result.centreLoss(), 0, "the same run, the same centre");
    }

    @Test
    void steppingGivesTheSameLandscape() {
        LossLandscape.Spec spec = spec(REQUEST);
        LossLandscape.Result a = LossLandscape.compute(spec, null);
        LossLandscape.Result b = SteppedJob.runToEnd(LossLandscape.stepped(spec));
        assertEquals(a.toJsonTree().toString(), b.toJsonTree().toString());
    }

    @Test
    void aRunThatDivergesHasNoLandscape() {
        ConfigException e = assertThrows(ConfigException.class, () -> LossLandscape.compute(spec(
                "{\"config\": {\"data\": {\"dataset\": \"plane\"}, \"training\": {\"learningRate\": 3}}, \"epochs\": 50}"),
                null));
        assertEquals("seed", e.field());
        assertTrue(e.getMessage().startsWith("this run diverged at epoch "), e.getMessage());
    }

    @Test
    void aRequestIsReadWithDefaultsAndEveryBadFieldIsNamed() {
        LossLandscape.Spec defaults = spec("{}");
        assertEquals(ExperimentConfig.defaults(), defaults.config());
        assertEquals(1, defaults.seed());
        assertEquals(SeedVariation.WEIGHTS, defaults.variation());
        assertEquals(LossLandscape.Directions.RANDOM, defaults.directions());
        assertEquals(41, defaults.resolution());
        assertEquals(1, defaults.radius(), 0);
        assertEquals(7, spec("{\"config\": {\"seed\": 7}}").seed(), "the run's seed defaults to the config's");
        assertField("resolution", "resolution must be odd", "{\"resolution\": 40}");
        assertField("resolution", "resolution must be in [5, 201], got 301", "{\"resolution\": 301}");
        assertField("radius", "radius must be in (0, 100], got 0", "{\"radius\": 0}");
        assertField("radius", "radius must be a number, got \"1\"", "{\"radius\": \"1\"}");
        assertField("directions", "directions must be \"random\"", "{\"directions\": \"pca2\"}");
        assertField("pathPoints", "pathPoints must be in [2, 300], got 1", "{\"pathPoints\": 1}");
        assertField("seed", "seed must be a whole number, got 1.5", "{\"seed\": 1.5}");
        assertField("config.network.hidden[0]", "config: network.hidden[0]", "{\"config\": {\"network\": {\"hidden\": [0]}}}");
        assertField("grid", "unknown field grid", "{\"grid\": 3}");
        assertField("", "malformed JSON", "{\"radius\": }");
    }

    private static void assertField(String field, String messageStart, String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> spec(json));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }
    @Test
    void aRequestFromAModelReadsItAndRefusesOneThatDoesNotFitNamingModel() {
        LossLandscape.Spec spec = spec(REQUEST);
        Trainer trained = trainedRun(spec);
        ModelFile model = ModelFile.of(trained.network(), spec.config().features());
        // read from JSON: the same spec (epochs given) and the very model
        LossLandscape.Request read = LossLandscape.parseRequest(REQUEST.substring(0, REQUEST.length() - 1)
                + ", \"model\": " + model.toJson() + "}", NetworkLimits.DEFAULT);
        assertEquals(spec, read.spec());
        assertEquals(model, read.model());
        // 0 epochs from the model: the plane through it, centred on its own training loss
        LossLandscape.Request around = LossLandscape.parseRequest("{\"config\": " + spec.config().toJson()
                + ", \"seed\": 4, \"resolution\": 5, \"model\": " + model.toJson() + "}", NetworkLimits.DEFAULT);
        assertEquals(0, around.spec().epochs());
        SteppedJob<LossLandscape.Result> job = around.stepped();
        while (!job.step()) {
            // steps until done
        }
        assertEquals(trained.evaluateTrain().loss(), job.result().centreLoss(), 0);
        // a model of another architecture is refused by the record itself
        ModelFile other = ModelFile.of(Experiment.build(ExperimentConfig.fromJson("{\"network\": {\"hidden\": [3]}}"))
                .network(), spec.config().features());
        ConfigException e = assertThrows(ConfigException.class, () -> new LossLandscape.Request(spec, other));
        assertEquals("model", e.field());
        assertTrue(e.getMessage().startsWith("model does not fit the config: the model's layer sizes [2, 3, 1]"),
                e.getMessage());
        // parse (no model) still refuses the field
        ConfigException unknown = assertThrows(ConfigException.class, () -> spec("{\"model\": " + model.toJson() + "}"));
        assertEquals("model", unknown.field());
        assertTrue(unknown.getMessage().startsWith("unknown field model"), unknown.getMessage());
    }
}
