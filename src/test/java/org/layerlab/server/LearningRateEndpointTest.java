package org.layerlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.data.Feature;
import org.layerlab.engine.Activation;
import org.layerlab.engine.Loss;
import org.layerlab.engine.NetworkSpec;
import org.layerlab.insight.LossLandscape;
import org.layerlab.training.Experiment;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.ModelFile;
import org.layerlab.training.SeedVariation;
import org.layerlab.training.Trainer;

/** The learning-rate page and its job API over real HTTP: the core's results, and every refusal named. */
class LearningRateEndpointTest extends HttpEndpointTest {
    @Test
    void thePageIsServedWithTheMenuMarkingIt() throws Exception {
        HttpResponse<String> page = send("GET", "/learning-rate", null);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("/assets/js/lr.js"));
        assertTrue(page.body().contains("href=\"/learning-rate\" aria-current=\"page\""), "the menu marks this page");
    }

    @Test
    void everyBadFieldIsRefusedWithItsNameAndRange() throws Exception {
        assertRefused(400, "/api/lr/minima", "{\"seeds\": 0}", "seeds", "seeds must be in [1, 1000], got 0");
        assertRefused(400, "/api/lr/minima", "{\"seeds\": 60}", "seeds", "seeds must be at most 50 on this shared server");
        assertRefused(400, "/api/lr/minima", "{\"epochs\": 9000}", "epochs", "epochs must be at most 5000");
        assertRefused(400, "/api/lr/minima", "{\"config\": {\"training\": {\"learningRate\": 20}}}",
                "config.training.learningRate", "config.training.learningRate must be in (0, 10], got 20");
        assertRefused(400, "/api/lr/minima", "{\"seeds\": 3,", null, "malformed JSON in the minima request");
        assertRefused(400, "/api/lr/minima", "[1, 2]", null, "the minima request must be a JSON object");
        assertRefused(400, "/api/lr/sweep", "{\"minRate\": -1}", "minRate", "minRate must be in (0, 10], got -1");
        assertRefused(400, "/api/lr/sweep", "{\"perDecade\": 9}", "perDecade",
                "minRate to maxRate at perDecade 9 gives 46 rates; this server runs at most 41");
        assertRefused(400, "/api/lr/sweep", "{\"speed\": 1}", "speed", "unknown field speed");
        assertRefused(400, "/api/lr/landscape", "{\"resolution\": 40}", "resolution", "resolution must be odd");
        assertRefused(400, "/api/lr/landscape", "{\"radius\": 1000}", "radius", "radius must be in (0, 100], got 1000");
        assertRefused(400, "/api/lr/landscape", "{\"directions\": \"up\"}", "directions", "directions must be");
        assertRefused(413, "/api/lr/sweep", "{\"x\": \"" + "a".repeat(70_000) + "\"}", null,
                "The request has 70009 characters; at most 65536");
        HttpResponse<String> unknown = send("GET", "/api/lr/jobs/nope", null);
        assertEquals(404, unknown.statusCode());
        assertTrue(JSON.readTree(unknown.body()).get("error").textValue().startsWith("No such job"));
        assertEquals(404, send("DELETE", "/api/lr/jobs/nope", null).statusCode());
    }

    /** Polls the job until it is done (or failed), returning its last status. */
    private JsonNode awaitJob(JsonNode accepted) throws Exception {
        String id = accepted.get("id").textValue();
        JsonNode status = accepted;
        for (int i = 0; i < 1000 && !status.get("state").textValue().equals("done")
                && !status.get("state").textValue().equals("failed"); i++) {
            Thread.sleep(20);
            status = JSON.readTree(send("GET", "/api/lr/jobs/" + id, null).body());
        }
        return status;
    }

    /** W1 with 200 points, trained 12 epochs from seed 3 by the trainer itself: a playground's "current weights". */
    private static final ExperimentConfig PLAYGROUND = ExperimentConfig.fromJson("{\"seed\": 3, \"data\": {\"dataset\":"
            + " \"circle\", \"samples\": 200}, \"features\": [\"x1\", \"x2\"], \"network\": {\"hidden\": [4, 2],"
            + " \"activation\": \"tanh\"}, \"training\": {\"learningRate\": 0.1, \"batchSize\": 10}}");

    private static Trainer trainedPlayground() {
        Experiment experiment = Experiment.build(PLAYGROUND);
        Trainer trainer = experiment.trainer();
        trainer.trainEpochs(12);
        return trainer;
    }

    private static String request(String model, String more) {
        return "{\"config\": " + PLAYGROUND.toJson() + ", \"model\": " + model + more + "}";
    }

    @Test
    void aLandscapeAroundAModelIsTheCoresLandscapeFromThatModel() throws Exception {
        Trainer trainer = trainedPlayground();
        ModelFile model = ModelFile.of(trainer.network(), PLAYGROUND.features());

        // epochs absent: 0, the plane through the model's own weights
        HttpResponse<String> accepted = send("POST", "/api/lr/landscape", request(model.toJson(), ", \"resolution\": 9"));
        assertEquals(202, accepted.statusCode(), accepted.body());
        JsonNode status = awaitJob(JSON.readTree(accepted.body()));
        assertEquals("done", status.get("state").textValue(), status.toString());
        LossLandscape.Spec spec = new LossLandscape.Spec(PLAYGROUND, 3, SeedVariation.WEIGHTS, 0,
                LossLandscape.Directions.RANDOM, 1, 1, 9, LossLandscape.DEFAULT_PATH_POINTS);
        LossLandscape.Result core = LossLandscape.compute(spec, model, null);
        assertEquals(JSON.readTree(core.toJsonTree().toString()), status.get("result"));
        // ... and its centre is the trained network's own training loss, bit for bit
        double centre = trainer.evaluateTrain().loss();
        assertEquals(centre, core.centreLoss(), 0);
        assertEquals(centre, status.get("result").get("centreLoss").doubleValue(), 0);
        assertEquals(1, status.get("result").get("path").get("epochs").size(), "a path of one point: the model");

        // trained on 6 epochs from the model (its text, as a file reads), principal directions
        String text = JSON.writeValueAsString(model.toJson());
        accepted = send("POST", "/api/lr/landscape", request(text, ", \"epochs\": 6, \"directions\": \"pca\","
                + " \"resolution\": 7, \"pathPoints\": 4"));
        assertEquals(202, accepted.statusCode(), accepted.body());
        status = awaitJob(JSON.readTree(accepted.body()));
        assertEquals("done", status.get("state").textValue(), status.toString());
        core = LossLandscape.compute(new LossLandscape.Spec(PLAYGROUND, 3, SeedVariation.WEIGHTS, 6,
                LossLandscape.Directions.PCA, 1, 1, 7, 4), model, null);
        assertEquals(JSON.readTree(core.toJsonTree().toString()), status.get("result"));
        trainer.trainEpochs(6);
        assertEquals(trainer.evaluateTrain().loss(), status.get("result").get("centreLoss").doubleValue(), 0,
                "six more epochs of the same trainer end where the job's run ends");
    }

    @Test
    void aBadModelIsRefusedNamingModelAndWhatIsWrong() throws Exception {
        ModelFile model = ModelFile.of(trainedPlayground().network(), PLAYGROUND.features());
        String good = model.toJson();
        assertRefused(400, "/api/lr/landscape", request("5", ""), "model", "model must be a model file");
        assertRefused(400, "/api/lr/landscape", request("{\"format\": \"keras\"}", ""), "model.format",
                "model: the model file is not usable: format must be \"layerlab-model\", got \"keras\"");
        ObjectNode wrongRow = (ObjectNode) JSON.readTree(good);
        ((ArrayNode) wrongRow.get("layers").get(1).get("weights").get(1)).add(0.5);
        assertRefused(400, "/api/lr/landscape", request(wrongRow.toString(), ""), "model.layers[1].weights[1]",
                "model: the model file is not usable: layers[1].weights[1] has 5 values, expected 4");
        assertRefused(400, "/api/lr/landscape", request(JSON.writeValueAsString("{\"format\":"), ""), "model",
                "model: the model file is not usable: malformed JSON in the model file");
        // beyond the network limits: named with the limit, before any weight is read
        ObjectNode tooWide = (ObjectNode) JSON.readTree(good);
        ((ArrayNode) tooWide.get("layerSizes")).set(1, 65);
        assertRefused(400, "/api/lr/landscape", request(tooWide.toString(), ""), "model.layerSizes[1]",
                "model: the model file is not usable: layerSizes[1] must be at most 64 neurons (limit maxNeuronsPerLayer)");
        // a sound model of another network than the config's
        ModelFile other = ModelFile.of(Experiment.build(ExperimentConfig.fromJson("{\"network\": {\"hidden\": [3]}}"))
                .network(), PLAYGROUND.features());
        assertRefused(400, "/api/lr/landscape", request(other.toJson(), ""), "model",
                "model does not fit the config: the model's layer sizes [2, 3, 1] differ from the config's [2, 4, 2, 1]");
        // 0 epochs has no path, so no principal directions; epochs below 0 are out of range
        assertRefused(400, "/api/lr/landscape", request(good, ", \"directions\": \"pca\""), "directions",
                "directions \"pca\" needs a training path");
        assertRefused(400, "/api/lr/landscape", request(good, ", \"epochs\": -1"), "epochs",
                "epochs must be in [0, 1000000], got -1");
        // without a model a run must train: 0 epochs stays refused
        assertRefused(400, "/api/lr/landscape", "{\"epochs\": 0}", "epochs", "epochs must be in [1, 1000000], got 0");
        // the other jobs take no model
        assertRefused(400, "/api/lr/minima", "{\"model\": " + good + "}", "model", "unknown field model");
    }

    @Test
    void aLandscapeRequestHasRoomForTheLargestModelTheLimitsAllowAndNoMore() throws Exception {
        // the largest network NetworkLimits.DEFAULT allows: 64 inputs, 10 × 64 hidden, 16 outputs
        long parameters = 65L * 64 + 9 * 65L * 64 + 65L * 16;
        assertEquals(42_640, parameters);
        long cap = LossLandscape.maxRequestChars(NetworkLimits.DEFAULT);
        assertTrue(cap >= parameters * "-0.012345678901234567,".length() + 64 * 1024,
                "room for every weight at a double's longest plain form, and the rest of a request: " + cap);
        // such a model written out (compact, as the page sends it) with weights of a trained network's spread
        NetworkSpec largest = new NetworkSpec(64, java.util.Collections.nCopies(10, 64),
                java.util.Collections.nCopies(10, new Activation.Tanh()), 16, new Activation.Tanh(), Loss.SQUARED_ERROR);
        assertEquals(parameters, largest.parameterCount());
        double[] weights = new double[largest.parameterCount()];
        java.util.Random random = new java.util.Random(1);
        for (int k = 0; k < weights.length; k++) {
            weights[k] = random.nextGaussian() * Math.pow(10, -random.nextInt(6));
        }
        String written = JSON.readTree(new ModelFile(java.util.List.of(Feature.values()), largest, weights,
                64 - Feature.values().length).toJson()).toString();
        assertTrue(written.length() + 64 * 1024 < cap, written.length() + " characters of model, cap " + cap);
        // a body just over the cap is refused unread, naming the cap; one of 100,000 characters is read
        // (and refused for what it says, not for its length)
        assertRefused(413, "/api/lr/landscape", "{\"x\": \"" + "a".repeat((int) cap) + "\"}", null,
                "The landscape request has more than " + cap + " characters");
        assertRefused(400, "/api/lr/landscape", "{\"x\": \"" + "a".repeat(100_000) + "\"}", "x", "unknown field x;"
                + " allowed: config, model, seed");
    }

    @Test
    void aJobIsAcceptedAndItsResultIsTheCoresOwn() throws Exception {
        String request = "{\"config\": {\"data\": {\"samples\": 100}}, \"epochs\": 10, \"resolution\": 7,"
                + " \"pathPoints\": 4}";
        HttpResponse<String> accepted = send("POST", "/api/lr/landscape", request);
        assertEquals(202, accepted.statusCode(), accepted.body());
        JsonNode job = JSON.readTree(accepted.body());
        String id = job.get("id").textValue();
        assertEquals("landscape", job.get("kind").textValue());
        JsonNode status = job;
        for (int i = 0; i < 500 && !status.get("state").textValue().equals("done"); i++) {
            Thread.sleep(20);
            status = JSON.readTree(send("GET", "/api/lr/jobs/" + id, null).body());
        }
        assertEquals("done", status.get("state").textValue(), status.toString());
        LossLandscape.Result core = LossLandscape.compute(LossLandscape.parse(request, NetworkLimits.DEFAULT), null);
        assertEquals(JSON.readTree(core.toJsonTree().toString()), status.get("result"));

        HttpResponse<String> cancelled = send("DELETE", "/api/lr/jobs/" + id, null);
        assertEquals(200, cancelled.statusCode());
        assertEquals("done", JSON.readTree(send("GET", "/api/lr/jobs/" + id, null).body()).get("state").textValue(),
                "cancelling a finished job changes nothing");
    }
}
