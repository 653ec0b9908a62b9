package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.layerlab.training.ExperimentTest.bits;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.layerlab.data.Feature;
import org.layerlab.engine.Activation;
import org.layerlab.engine.Loss;
import org.layerlab.engine.Network;
import org.layerlab.engine.NetworkSpec;
import org.layerlab.engine.Rng;

class ModelFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** 2 inputs → 4 leaky ReLU → 5 ELU → 3 softmax outputs: every activation parameter is exercised. */
    private static NetworkSpec mixedSpec() {
        return new NetworkSpec(2, List.of(4, 5), List.of(new Activation.LeakyRelu(0.03), new Activation.Elu(0.7)),
                3, new Activation.Softmax(), Loss.CROSS_ENTROPY);
    }

    @Test
    void awkwardDoublesRoundTripBitForBit() {
        Network network = new Network(mixedSpec());
        double[] params = network.parameters();
        double[] awkward = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
            0.1 + 0.2, 1.0 / 3, Math.PI, Math.nextUp(1.0), Math.nextDown(1.0), 1e-300, 123456789.123456789,
            2.2250738585072009E-308, 9007199254740993.0, 5e-324 * 3};
        Rng rng = new Rng(99);
        for (int p = 0; p < params.length; p++) {
            if (p < awkward.length) {
                params[p] = awkward[p];
            } else {
                // Random bit patterns: every exponent and mantissa, skipping NaN and infinities.
                double value;
                do {
                    value = Double.longBitsToDouble(rng.nextLong());
                } while (!Double.isFinite(value));
                params[p] = value;
            }
        }
        ModelFile file = ModelFile.of(network, List.of(Feature.X1, Feature.SIN_X2));
        ModelFile back = ModelFile.fromJson(file.toJson());
        assertArrayEquals(bits(file.parameters()), bits(back.parameters()));
        assertEquals(file.spec(), back.spec());
        assertEquals(file.features(), back.features());
        assertEquals(file, back);
        assertEquals(file.toJson(), back.toJson());
    }

    @Test
    void trainedNetworkRoundTripsAndRebuildsTheSameNetwork() {
        Experiment experiment = Experiment.build(ExperimentConfig.defaults().withSeed(4));
        experiment.trainer().trainEpochs(10);
        ModelFile file = experiment.toModelFile();
        Network rebuilt = ModelFile.fromJson(file.toJson()).toNetwork();
        assertArrayEquals(bits(experiment.network().parameters()), bits(rebuilt.parameters()));
        assertEquals(experiment.network().spec(), rebuilt.spec());
    }

    @Test
    void weightsAreWrittenAsRowsPerNeuron() throws Exception {
        Network network = new Network(NetworkSpec.of(2, new int[] {3}, new Activation.Tanh(), 1,
                new Activation.Tanh(), Loss.SQUARED_ERROR));
        network.setWeight(1, 2, 1, 7.5); // into neuron 2 of layer 1, from input 1
        network.setBias(1, 2, -3.25);
        ObjectNode root = (ObjectNode) JSON.readTree(ModelFile.of(network, List.of(Feature.X1, Feature.X2)).toJson());
        assertEquals(7.5, root.at("/layers/0/weights/2/1").doubleValue());
        assertEquals(-3.25, root.at("/layers/0/biases/2").doubleValue());
        assertEquals(3, root.at("/layers/0/weights").size());
        assertEquals(2, root.at("/layers/0/weights/0").size());
        assertEquals("[2,3,1]", root.get("layerSizes").toString());
    }

    /** A valid file for 2 → 4 → 5 → 3 (see {@link #mixedSpec}), edited by {@code edit}, then read. */
    private static ConfigException rejected(Consumer<ObjectNode> edit) throws Exception {
        ModelFile file = ModelFile.of(new Network(mixedSpec()), List.of(Feature.X1, Feature.X2));
        ObjectNode root = (ObjectNode) JSON.readTree(file.toJson());
        edit.accept(root);
        String text = JSON.writeValueAsString(root);
        return assertThrows(ConfigException.class, () -> ModelFile.fromJson(text));
    }

    private static ObjectNode layer(ObjectNode root, int k) {
        return (ObjectNode) root.get("layers").get(k);
    }

    @Test
    void aWeightRowOfTheWrongLengthIsNamed() throws Exception {
        ConfigException e = rejected(root -> ((ArrayNode) layer(root, 1).get("weights").get(3)).remove(0));
        assertEquals("layers[1].weights[3] has 3 values, expected 4 (one per neuron of the layer before:"
                + " layerSizes[1])", e.getMessage());
        assertEquals("layers[1].weights[3]", e.field());
    }

    @Test
    void aMissingNeuronRowIsNamed() throws Exception {
        ConfigException e = rejected(root -> ((ArrayNode) layer(root, 0).get("weights")).remove(3));
        assertEquals("layers[0].weights has 3 rows, expected 4 (one per neuron: layerSizes[1])", e.getMessage());
    }

    @Test
    void theWrongNumberOfBiasesIsNamed() throws Exception {
        ConfigException e = rejected(root -> ((ArrayNode) layer(root, 2).get("biases")).add(0.5));
        assertEquals("layers[2].biases has 4 values, expected 3 (one per neuron: layerSizes[3])", e.getMessage());
    }

    @Test
    void layersMustMatchLayerSizes() throws Exception {
        ConfigException e = rejected(root -> ((ArrayNode) root.get("layers")).remove(2));
        assertEquals("layers has 2 entries, expected 3 (layerSizes has 4 entries: inputs, then one per layer)",
                e.getMessage());
        ConfigException features = rejected(root -> ((ArrayNode) root.get("features")).add("x1sq"));
        assertEquals("features has 3 entries, expected 2 (layerSizes[0], the number of inputs)",
                features.getMessage());
    }

    @Test
    void nanAndInfinityAreRefused() throws Exception {
        ConfigException nan = rejected(root -> ((ArrayNode) layer(root, 0).get("biases")).set(2, "NaN"));
        assertEquals("layers[0].biases[2] must be a number, got \"NaN\"", nan.getMessage());
        // 1e999 is valid JSON but overflows a double to infinity.
        ModelFile file = ModelFile.of(new Network(mixedSpec()), List.of(Feature.X1, Feature.X2));
        String text = file.toJson().replaceFirst("\"biases\": \\[ 0\\.0", "\"biases\": [ 1e999");
        assertTrue(text.contains("1e999"), "the edit must have happened");
        ConfigException infinite = assertThrows(ConfigException.class, () -> ModelFile.fromJson(text));
        assertEquals("layers[0].biases[0] must be a finite number, got Infinity (too large for a double)", infinite.getMessage());
    }

    @Test
    void activationsAndHeaderAreChecked() throws Exception {
        assertEquals("layers[0].activation must not be softmax: softmax is only allowed on the output layer"
                        + " (the last entry of layers)",
                rejected(root -> layer(root, 0).put("activation", "softmax")).getMessage());
        assertEquals("layers[0].leakySlope must be in [0, 1), got 2",
                rejected(root -> layer(root, 0).put("leakySlope", 2)).getMessage());
        assertEquals("unknown field layers[1].bias; allowed in layers[1]: activation, eluAlpha, weights, biases",
                rejected(root -> layer(root, 1).put("bias", 1)).getMessage());
        assertEquals("version must be 1 (the version this LayerLab reads), got 2",
                rejected(root -> root.put("version", 2)).getMessage());
        assertTrue(rejected(root -> root.put("format", "onnx")).getMessage()
                .startsWith("format must be \"layerlab-model\", got \"onnx\""));
        assertTrue(rejected(root -> root.put("loss", "squared")).getMessage()
                .startsWith("the model's network is not usable: a softmax output needs the crossentropy loss"));
        assertEquals("layers[0].weights has 4 rows, expected 50 (one per neuron: layerSizes[1])",
                rejected(root -> ((ArrayNode) root.get("layerSizes")).set(1, 50)).getMessage());
        assertEquals("layerSizes[1] must be at most 64 neurons (limit maxNeuronsPerLayer), got 100",
                rejected(root -> ((ArrayNode) root.get("layerSizes")).set(1, 100)).getMessage());
    }

    @Test
    void malformedJsonIsReportedWithItsPosition() {
        ConfigException e = assertThrows(ConfigException.class, () -> ModelFile.fromJson("{\"format\": }"));
        assertTrue(e.getMessage().startsWith("malformed JSON in the model file at line 1, column"), e.getMessage());
    }
}
