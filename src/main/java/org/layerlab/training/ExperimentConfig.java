package org.layerlab.training;

import static org.layerlab.training.JsonFields.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.layerlab.data.DataSplit;
import org.layerlab.data.Dataset;
import org.layerlab.data.Feature;
import org.layerlab.data.Problem;
import org.layerlab.data.Shuffle;
import org.layerlab.data.Task;
import org.layerlab.engine.Activation;
import org.layerlab.engine.Initialization;
import org.layerlab.engine.Loss;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.engine.NetworkSpec;
import org.layerlab.engine.OptimizerSpec;
import org.layerlab.engine.Regularization;

/**
 * The one document that describes an experiment: which points, which input features (and how many
 * inputs of pure noise follow them, {@code noiseFeatures}), which network, how it is trained, and
 * the seed everything random derives from. The URL, the lessons, the WebSocket {@code configure}
 * message, the command line and saved runs all carry this document (TensorFlow Playground's
 * state.ts plays the same role there). docs/config.md is its contract.
 *
 * <p>Every record validates in its constructor, so a config that exists is a config that can be
 * built — except for what depends on things outside it: the size limits of the server
 * ({@link #requireWithin(NetworkLimits)}) and, for {@code "custom"} data, the task the uploaded
 * labels pose ({@link NetworkConfig#requireFits(Task, String)}, checked by {@link Experiment}).
 *
 * <p>The defaults are TensorFlow Playground's opening page: circle data, 500 points, no noise,
 * half of them for training, inputs x1 and x2, two hidden layers of 4 and 2 tanh neurons, a tanh
 * output, squared error, learning rate 0.03, batch size 10.
 */
public record ExperimentConfig(long seed, DataConfig data, List<Feature> features, NetworkConfig network,
                               TrainingConfig training, int noiseFeatures) {

    /** The seed used when a config does not name one. */
    public static final long DEFAULT_SEED = 1;

    /** Seeds stay in [0, 2^53 − 1] so that a browser, whose numbers are doubles, keeps them exact. */
    public static final long MAX_SEED = JsonFields.MAX_SAFE_INTEGER;

    public static final List<Feature> DEFAULT_FEATURES = List.of(Feature.X1, Feature.X2);

    /**
     * The most noise features (inputs of pure noise after the chosen features): with all seven
     * features that is 57 inputs, within the default limit of 64; the diagram draws 50 inputs in
     * its compact form; and 50 is far past the point where a small network's test loss suffers
     * (docs/dimensions.md).
     */
    public static final int MAX_NOISE_FEATURES = 50;

    public ExperimentConfig {
        Bounds.integer("seed", seed, 0, MAX_SEED);
        Bounds.integer("noiseFeatures", noiseFeatures, 0, MAX_NOISE_FEATURES);
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(training, "training");
        features = checkFeatures(features);
        // With a built-in data set the task is known now, so output and loss can be checked now;
        // for uploaded points the Experiment checks them once it has read the labels.
        Optional<Dataset> builtIn = data.builtIn();
        if (builtIn.isPresent()) {
            network.requireFits(builtIn.get().task(), "dataset " + builtIn.get().id());
        }
    }

    private static List<Feature> checkFeatures(List<Feature> features) {
        Objects.requireNonNull(features, "features");
        if (features.isEmpty()) {
            throw new ConfigException("features", "features must name at least one input feature; allowed: "
                    + ids(Feature.values(), Feature::id));
        }
        Set<Feature> seen = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            Feature feature = Objects.requireNonNull(features.get(i), "features[" + i + "]");
            if (!seen.add(feature)) {
                String path = "features[" + i + "]";
                throw new ConfigException(path, path + " repeats \"" + feature.id()
                        + "\"; each feature may be used once");
            }
        }
        return List.copyOf(features);
    }

    /** A config without noise features. */
    public ExperimentConfig(long seed, DataConfig data, List<Feature> features, NetworkConfig network,
                            TrainingConfig training) {
        this(seed, data, features, network, training, 0);
    }

    /** TensorFlow Playground's opening page (see the class comment), seed {@value #DEFAULT_SEED}. */
    public static ExperimentConfig defaults() {
        return new ExperimentConfig(DEFAULT_SEED, DataConfig.defaults(), DEFAULT_FEATURES,
                NetworkConfig.defaults(), TrainingConfig.defaults());
    }

    public ExperimentConfig withSeed(long newSeed) {
        return new ExperimentConfig(newSeed, data, features, network, training, noiseFeatures);
    }

    public ExperimentConfig withData(DataConfig newData) {
        return new ExperimentConfig(seed, newData, features, network, training, noiseFeatures);
    }

    public ExperimentConfig withFeatures(List<Feature> newFeatures) {
        return new ExperimentConfig(seed, data, newFeatures, network, training, noiseFeatures);
    }

    public ExperimentConfig withNetwork(NetworkConfig newNetwork) {
        return new ExperimentConfig(seed, data, features, newNetwork, training, noiseFeatures);
    }

    public ExperimentConfig withTraining(TrainingConfig newTraining) {
        return new ExperimentConfig(seed, data, features, network, newTraining, noiseFeatures);
    }

    public ExperimentConfig withNoiseFeatures(int newNoiseFeatures) {
        return new ExperimentConfig(seed, data, features, network, training, newNoiseFeatures);
    }

    /** The network's input width: one input per feature, then one per noise feature. */
    public int inputCount() {
        return features.size() + noiseFeatures;
    }

    /**
     * One id per input neuron, in input order: the features' ids, then {@code noise1} …
     * {@code noise<d>} for the noise features.
     */
    public List<String> inputIds() {
        List<String> ids = new ArrayList<>(inputCount());
        features.forEach(f -> ids.add(f.id()));
        for (int k = 1; k <= noiseFeatures; k++) {
            ids.add("noise" + k);
        }
        return ids;
    }

    /**
     * True when {@code next} differs from this config only in what can change while a network
     * trains — learning rate, batch size, regularization and its rate — so the same network, and
     * the same optimizer, can simply go on.
     */
    public boolean differsOnlyInLiveSettings(ExperimentConfig next) {
        TrainingConfig a = training;
        TrainingConfig b = next.training;
        return withTraining(b).equals(next) && a.optimizer() == b.optimizer()
                && a.momentum() == b.momentum() && a.beta1() == b.beta1() && a.beta2() == b.beta2();
    }

    /**
     * True when only the hidden layers' activation functions (or their parameters) change, with
     * any live settings: every weight keeps its meaning, so a network may keep its weights.
     */
    public boolean differsOnlyInHiddenActivations(ExperimentConfig next) {
        NetworkConfig a = network;
        NetworkConfig b = next.network;
        NetworkConfig swapped = new NetworkConfig(a.hidden(), b.activation(), b.activations(), b.leakySlope(),
                b.eluAlpha(), a.output(), a.loss(), a.init(), a.initConstant());
        return !a.equals(b) && swapped.equals(b) && withNetwork(b).differsOnlyInLiveSettings(next);
    }

    /**
     * Throws, naming the field and the limit, if the network is larger than {@code limits} allow.
     * The limits belong to the server (a classroom shares two cores), not to the document.
     */
    public ExperimentConfig requireWithin(NetworkLimits limits) {
        Objects.requireNonNull(limits, "limits");
        if (features.size() > limits.maxInputs()) {
            throw new ConfigException("features", "features must have at most " + limits.maxInputs()
                    + " entries (limit maxInputs), got " + features.size());
        }
        if (inputCount() > limits.maxInputs()) {
            throw new ConfigException("noiseFeatures", "noiseFeatures must be at most "
                    + (limits.maxInputs() - features.size()) + " with " + features.size() + " features: the"
                    + " inputs (features + noiseFeatures) must be at most " + limits.maxInputs()
                    + " (limit maxInputs), got " + features.size() + " + " + noiseFeatures);
        }
        List<Integer> hidden = network.hidden();
        if (hidden.size() > limits.maxHiddenLayers()) {
            throw new ConfigException("network.hidden", "network.hidden must have at most "
                    + limits.maxHiddenLayers() + " layers (limit maxHiddenLayers), got " + hidden.size());
        }
        for (int l = 0; l < hidden.size(); l++) {
            NetworkConfig.checkLayerSize("network.hidden[" + l + "]", hidden.get(l), limits);
        }
        Optional<Dataset> builtIn = data.builtIn();
        if (builtIn.isPresent()) {
            requireOutputsWithin(builtIn.get().task(), limits);
        }
        return this;
    }

    /** Throws naming maxOutputs when the task needs more outputs than {@code limits} allow. */
    static void requireOutputsWithin(Task task, NetworkLimits limits) {
        if (task.outputCount() > limits.maxOutputs()) {
            throw new ConfigException("data", "the data has " + task.classCount() + " classes, needing "
                    + task.outputCount() + " outputs; at most " + limits.maxOutputs()
                    + " are allowed (limit maxOutputs)");
        }
    }

    // ------------------------------------------------------------------ JSON

    /** Parses a config; absent fields take their defaults; limits are {@link NetworkLimits#DEFAULT}. */
    public static ExperimentConfig fromJson(String json) {
        return fromJson(json, NetworkLimits.DEFAULT);
    }

    /**
     * Parses a config and checks it against {@code limits}.
     *
     * @throws ConfigException naming the field path, the value and what is allowed; for malformed
     *                         JSON, the line and column
     */
    public static ExperimentConfig fromJson(String json, NetworkLimits limits) {
        JsonFields root = JsonFields.parseObject(json, "config");
        long seed = root.integer("seed", DEFAULT_SEED);
        Bounds.integer("seed", seed, 0, MAX_SEED);
        DataConfig data = DataConfig.read(root.object("data"));
        List<Feature> features = readFeatures(root);
        long noiseFeatures = Bounds.integer("noiseFeatures", root.integer("noiseFeatures", 0), 0,
                MAX_NOISE_FEATURES);
        NetworkConfig network = NetworkConfig.read(root.object("network"), limits);
        TrainingConfig training = TrainingConfig.read(root.object("training"));
        root.rejectUnknownFields();
        return new ExperimentConfig(seed, data, features, network, training, (int) noiseFeatures)
                .requireWithin(limits);
    }

    private static List<Feature> readFeatures(JsonFields root) {
        List<JsonNode> elements = root.array("features");
        if (elements == null) {
            return DEFAULT_FEATURES;
        }
        List<Feature> features = new ArrayList<>(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            String path = "features[" + i + "]";
            features.add(choice(path, JsonFields.textAt(path, elements.get(i)), Feature::parse,
                    ids(Feature.values(), Feature::id)));
        }
        return features;
    }

    /** This config as JSON; {@link #fromJson} of it gives back an equal config. */
    public String toJson() {
        return JsonFields.write(toJsonTree());
    }

    /** This config as a Jackson tree, for documents that embed it (saved runs, messages). */
    public ObjectNode toJsonTree() {
        ObjectNode root = JsonFields.newObject();
        root.put("seed", seed);
        root.set("data", data.toJsonTree());
        ArrayNode featureIds = root.putArray("features");
        features.forEach(f -> featureIds.add(f.id()));
        root.put("noiseFeatures", noiseFeatures);
        root.set("network", network.toJsonTree());
        root.set("training", training.toJsonTree());
        return root;
    }

    /** Reads a config from a Jackson tree (the {@code configure} message embeds one). */
    public static ExperimentConfig fromJsonTree(JsonNode tree, NetworkLimits limits) {
        return fromJson(tree.toString(), limits);
    }

    // ------------------------------------------------------------------ shared parsing helpers

    /** Parses an id with {@code parser}, turning its error into one that names the field path. */
    static <T> T choice(String path, String id, Function<String, T> parser, String allowed) {
        try {
            return parser.apply(id);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, path + " must be one of " + allowed + "; got \"" + id + "\"");
        }
    }

    static <E> String ids(E[] values, Function<E, String> idOf) {
        StringBuilder text = new StringBuilder();
        for (E value : values) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(idOf.apply(value));
        }
        return text.toString();
    }

    // ================================================================== data

    /**
     * Where the points come from and how they are split and ordered.
     *
     * @param dataset       a built-in data set's id ({@link Dataset}) or {@value #CUSTOM} for uploaded points
     * @param samples       how many points to generate, in [{@value #MIN_SAMPLES}, {@value #MAX_SAMPLES}];
     *                      ignored for custom data
     * @param noise         TensorFlow Playground's noise in percent, [0, 50]; ignored for custom data
     * @param trainFraction the share of points used for training, [0.05, 1]; the rest test
     * @param shuffle       once (TF), every-epoch, or never
     */
    public record DataConfig(String dataset, int samples, double noise, double trainFraction, Shuffle shuffle) {

        public static final String CUSTOM = "custom";
        public static final int MIN_SAMPLES = 10;
        public static final int MAX_SAMPLES = 5000;
        public static final double MAX_NOISE_PERCENT = 50;
        public static final double DEFAULT_TRAIN_FRACTION = 0.5;

        public DataConfig {
            Objects.requireNonNull(dataset, "data.dataset");
            if (!dataset.equals(CUSTOM)) {
                dataset = choice("data.dataset", dataset, Dataset::parse, allowedDatasets()).id();
            }
            Bounds.integer("data.samples", samples, MIN_SAMPLES, MAX_SAMPLES);
            Bounds.closed("data.noise", noise, 0, MAX_NOISE_PERCENT);
            Bounds.closed("data.trainFraction", trainFraction, DataSplit.MIN_TRAIN_FRACTION,
                    DataSplit.MAX_TRAIN_FRACTION);
            Objects.requireNonNull(shuffle, "data.shuffle");
        }

        /** Circle, 500 points, no noise, half for training, shuffled once. */
        public static DataConfig defaults() {
            return new DataConfig(Dataset.CIRCLE.id(), Dataset.DEFAULT_CLASSIFICATION_COUNT, 0,
                    DEFAULT_TRAIN_FRACTION, Shuffle.ONCE);
        }

        /** A data set with its TF default count (500, or 1200 for regression), other fields kept. */
        public DataConfig withDataset(String newDataset) {
            int count = newDataset.equals(CUSTOM) ? samples
                    : choice("data.dataset", newDataset, Dataset::parse, allowedDatasets()).defaultCount();
            return new DataConfig(newDataset, count, noise, trainFraction, shuffle);
        }

        public DataConfig withSamples(int newSamples) {
            return new DataConfig(dataset, newSamples, noise, trainFraction, shuffle);
        }

        public DataConfig withNoise(double newNoise) {
            return new DataConfig(dataset, samples, newNoise, trainFraction, shuffle);
        }

        public DataConfig withTrainFraction(double newTrainFraction) {
            return new DataConfig(dataset, samples, noise, newTrainFraction, shuffle);
        }

        public DataConfig withShuffle(Shuffle newShuffle) {
            return new DataConfig(dataset, samples, noise, trainFraction, newShuffle);
        }

        public boolean isCustom() {
            return dataset.equals(CUSTOM);
        }

        /** The built-in data set, or empty for custom points. */
        public Optional<Dataset> builtIn() {
            return isCustom() ? Optional.empty() : Optional.of(Dataset.parse(dataset));
        }

        /** The noise as the generators take it: a fraction, 0..0.5. */
        public double noiseFraction() {
            return noise / 100;
        }

        static String allowedDatasets() {
            return ids(Dataset.values(), Dataset::id) + ", " + CUSTOM;
        }

        static DataConfig read(JsonFields fields) {
            String dataset = fields.text("dataset", Dataset.CIRCLE.id());
            if (!dataset.equals(CUSTOM)) {
                dataset = choice("data.dataset", dataset, Dataset::parse, allowedDatasets()).id();
            }
            // TF's count depends on the kind of data: 500 points to classify, 1200 to regress.
            int defaultSamples = dataset.equals(CUSTOM) ? Dataset.DEFAULT_CLASSIFICATION_COUNT
                    : Dataset.parse(dataset).defaultCount();
            long samples = Bounds.integer("data.samples", fields.integer("samples", defaultSamples),
                    MIN_SAMPLES, MAX_SAMPLES);
            double noise = fields.number("noise", 0);
            double trainFraction = fields.number("trainFraction", DEFAULT_TRAIN_FRACTION);
            Shuffle shuffle = choice("data.shuffle", fields.text("shuffle", Shuffle.ONCE.id()), Shuffle::parse,
                    ids(Shuffle.values(), Shuffle::id));
            fields.rejectUnknownFields();
            return new DataConfig(dataset, (int) samples, noise, trainFraction, shuffle);
        }

        ObjectNode toJsonTree() {
            ObjectNode node = JsonFields.newObject();
            node.put("dataset", dataset);
            node.put("samples", samples);
            node.put("noise", noise);
            node.put("trainFraction", trainFraction);
            node.put("shuffle", shuffle.id());
            return node;
        }
    }

    // ================================================================== network

    /**
     * The network's shape. The input layer has one neuron per feature; the output layer's width
     * comes from the task (one output, or one per class).
     *
     * @param hidden       neurons per hidden layer, first to last; may be empty
     * @param activation   the activation of every hidden layer (unless {@code activations} is given)
     * @param activations  one activation per hidden layer, overriding {@code activation}; null if absent
     * @param leakySlope   leaky ReLU's slope for x &lt; 0, [0, 1)
     * @param eluAlpha     ELU's α, (0, 10]
     * @param output       the output activation; null chooses by the task (see {@link #outputFor})
     * @param loss         the loss; null chooses by the output (see {@link #lossFor})
     * @param init         how the weights start
     * @param initConstant the value of every weight and bias under {@code init: identical}, [-10, 10]
     */
    public record NetworkConfig(List<Integer> hidden, String activation, List<String> activations,
                                double leakySlope, double eluAlpha, String output, Loss loss,
                                Initialization.Kind init, double initConstant) {

        public static final List<Integer> DEFAULT_HIDDEN = List.of(4, 2);
        public static final String DEFAULT_ACTIVATION = "tanh";

        public NetworkConfig {
            hidden = List.copyOf(Objects.requireNonNull(hidden, "network.hidden"));
            for (int l = 0; l < hidden.size(); l++) {
                if (hidden.get(l) < 1) {
                    String path = "network.hidden[" + l + "]";
                    throw new ConfigException(path, path + " must be at least 1 neuron, got " + hidden.get(l));
                }
            }
            Bounds.closedOpen("network.leakySlope", leakySlope, 0, 1);
            Bounds.openClosed("network.eluAlpha", eluAlpha, 0, 10);
            activation = hiddenActivationId("network.activation", activation);
            if (activations != null) {
                if (activations.size() != hidden.size()) {
                    throw new ConfigException("network.activations", "network.activations has "
                            + activations.size() + " entries, expected " + hidden.size()
                            + " (one per hidden layer in network.hidden)");
                }
                List<String> canonical = new ArrayList<>(activations.size());
                for (int l = 0; l < activations.size(); l++) {
                    canonical.add(hiddenActivationId("network.activations[" + l + "]", activations.get(l)));
                }
                activations = List.copyOf(canonical);
            }
            if (output != null) {
                output = activationId("network.output", output);
            }
            Objects.requireNonNull(init, "network.init");
            Bounds.closed("network.initConstant", initConstant, -10, 10);
        }

        /** Two hidden layers of 4 and 2 tanh neurons, output and loss by the task, TF's init. */
        public static NetworkConfig defaults() {
            return new NetworkConfig(DEFAULT_HIDDEN, DEFAULT_ACTIVATION, null, Activation.LeakyRelu.DEFAULT_SLOPE,
                    Activation.Elu.DEFAULT_ALPHA, null, null, Initialization.Kind.PLAYGROUND,
                    Initialization.DEFAULT_IDENTICAL_CONSTANT);
        }

        public NetworkConfig withHidden(List<Integer> newHidden) {
            return new NetworkConfig(newHidden, activation, null, leakySlope, eluAlpha, output, loss, init,
                    initConstant);
        }

        public NetworkConfig withActivation(String newActivation) {
            return new NetworkConfig(hidden, newActivation, null, leakySlope, eluAlpha, output, loss, init,
                    initConstant);
        }

        public NetworkConfig withActivations(List<String> newActivations) {
            return new NetworkConfig(hidden, activation, newActivations, leakySlope, eluAlpha, output, loss, init,
                    initConstant);
        }

        public NetworkConfig withOutput(String newOutput, Loss newLoss) {
            return new NetworkConfig(hidden, activation, activations, leakySlope, eluAlpha, newOutput, newLoss,
                    init, initConstant);
        }

        public NetworkConfig withInit(Initialization.Kind newInit, double newInitConstant) {
            return new NetworkConfig(hidden, activation, activations, leakySlope, eluAlpha, output, loss, newInit,
                    newInitConstant);
        }

        private static String activationId(String path, String id) {
            Objects.requireNonNull(id, path);
            return choice(path, id, Activation::parse, Activation.IDS).id();
        }

        private static String hiddenActivationId(String path, String id) {
            String canonical = activationId(path, id);
            if (canonical.equals("softmax")) {
                throw new ConfigException(path, path + " must not be softmax: softmax is only allowed as"
                        + " network.output");
            }
            return canonical;
        }

        static void checkLayerSize(String path, long size, NetworkLimits limits) {
            if (size < 1) {
                throw new ConfigException(path, path + " must be at least 1 neuron, got " + size);
            }
            if (size > limits.maxNeuronsPerLayer()) {
                throw new ConfigException(path, path + " must be at most " + limits.maxNeuronsPerLayer()
                        + " neurons (limit maxNeuronsPerLayer), got " + size);
            }
        }

        /** An activation with this config's parameters (leaky ReLU's slope, ELU's α). */
        public Activation activationOf(String id) {
            switch (id) {
                case "leakyrelu": return Activation.parse(id, leakySlope);
                case "elu": return Activation.parse(id, eluAlpha);
                default: return Activation.parse(id);
            }
        }

        /** The activation id of hidden layer {@code index} (0 = the first hidden layer). */
        public String hiddenActivationId(int index) {
            return activations != null ? activations.get(index) : activation;
        }

        public List<Activation> hiddenActivations() {
            List<Activation> result = new ArrayList<>(hidden.size());
            for (int l = 0; l < hidden.size(); l++) {
                result.add(activationOf(hiddenActivationId(l)));
            }
            return result;
        }

        /**
         * The output activation's id: as given, else TF's choice by the task — tanh to classify
         * (targets ±1), linear to regress; LayerLab adds softmax for three or more classes.
         */
        public String outputFor(Task task) {
            if (output != null) {
                return output;
            }
            switch (task.problem()) {
                case MULTICLASS: return "softmax";
                case REGRESSION: return "linear";
                default: return "tanh";
            }
        }

        /** The loss: as given, else TF's squared error — except crossentropy after a softmax. */
        public Loss lossFor(Task task) {
            if (loss != null) {
                return loss;
            }
            return outputFor(task).equals("softmax") ? Loss.CROSS_ENTROPY : Loss.SQUARED_ERROR;
        }

        /**
         * Throws, naming network.output or network.loss, if the output and loss do not suit the
         * task or each other.
         *
         * @param dataName how messages name the data, e.g. "dataset circle"
         */
        public void requireFits(Task task, String dataName) {
            String out = outputFor(task);
            Loss resolvedLoss = lossFor(task);
            if (out.equals("softmax") && task.problem() != Problem.MULTICLASS) {
                throw new ConfigException("network.output", "network.output softmax needs data with 3 or more"
                        + " classes, but " + dataName + " is a " + task.problem().id()
                        + " task with one output; use tanh, sigmoid or linear");
            }
            if (out.equals("softmax") && resolvedLoss != Loss.CROSS_ENTROPY) {
                throw new ConfigException("network.loss", "network.loss must be crossentropy with"
                        + " network.output softmax, got " + resolvedLoss.id() + " (or leave loss out)");
            }
            if (resolvedLoss == Loss.CROSS_ENTROPY && !out.equals("softmax")) {
                throw new ConfigException("network.loss", "network.loss crossentropy needs network.output"
                        + " softmax, got " + out + "; use squared, or bce with a sigmoid output");
            }
            if (resolvedLoss == Loss.BINARY_CROSS_ENTROPY && !out.equals("sigmoid")) {
                throw new ConfigException("network.loss", "network.loss bce needs network.output sigmoid, got "
                        + out);
            }
            if (resolvedLoss == Loss.BINARY_CROSS_ENTROPY && task.problem() == Problem.REGRESSION) {
                throw new ConfigException("network.loss", "network.loss bce needs class labels, but "
                        + dataName + " is a regression task; use squared");
            }
        }

        /** The engine's spec for {@code inputs} features and {@code task}'s outputs. */
        public NetworkSpec specFor(int inputs, Task task) {
            requireFits(task, "the data");
            return new NetworkSpec(inputs, hidden, hiddenActivations(), task.outputCount(),
                    activationOf(outputFor(task)), lossFor(task));
        }

        public Initialization initialization() {
            return new Initialization(init, initConstant);
        }

        static NetworkConfig read(JsonFields fields, NetworkLimits limits) {
            List<Integer> hidden = DEFAULT_HIDDEN;
            List<JsonNode> hiddenNodes = fields.array("hidden");
            if (hiddenNodes != null) {
                if (hiddenNodes.size() > limits.maxHiddenLayers()) {
                    throw new ConfigException("network.hidden", "network.hidden must have at most "
                            + limits.maxHiddenLayers() + " layers (limit maxHiddenLayers), got "
                            + hiddenNodes.size());
                }
                List<Integer> sizes = new ArrayList<>(hiddenNodes.size());
                for (int l = 0; l < hiddenNodes.size(); l++) {
                    String path = "network.hidden[" + l + "]";
                    long size = JsonFields.integerAt(path, hiddenNodes.get(l));
                    checkLayerSize(path, size, limits);
                    sizes.add((int) size);
                }
                hidden = sizes;
            }
            String activation = fields.text("activation", DEFAULT_ACTIVATION);
            List<String> activations = null;
            List<JsonNode> activationNodes = fields.array("activations");
            if (activationNodes != null) {
                activations = new ArrayList<>(activationNodes.size());
                for (int l = 0; l < activationNodes.size(); l++) {
                    activations.add(JsonFields.textAt("network.activations[" + l + "]", activationNodes.get(l)));
                }
            }
            double leakySlope = fields.number("leakySlope", Activation.LeakyRelu.DEFAULT_SLOPE);
            double eluAlpha = fields.number("eluAlpha", Activation.Elu.DEFAULT_ALPHA);
            String output = fields.text("output", null);
            String lossId = fields.text("loss", null);
            Loss loss = lossId == null ? null
                    : choice("network.loss", lossId, Loss::parse, ids(Loss.values(), Loss::id));
            Initialization.Kind init = choice("network.init",
                    fields.text("init", Initialization.Kind.PLAYGROUND.id()), Initialization.Kind::parse,
                    ids(Initialization.Kind.values(), Initialization.Kind::id));
            double initConstant = fields.number("initConstant", Initialization.DEFAULT_IDENTICAL_CONSTANT);
            fields.rejectUnknownFields();
            return new NetworkConfig(hidden, activation, activations, leakySlope, eluAlpha, output, loss, init,
                    initConstant);
        }

        ObjectNode toJsonTree() {
            ObjectNode node = JsonFields.newObject();
            ArrayNode sizes = node.putArray("hidden");
            hidden.forEach(sizes::add);
            node.put("activation", activation);
            if (activations != null) {
                ArrayNode ids = node.putArray("activations");
                activations.forEach(ids::add);
            }
            node.put("leakySlope", leakySlope);
            node.put("eluAlpha", eluAlpha);
            if (output != null) {
                node.put("output", output);
            }
            if (loss != null) {
                node.put("loss", loss.id());
            }
            node.put("init", init.id());
            node.put("initConstant", initConstant);
            return node;
        }
    }

    // ================================================================== training

    /**
     * How the network learns.
     *
     * @param learningRate       η, (0, 10]
     * @param batchSize          samples per update, [1, 1000]
     * @param regularization     none, l1 or l2 (weights only, never biases)
     * @param regularizationRate λ, [0, 10]
     * @param optimizer          sgd (TF's), momentum or adam
     * @param momentum           momentum's μ, [0, 1)
     * @param beta1              Adam's β₁, [0, 1)
     * @param beta2              Adam's β₂, [0, 1)
     */
    public record TrainingConfig(double learningRate, int batchSize, Regularization regularization,
                                 double regularizationRate, OptimizerSpec.Kind optimizer, double momentum,
                                 double beta1, double beta2) {

        public static final double DEFAULT_LEARNING_RATE = 0.03;
        public static final int DEFAULT_BATCH_SIZE = 10;

        public TrainingConfig {
            Bounds.openClosed("training.learningRate", learningRate, 0, TrainingSettings.MAX_LEARNING_RATE);
            Bounds.integer("training.batchSize", batchSize, 1, TrainingSettings.MAX_BATCH_SIZE);
            Objects.requireNonNull(regularization, "training.regularization");
            Bounds.closed("training.regularizationRate", regularizationRate, 0,
                    TrainingSettings.MAX_REGULARIZATION_RATE);
            Objects.requireNonNull(optimizer, "training.optimizer");
            Bounds.closedOpen("training.momentum", momentum, 0, 1);
            Bounds.closedOpen("training.beta1", beta1, 0, 1);
            Bounds.closedOpen("training.beta2", beta2, 0, 1);
        }

        /** SGD, learning rate 0.03, batch 10, no regularization. */
        public static TrainingConfig defaults() {
            OptimizerSpec sgd = OptimizerSpec.SGD;
            return new TrainingConfig(DEFAULT_LEARNING_RATE, DEFAULT_BATCH_SIZE, Regularization.NONE, 0,
                    OptimizerSpec.Kind.SGD, sgd.momentum(), sgd.beta1(), sgd.beta2());
        }

        public TrainingConfig withLearningRate(double newLearningRate) {
            return new TrainingConfig(newLearningRate, batchSize, regularization, regularizationRate, optimizer,
                    momentum, beta1, beta2);
        }

        public TrainingConfig withBatchSize(int newBatchSize) {
            return new TrainingConfig(learningRate, newBatchSize, regularization, regularizationRate, optimizer,
                    momentum, beta1, beta2);
        }

        public TrainingConfig withRegularization(Regularization newRegularization, double newRate) {
            return new TrainingConfig(learningRate, batchSize, newRegularization, newRate, optimizer,
                    momentum, beta1, beta2);
        }

        public TrainingConfig withOptimizer(OptimizerSpec.Kind newOptimizer) {
            return new TrainingConfig(learningRate, batchSize, regularization, regularizationRate, newOptimizer,
                    momentum, beta1, beta2);
        }

        /** The settings that may change while the network trains. */
        public TrainingSettings settings() {
            return new TrainingSettings(learningRate, batchSize, regularization, regularizationRate);
        }

        public OptimizerSpec optimizerSpec() {
            return new OptimizerSpec(optimizer, momentum, beta1, beta2, OptimizerSpec.SGD.epsilon());
        }

        static TrainingConfig read(JsonFields fields) {
            TrainingConfig d = defaults();
            double learningRate = fields.number("learningRate", d.learningRate);
            long batchSize = Bounds.integer("training.batchSize", fields.integer("batchSize", d.batchSize),
                    1, TrainingSettings.MAX_BATCH_SIZE);
            Regularization regularization = choice("training.regularization",
                    fields.text("regularization", d.regularization.id()), Regularization::parse,
                    ids(Regularization.values(), Regularization::id));
            double regularizationRate = fields.number("regularizationRate", d.regularizationRate);
            OptimizerSpec.Kind optimizer = choice("training.optimizer",
                    fields.text("optimizer", d.optimizer.id()), OptimizerSpec.Kind::parse,
                    ids(OptimizerSpec.Kind.values(), OptimizerSpec.Kind::id));
            double momentum = fields.number("momentum", d.momentum);
            double beta1 = fields.number("beta1", d.beta1);
            double beta2 = fields.number("beta2", d.beta2);
            fields.rejectUnknownFields();
            return new TrainingConfig(learningRate, (int) batchSize, regularization, regularizationRate, optimizer,
                    momentum, beta1, beta2);
        }

        ObjectNode toJsonTree() {
            ObjectNode node = JsonFields.newObject();
            node.put("learningRate", learningRate);
            node.put("batchSize", batchSize);
            node.put("regularization", regularization.id());
            node.put("regularizationRate", regularizationRate);
            node.put("optimizer", optimizer.id());
            node.put("momentum", momentum);
            node.put("beta1", beta1);
            node.put("beta2", beta2);
            return node;
        }
    }

    /** A short human description, e.g. for the CLI's first line. */
    public String summary(Task task) {
        StringBuilder text = new StringBuilder();
        text.append(data.dataset());
        if (!data.isCustom()) {
            text.append(", ").append(data.samples()).append(" points, noise ").append(format(data.noise())).append('%');
        }
        text.append(", ").append(format(data.trainFraction() * 100)).append("% train");
        text.append("; features");
        features.forEach(f -> text.append(' ').append(f.id()));
        if (noiseFeatures > 0) {
            text.append(" + ").append(noiseFeatures).append(" noise");
        }
        text.append("; network ").append(inputCount());
        network.hidden().forEach(size -> text.append('-').append(size));
        text.append('-').append(task.outputCount()).append(' ');
        for (int l = 0; l < network.hidden().size(); l++) {
            text.append(network.hiddenActivationId(l)).append(l + 1 < network.hidden().size() ? "," : "");
        }
        text.append(network.hidden().isEmpty() ? "" : " → ").append(network.outputFor(task));
        text.append(", ").append(network.lossFor(task).id()).append(" loss, init ").append(network.init().id());
        text.append("; ").append(training.optimizer().id()).append(" lr ").append(format(training.learningRate()));
        text.append(", batch ").append(training.batchSize());
        if (training.regularization() != Regularization.NONE) {
            text.append(", ").append(training.regularization().id()).append(' ')
                    .append(format(training.regularizationRate()));
        }
        text.append("; seed ").append(seed);
        return text.toString();
    }
}
