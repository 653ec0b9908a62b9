package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerlab.data.Feature;
import org.layerlab.data.Shuffle;
import org.layerlab.data.Task;
import org.layerlab.engine.Initialization;
import org.layerlab.engine.Loss;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.engine.OptimizerSpec;
import org.layerlab.engine.Regularization;

class ExperimentConfigTest {

    @Test
    void defaultsAreTensorFlowPlaygroundsOpeningPage() {
        ExperimentConfig config = ExperimentConfig.defaults();
        assertEquals("circle", config.data().dataset());
        assertEquals(500, config.data().samples());
        assertEquals(0.0, config.data().noise());
        assertEquals(0.5, config.data().trainFraction());
        assertEquals(Shuffle.ONCE, config.data().shuffle());
        assertEquals(List.of(Feature.X1, Feature.X2), config.features());
        assertEquals(List.of(4, 2), config.network().hidden());
        assertEquals("tanh", config.network().activation());
        assertEquals("tanh", config.network().outputFor(Task.CLASSIFICATION));
        assertEquals(Loss.SQUARED_ERROR, config.network().lossFor(Task.CLASSIFICATION));
        assertEquals(Initialization.Kind.PLAYGROUND, config.network().init());
        assertEquals(0.03, config.training().learningRate());
        assertEquals(10, config.training().batchSize());
        assertEquals(Regularization.NONE, config.training().regularization());
        assertEquals(0.0, config.training().regularizationRate());
        assertEquals(OptimizerSpec.Kind.SGD, config.training().optimizer());
        // An empty document means the same thing.
        assertEquals(config, ExperimentConfig.fromJson("{}"));
        assertEquals(config, ExperimentConfig.fromJson("{\"data\": {}, \"network\": {}, \"training\": {}}"));
    }

    @Test
    void outputAndLossDefaultByTheTask() {
        ExperimentConfig.NetworkConfig network = ExperimentConfig.NetworkConfig.defaults();
        assertEquals("softmax", network.outputFor(Task.multiclass(3)));
        assertEquals(Loss.CROSS_ENTROPY, network.lossFor(Task.multiclass(3)));
        assertEquals("linear", network.outputFor(Task.REGRESSION));
        assertEquals(Loss.SQUARED_ERROR, network.lossFor(Task.REGRESSION));
        // An explicit sigmoid keeps TF's squared error unless bce is asked for.
        ExperimentConfig.NetworkConfig sigmoid = network.withOutput("sigmoid", null);
        assertEquals(Loss.SQUARED_ERROR, sigmoid.lossFor(Task.CLASSIFICATION));
    }

    @Test
    void regressionDataDefaultsToTfsTwelveHundredPoints() {
        assertEquals(1200, ExperimentConfig.fromJson("{\"data\": {\"dataset\": \"plane\"}}").data().samples());
        assertEquals(300, ExperimentConfig.fromJson("{\"data\": {\"dataset\": \"plane\", \"samples\": 300}}")
                .data().samples());
    }

    @Test
    void defaultsRoundTrip() {
        ExperimentConfig config = ExperimentConfig.defaults();
        assertEquals(config, ExperimentConfig.fromJson(config.toJson()));
    }

    @Test
    void everyFieldRoundTrips() {
        String json = "{\"seed\": 9007199254740991,"
                + " \"data\": {\"dataset\": \"spiral3\", \"samples\": 777, \"noise\": 12.5, \"trainFraction\": 0.7,"
                + "   \"shuffle\": \"every-epoch\"},"
                + " \"features\": [\"sinx2\", \"x1\", \"x1x2\"],"
                + " \"network\": {\"hidden\": [8, 3, 5], \"activation\": \"relu\","
                + "   \"activations\": [\"leakyrelu\", \"elu\", \"sine\"], \"leakySlope\": 0.01, \"eluAlpha\": 0.3,"
                + "   \"output\": \"sigmoid\", \"loss\": \"bce\", \"init\": \"identical\", \"initConstant\": -0.25},"
                + " \"training\": {\"learningRate\": 0.1234567890123, \"batchSize\": 17, \"regularization\": \"l1\","
                + "   \"regularizationRate\": 0.003, \"optimizer\": \"adam\", \"momentum\": 0.5, \"beta1\": 0.8,"
                + "   \"beta2\": 0.99}}";
        ExperimentConfig config = ExperimentConfig.fromJson(json);
        assertEquals(9007199254740991L, config.seed());
        assertEquals(List.of("leakyrelu", "elu", "sine"), config.network().activations());
        assertEquals(0.1234567890123, config.training().learningRate());
        ExperimentConfig again = ExperimentConfig.fromJson(config.toJson());
        assertEquals(config, again);
        assertEquals(config.toJson(), again.toJson());
    }

    @Test
    void idsAreStoredInTheirCanonicalSpelling() {
        ExperimentConfig config = ExperimentConfig.fromJson(
                "{\"network\": {\"activation\": \"LeakyReLU\", \"output\": \"Sigmoid\", \"loss\": \"BCE\"}}");
        assertEquals("leakyrelu", config.network().activation());
        assertEquals("sigmoid", config.network().output());
        assertEquals(config, ExperimentConfig.fromJson(config.toJson()));
    }

    @Test
    void absentOrNullOutputStaysChosenByTheTask() {
        ExperimentConfig config = ExperimentConfig.fromJson("{\"network\": {\"output\": null}}");
        assertNull(config.network().output());
        assertTrue(!config.toJson().contains("\"output\""));
    }

    static Stream<Arguments> invalidFields() {
        return Stream.of(
                Arguments.of("{\"training\": {\"learningRate\": 25}}", "training.learningRate",
                        "training.learningRate must be in (0, 10], got 25"),
                Arguments.of("{\"training\": {\"learningRate\": 0}}", "training.learningRate",
                        "training.learningRate must be in (0, 10], got 0"),
                Arguments.of("{\"training\": {\"learningRate\": \"fast\"}}", "training.learningRate",
                        "training.learningRate must be a number, got \"fast\""),
                Arguments.of("{\"training\": {\"batchSize\": 0}}", "training.batchSize",
                        "training.batchSize must be in [1, 1000], got 0"),
                Arguments.of("{\"training\": {\"batchSize\": 10.5}}", "training.batchSize",
                        "training.batchSize must be a whole number, got 10.5"),
                Arguments.of("{\"training\": {\"regularization\": \"l3\"}}", "training.regularization",
                        "training.regularization must be one of none, l1, l2; got \"l3\""),
                Arguments.of("{\"training\": {\"regularizationRate\": -1}}", "training.regularizationRate",
                        "training.regularizationRate must be in [0, 10], got -1"),
                Arguments.of("{\"training\": {\"optimizer\": \"rmsprop\"}}", "training.optimizer",
                        "training.optimizer must be one of sgd, momentum, adam; got \"rmsprop\""),
                Arguments.of("{\"training\": {\"momentum\": 1}}", "training.momentum",
                        "training.momentum must be in [0, 1), got 1"),
                Arguments.of("{\"training\": {\"beta2\": 1.5}}", "training.beta2",
                        "training.beta2 must be in [0, 1), got 1.5"),
                Arguments.of("{\"seed\": -1}", "seed", "seed must be in [0, 9007199254740991], got -1"),
                Arguments.of("{\"seed\": 1.5}", "seed", "seed must be a whole number, got 1.5"),
                Arguments.of("{\"data\": {\"dataset\": \"circel\"}}", "data.dataset",
                        "data.dataset must be one of circle, xor, gauss, spiral, plane, multigauss, moons,"
                                + " checkerboard, spiral3, custom; got \"circel\""),
                Arguments.of("{\"data\": {\"samples\": 5}}", "data.samples",
                        "data.samples must be in [10, 5000], got 5"),
                Arguments.of("{\"data\": {\"samples\": 100000}}", "data.samples",
                        "data.samples must be in [10, 5000], got 100000"),
                Arguments.of("{\"data\": {\"noise\": 60}}", "data.noise", "data.noise must be in [0, 50], got 60"),
                Arguments.of("{\"data\": {\"trainFraction\": 0}}", "data.trainFraction",
                        "data.trainFraction must be in [0.05, 1], got 0"),
                Arguments.of("{\"data\": {\"shuffle\": \"always\"}}", "data.shuffle",
                        "data.shuffle must be one of once, every-epoch, never; got \"always\""),
                Arguments.of("{\"data\": 5}", "data", "data must be an object {...}, got 5"),
                Arguments.of("{\"features\": []}", "features",
                        "features must name at least one input feature; allowed: x1, x2, x1sq, x2sq, x1x2,"
                                + " sinx1, sinx2"),
                Arguments.of("{\"features\": [\"x1\", \"x1\"]}", "features[1]",
                        "features[1] repeats \"x1\"; each feature may be used once"),
                Arguments.of("{\"features\": [\"x1\", \"x3\"]}", "features[1]",
                        "features[1] must be one of x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2; got \"x3\""),
                Arguments.of("{\"network\": {\"hidden\": [4, 0]}}", "network.hidden[1]",
                        "network.hidden[1] must be at least 1 neuron, got 0"),
                Arguments.of("{\"network\": {\"hidden\": 4}}", "network.hidden",
                        "network.hidden must be an array [...], got 4"),
                Arguments.of("{\"network\": {\"activation\": \"swish\"}}", "network.activation",
                        "network.activation must be one of sigmoid, tanh, relu, leakyrelu, linear, elu, softplus,"
                                + " sine, softmax; got \"swish\""),
                Arguments.of("{\"network\": {\"activation\": \"softmax\"}}", "network.activation",
                        "network.activation must not be softmax: softmax is only allowed as network.output"),
                Arguments.of("{\"network\": {\"activations\": [\"relu\"]}}", "network.activations",
                        "network.activations has 1 entries, expected 2 (one per hidden layer in network.hidden)"),
                Arguments.of("{\"network\": {\"leakySlope\": 1.5}}", "network.leakySlope",
                        "network.leakySlope must be in [0, 1), got 1.5"),
                Arguments.of("{\"network\": {\"eluAlpha\": 0}}", "network.eluAlpha",
                        "network.eluAlpha must be in (0, 10], got 0"),
                Arguments.of("{\"network\": {\"output\": \"softmax\"}}", "network.output",
                        "network.output softmax needs data with 3 or more classes, but dataset circle is a"
                                + " classification task with one output; use tanh, sigmoid or linear"),
                Arguments.of("{\"network\": {\"loss\": \"crossentropy\"}}", "network.loss",
                        "network.loss crossentropy needs network.output softmax, got tanh; use squared, or bce"
                                + " with a sigmoid output"),
                Arguments.of("{\"network\": {\"loss\": \"bce\"}}", "network.loss",
                        "network.loss bce needs network.output sigmoid, got tanh"),
                Arguments.of("{\"data\": {\"dataset\": \"plane\"}, \"network\": {\"output\": \"sigmoid\","
                        + " \"loss\": \"bce\"}}", "network.loss",
                        "network.loss bce needs class labels, but dataset plane is a regression task; use squared"),
                Arguments.of("{\"network\": {\"init\": \"random\"}}", "network.init",
                        "network.init must be one of playground, xavier, he, zero, identical; got \"random\""),
                Arguments.of("{\"network\": {\"initConstant\": 11}}", "network.initConstant",
                        "network.initConstant must be in [-10, 10], got 11"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidFields")
    void invalidValueIsRejectedNamingTheFieldAndTheValue(String json, String field, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson(json));
        assertEquals(message, e.getMessage());
        assertEquals(field, e.field());
    }

    @Test
    void unknownFieldIsNamedWithItsPath() {
        ConfigException nested = assertThrows(ConfigException.class,
                () -> ExperimentConfig.fromJson("{\"network\": {\"hiddne\": [4]}}"));
        assertEquals("network.hiddne", nested.field());
        assertEquals("unknown field network.hiddne; allowed in network: hidden, activation, activations,"
                + " leakySlope, eluAlpha, output, loss, init, initConstant", nested.getMessage());

        ConfigException top = assertThrows(ConfigException.class,
                () -> ExperimentConfig.fromJson("{\"sed\": 3}"));
        assertEquals("sed", top.field());
        assertTrue(top.getMessage().startsWith("unknown field sed; allowed: seed, data, features, noiseFeatures,"
                + " network, training"), top.getMessage());
    }

    @Test
    void malformedJsonGivesLineAndColumn() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ExperimentConfig.fromJson("{\n  \"seed\": 1,\n  \"data\": {\"noise\": 5,}\n}"));
        assertTrue(e.getMessage().startsWith("malformed JSON in the config at line 3, column "), e.getMessage());

        ConfigException unclosed = assertThrows(ConfigException.class,
                () -> ExperimentConfig.fromJson("{\"seed\": 1"));
        assertTrue(unclosed.getMessage().contains("line 1, column"), unclosed.getMessage());

        ConfigException duplicate = assertThrows(ConfigException.class,
                () -> ExperimentConfig.fromJson("{\"seed\": 1, \"seed\": 2}"));
        assertTrue(duplicate.getMessage().contains("Duplicate field 'seed'"), duplicate.getMessage());

        ConfigException trailing = assertThrows(ConfigException.class,
                () -> ExperimentConfig.fromJson("{} {}"));
        assertTrue(trailing.getMessage().startsWith("malformed JSON"), trailing.getMessage());

        assertEquals("the config must be a JSON object {...}, got an array",
                assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson("[1,2]")).getMessage());
        assertEquals("the config is empty; expected a JSON object",
                assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson("  ")).getMessage());
    }

    @Test
    void exceedingALimitNamesTheLimit() {
        ConfigException layers = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson(
                "{\"network\": {\"hidden\": [1,1,1,1,1,1,1,1,1,1,1,1]}}"));
        assertEquals("network.hidden must have at most 10 layers (limit maxHiddenLayers), got 12",
                layers.getMessage());

        ConfigException neurons = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson(
                "{\"network\": {\"hidden\": [4, 100]}}"));
        assertEquals("network.hidden[1] must be at most 64 neurons (limit maxNeuronsPerLayer), got 100",
                neurons.getMessage());
        assertEquals("network.hidden[1]", neurons.field());

        NetworkLimits small = new NetworkLimits(2, 8, 2, 16);
        ConfigException inputs = assertThrows(ConfigException.class, () -> ExperimentConfig.fromJson(
                "{\"features\": [\"x1\", \"x2\", \"x1x2\"]}", small));
        assertEquals("features must have at most 2 entries (limit maxInputs), got 3", inputs.getMessage());

        // The same limits apply to a config built in code.
        ExperimentConfig wide = ExperimentConfig.defaults().withNetwork(
                ExperimentConfig.NetworkConfig.defaults().withHidden(List.of(9)));
        ConfigException programmatic = assertThrows(ConfigException.class, () -> wide.requireWithin(small));
        assertTrue(programmatic.getMessage().contains("maxNeuronsPerLayer"), programmatic.getMessage());
    }

    @Test
    void recordsValidateWhenBuiltInCodeToo() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ExperimentConfig.TrainingConfig.defaults().withLearningRate(25));
        assertEquals("training.learningRate must be in (0, 10], got 25", e.getMessage());
        assertThrows(ConfigException.class, () -> ExperimentConfig.defaults().withFeatures(List.of()));
    }

    /** The examples in docs/config.md are part of the contract: each one must parse. */
    @Test
    void everyJsonExampleInTheDocsParses() throws IOException {
        Path doc = Path.of("docs/config.md");
        String text = Files.readString(doc);
        Matcher blocks = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(text);
        List<String> configs = new ArrayList<>();
        while (blocks.find()) {
            String block = blocks.group(1);
            if (!block.contains("\"layerlab-model\"")) {
                configs.add(block);
            } else {
                ModelFile.fromJson(block);
            }
        }
        assertTrue(configs.size() >= 2, "docs/config.md should show W1 and W2");
        ExperimentConfig w1 = ExperimentConfig.fromJson(configs.get(0));
        assertEquals(ExperimentConfig.defaults(),
                w1.withNetwork(w1.network().withOutput(null, null)), "the first example is W1, the defaults");
        ExperimentConfig w2 = ExperimentConfig.fromJson(configs.get(1));
        assertEquals("spiral", w2.data().dataset());
        assertEquals(7, w2.features().size());
        assertEquals(List.of(8, 8, 8, 8, 8, 8), w2.network().hidden());
        assertEquals("relu", w2.network().activation());
        assertEquals("tanh", w2.network().outputFor(Task.CLASSIFICATION));
        for (String block : configs) {
            ExperimentConfig.fromJson(block);
        }
    }

    @Test
    void whichChangesANetworkCanTakeWithoutStartingAgain() {
        ExperimentConfig w1 = ExperimentConfig.defaults();
        ExperimentConfig faster = w1.withTraining(w1.training().withLearningRate(0.3));
        ExperimentConfig leaky = w1.withNetwork(w1.network().withActivation("leakyrelu"));
        ExperimentConfig wider = w1.withNetwork(w1.network().withHidden(java.util.List.of(5, 2)));
        ExperimentConfig adam = w1.withTraining(w1.training().withOptimizer(
                org.layerlab.engine.OptimizerSpec.Kind.ADAM));

        assertTrue(w1.differsOnlyInLiveSettings(faster));
        assertFalse(w1.differsOnlyInLiveSettings(leaky));
        assertFalse(w1.differsOnlyInLiveSettings(adam), "another optimizer has other state");
        assertTrue(w1.differsOnlyInHiddenActivations(leaky));
        assertTrue(w1.differsOnlyInHiddenActivations(leaky.withTraining(faster.training())));
        assertFalse(w1.differsOnlyInHiddenActivations(wider), "other shapes: other weights");
        assertFalse(w1.differsOnlyInHiddenActivations(faster), "nothing about activations changed");
        assertFalse(w1.differsOnlyInHiddenActivations(leaky.withSeed(7)));
    }
}
