package org.layerlab.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.layerlab.data.Feature;
import org.layerlab.engine.Activation;
import org.layerlab.engine.Loss;
import org.layerlab.engine.Network;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.engine.NetworkSpec;

/**
 * A trained network as a readable JSON file: its input features, its architecture and every
 * weight and bias, laid out as a textbook writes them. Layer {@code layers[k]} is the weight layer
 * from layer k to layer k + 1 (the last is the output layer); {@code weights[j][i]} is the weight
 * from neuron i of the layer before into neuron j, {@code biases[j]} neuron j's bias.
 *
 * <pre>{@code
 * { "format": "layerlab-model", "version": 1,
 *   "features": ["x1", "x2"], "layerSizes": [2, 4, 2, 1], "loss": "squared",
 *   "layers": [ { "activation": "tanh", "weights": [[w00, w01], ...], "biases": [b0, ...] }, ... ] }
 * }</pre>
 *
 * <p>Numbers are written with as many digits as it takes to read back the very same double, so
 * export then import gives bit-identical parameters.
 *
 * @param features      the inputs, in order (one per neuron of layer 0, before the noise inputs)
 * @param spec          the architecture, loss included
 * @param parameters    every weight and bias in {@link Network#parameters()}'s layout
 * @param noiseFeatures how many noise inputs follow the features (the config's {@code noiseFeatures})
 */
public record ModelFile(List<Feature> features, NetworkSpec spec, double[] parameters, int noiseFeatures) {

    public static final String FORMAT = "layerlab-model";
    public static final int VERSION = 1;

    public ModelFile {
        features = List.copyOf(features);
        Objects.requireNonNull(spec, "spec");
        if (noiseFeatures < 0) {
            throw new IllegalArgumentException("noiseFeatures must not be negative, got " + noiseFeatures);
        }
        if (features.size() + noiseFeatures != spec.inputs()) {
            throw new IllegalArgumentException(features.size() + " features and " + noiseFeatures
                    + " noise features for a network with " + spec.inputs() + " inputs");
        }
        if (parameters.length != spec.parameterCount()) {
            throw new IllegalArgumentException(parameters.length + " parameters for a network with "
                    + spec.parameterCount());
        }
        parameters = parameters.clone();
    }

    /** A model without noise inputs. */
    public ModelFile(List<Feature> features, NetworkSpec spec, double[] parameters) {
        this(features, spec, parameters, 0);
    }

    /** A snapshot of {@code network}'s current weights and biases. */
    public static ModelFile of(Network network, List<Feature> features) {
        return of(network, features, 0);
    }

    /** A snapshot of {@code network}'s weights and biases; its inputs are the features, then the noise. */
    public static ModelFile of(Network network, List<Feature> features, int noiseFeatures) {
        return new ModelFile(features, network.spec(), network.parameters(), noiseFeatures);
    }

    /** A copy of the parameters (the record stays immutable). */
    @Override
    public double[] parameters() {
        return parameters.clone();
    }

    /** A new network with this file's architecture and parameters. */
    public Network toNetwork() {
        Network network = new Network(spec);
        network.setParameters(parameters);
        return network;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelFile that && features.equals(that.features) && spec.equals(that.spec)
                && Arrays.equals(parameters, that.parameters) && noiseFeatures == that.noiseFeatures;
    }

    @Override
    public int hashCode() {
        return Objects.hash(features, spec, Arrays.hashCode(parameters), noiseFeatures);
    }

    @Override
    public String toString() {
        return "ModelFile[" + features + (noiseFeatures > 0 ? " + " + noiseFeatures + " noise" : "") + ", "
                + Arrays.toString(spec.layerSizes()) + ", " + parameters.length + " parameters]";
    }

    // ------------------------------------------------------------------ writing

    public String toJson() {
        ObjectNode root = JsonFields.newObject();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ArrayNode featureIds = root.putArray("features");
        features.forEach(f -> featureIds.add(f.id()));
        if (noiseFeatures > 0) {
            // Only when there are any: a model without noise inputs reads as it always did.
            root.put("noiseFeatures", noiseFeatures);
        }
        int[] sizes = spec.layerSizes();
        ArrayNode sizeArray = root.putArray("layerSizes");
        for (int size : sizes) {
            sizeArray.add(size);
        }
        root.put("loss", spec.loss().id());
        // Offsets as Network lays parameters out: per layer, its weights row by row, then its biases.
        ArrayNode layers = root.putArray("layers");
        int offset = 0;
        for (int l = 1; l < sizes.length; l++) {
            ObjectNode layer = layers.addObject();
            writeActivation(layer, spec.activation(l));
            ArrayNode weights = layer.putArray("weights");
            for (int j = 0; j < sizes[l]; j++) {
                ArrayNode row = weights.addArray();
                for (int i = 0; i < sizes[l - 1]; i++) {
                    row.add(parameters[offset++]);
                }
            }
            ArrayNode biases = layer.putArray("biases");
            for (int j = 0; j < sizes[l]; j++) {
                biases.add(parameters[offset++]);
            }
        }
        return JsonFields.write(root);
    }

    private static void writeActivation(ObjectNode layer, Activation activation) {
        layer.put("activation", activation.id());
        if (activation instanceof Activation.LeakyRelu leaky) {
            layer.put("leakySlope", leaky.slope());
        } else if (activation instanceof Activation.Elu elu) {
            layer.put("eluAlpha", elu.alpha());
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ reading

    public static ModelFile read(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    public static ModelFile fromJson(String json) {
        return fromJson(json, NetworkLimits.DEFAULT);
    }

    /**
     * Reads a model file, checking every shape against {@code layerSizes}.
     *
     * @throws ConfigException naming the offending place, e.g. {@code layers[1].weights[3] has 3
     *                         values, expected 4}
     */
    public static ModelFile fromJson(String json, NetworkLimits limits) {
        JsonFields root = JsonFields.parseObject(json, "model file");
        String format = root.text("format", null);
        if (!FORMAT.equals(format)) {
            throw new ConfigException("format", "format must be \"" + FORMAT + "\", got "
                    + (format == null ? "nothing" : "\"" + format + "\"") + ": this is not a LayerLab model file");
        }
        long version = root.integer("version", -1);
        if (version != VERSION) {
            throw new ConfigException("version", "version must be " + VERSION + " (the version this LayerLab"
                    + " reads), got " + (version == -1 ? "nothing" : version));
        }
        List<Feature> features = readFeatures(root);
        int noiseFeatures = (int) Bounds.integer("noiseFeatures", root.integer("noiseFeatures", 0), 0,
                ExperimentConfig.MAX_NOISE_FEATURES);
        int[] sizes = readLayerSizes(root);
        requireWithin(sizes, limits);
        if (features.size() + noiseFeatures != sizes[0]) {
            throw new ConfigException("features", noiseFeatures == 0
                    ? "features has " + features.size() + " entries, expected " + sizes[0]
                            + " (layerSizes[0], the number of inputs)"
                    : "features has " + features.size() + " entries and noiseFeatures is " + noiseFeatures
                            + ", together " + (features.size() + noiseFeatures) + "; expected " + sizes[0]
                            + " (layerSizes[0], the number of inputs)");
        }
        String lossId = root.text("loss", null);
        if (lossId == null) {
            throw new ConfigException("loss", "loss is missing; allowed: "
                    + ExperimentConfig.ids(Loss.values(), Loss::id));
        }
        Loss loss = ExperimentConfig.choice("loss", lossId, Loss::parse, ExperimentConfig.ids(Loss.values(), Loss::id));

        List<JsonNode> layerNodes = root.array("layers");
        if (layerNodes == null) {
            throw new ConfigException("layers", "layers is missing");
        }
        int layerCount = sizes.length - 1;
        if (layerNodes.size() != layerCount) {
            throw new ConfigException("layers", "layers has " + layerNodes.size() + " entries, expected "
                    + layerCount + " (layerSizes has " + sizes.length + " entries: inputs, then one per layer)");
        }
        root.rejectUnknownFields();

        List<Activation> activations = new ArrayList<>(layerCount);
        int parameterCount = 0;
        for (int l = 1; l < sizes.length; l++) {
            parameterCount += sizes[l] * sizes[l - 1] + sizes[l];
        }
        double[] parameters = new double[parameterCount];
        int offset = 0;
        for (int k = 0; k < layerCount; k++) {
            String layerPath = "layers[" + k + "]";
            JsonFields layer = JsonFields.objectAt(layerPath, layerNodes.get(k));
            activations.add(readActivation(layer, layerPath, k == layerCount - 1));
            int fanIn = sizes[k];
            int fanOut = sizes[k + 1];
            String weightsPath = layerPath + ".weights";
            List<JsonNode> rows = layer.array("weights");
            if (rows == null) {
                throw new ConfigException(weightsPath, weightsPath + " is missing");
            }
            if (rows.size() != fanOut) {
                throw new ConfigException(weightsPath, weightsPath + " has " + rows.size()
                        + " rows, expected " + fanOut + " (one per neuron: layerSizes[" + (k + 1) + "])");
            }
            for (int j = 0; j < fanOut; j++) {
                String rowPath = weightsPath + "[" + j + "]";
                List<JsonNode> row = JsonFields.arrayAt(rowPath, rows.get(j));
                if (row.size() != fanIn) {
                    throw new ConfigException(rowPath, rowPath + " has " + row.size() + " values, expected "
                            + fanIn + " (one per neuron of the layer before: layerSizes[" + k + "])");
                }
                for (int i = 0; i < fanIn; i++) {
                    parameters[offset++] = JsonFields.numberAt(rowPath + "[" + i + "]", row.get(i));
                }
            }
            String biasesPath = layerPath + ".biases";
            List<JsonNode> biases = layer.array("biases");
            if (biases == null) {
                throw new ConfigException(biasesPath, biasesPath + " is missing");
            }
            if (biases.size() != fanOut) {
                throw new ConfigException(biasesPath, biasesPath + " has " + biases.size()
                        + " values, expected " + fanOut + " (one per neuron: layerSizes[" + (k + 1) + "])");
            }
            for (int j = 0; j < fanOut; j++) {
                parameters[offset++] = JsonFields.numberAt(biasesPath + "[" + j + "]", biases.get(j));
            }
            layer.rejectUnknownFields();
        }

        List<Integer> hiddenSizes = new ArrayList<>();
        for (int l = 1; l < sizes.length - 1; l++) {
            hiddenSizes.add(sizes[l]);
        }
        NetworkSpec spec;
        try {
            spec = new NetworkSpec(sizes[0], hiddenSizes, activations.subList(0, layerCount - 1),
                    sizes[layerCount], activations.get(layerCount - 1), loss);
            spec.requireWithin(limits);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            // The engine's own check of output and loss pairing, or of the size limits.
            throw new ConfigException("layers", "the model's network is not usable: " + e.getMessage(), e);
        }
        return new ModelFile(features, spec, parameters, noiseFeatures);
    }

    private static List<Feature> readFeatures(JsonFields root) {
        List<JsonNode> nodes = root.array("features");
        if (nodes == null || nodes.isEmpty()) {
            throw new ConfigException("features", "features must list the model's input features, e.g. [\"x1\", \"x2\"]");
        }
        List<Feature> features = new ArrayList<>(nodes.size());
        Set<Feature> seen = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String path = "features[" + i + "]";
            Feature feature = ExperimentConfig.choice(path, JsonFields.textAt(path, nodes.get(i)), Feature::parse,
                    ExperimentConfig.ids(Feature.values(), Feature::id));
            if (!seen.add(feature)) {
                throw new ConfigException(path, path + " repeats \"" + feature.id() + "\"");
            }
            features.add(feature);
        }
        return features;
    }

    private static int[] readLayerSizes(JsonFields root) {
        List<JsonNode> nodes = root.array("layerSizes");
        if (nodes == null || nodes.size() < 2) {
            throw new ConfigException("layerSizes", "layerSizes must list the neurons of every layer, inputs"
                    + " first and outputs last, e.g. [2, 4, 2, 1]; got "
                    + (nodes == null ? "nothing" : nodes.size() + " entries"));
        }
        int[] sizes = new int[nodes.size()];
        for (int l = 0; l < sizes.length; l++) {
            String path = "layerSizes[" + l + "]";
            // Bounded here so that a typo cannot make the reader allocate gigabytes; the network
            // limits are checked afterwards with their own names.
            sizes[l] = (int) Bounds.integer(path, JsonFields.integerAt(path, nodes.get(l)), 1, 100_000);
        }
        return sizes;
    }

    /** The server's size limits, checked before any weight is read, with the limit's name. */
    private static void requireWithin(int[] sizes, NetworkLimits limits) {
        int hiddenLayers = sizes.length - 2;
        if (hiddenLayers > limits.maxHiddenLayers()) {
            throw new ConfigException("layerSizes", "layerSizes has " + hiddenLayers + " hidden layers; at most "
                    + limits.maxHiddenLayers() + " are allowed (limit maxHiddenLayers)");
        }
        if (sizes[0] > limits.maxInputs()) {
            throw new ConfigException("layerSizes[0]", "layerSizes[0] must be at most " + limits.maxInputs()
                    + " inputs (limit maxInputs), got " + sizes[0]);
        }
        for (int l = 1; l <= hiddenLayers; l++) {
            if (sizes[l] > limits.maxNeuronsPerLayer()) {
                String path = "layerSizes[" + l + "]";
                throw new ConfigException(path, path + " must be at most " + limits.maxNeuronsPerLayer()
                        + " neurons (limit maxNeuronsPerLayer), got " + sizes[l]);
            }
        }
        int last = sizes.length - 1;
        if (sizes[last] > limits.maxOutputs()) {
            String path = "layerSizes[" + last + "]";
            throw new ConfigException(path, path + " must be at most " + limits.maxOutputs()
                    + " outputs (limit maxOutputs), got " + sizes[last]);
        }
    }

    private static Activation readActivation(JsonFields layer, String layerPath, boolean isOutput) {
        String path = layerPath + ".activation";
        String id = layer.text("activation", null);
        if (id == null) {
            throw new ConfigException(path, path + " is missing; allowed: " + Activation.IDS);
        }
        Activation activation = ExperimentConfig.choice(path, id, Activation::parse, Activation.IDS);
        if (activation instanceof Activation.LeakyRelu) {
            double slope = Bounds.closedOpen(layerPath + ".leakySlope",
                    layer.number("leakySlope", Activation.LeakyRelu.DEFAULT_SLOPE), 0, 1);
            activation = new Activation.LeakyRelu(slope);
        } else if (activation instanceof Activation.Elu) {
            double alpha = Bounds.openClosed(layerPath + ".eluAlpha",
                    layer.number("eluAlpha", Activation.Elu.DEFAULT_ALPHA), 0, 10);
            activation = new Activation.Elu(alpha);
        }
        if (activation instanceof Activation.Softmax && !isOutput) {
            throw new ConfigException(path, path + " must not be softmax: softmax is only allowed on the"
                    + " output layer (the last entry of layers)");
        }
        return activation;
    }
}
