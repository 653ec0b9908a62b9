package org.layerlab.insight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.DoubleConsumer;
import org.layerlab.engine.Network;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.engine.Rng;
import org.layerlab.training.ConfigException;
import org.layerlab.training.Experiment;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.FixedEpochRun;
import org.layerlab.training.ModelFile;
import org.layerlab.training.SeedVariation;
import org.layerlab.training.SteppedJob;
import org.layerlab.training.Trainer;

/**
 * The loss over a plane through a trained network's weights θ: L(θ + α·δ + β·η) on an n × n grid of
 * (α, β) ∈ [−r, r]², with the training path projected onto the plane (Li et al. 2018, "Visualizing
 * the Loss Landscape of Neural Nets").
 *
 * <p>The run is trained here, from its config and seed (or from a model's weights, such as the
 * playground's current network: {@link Request}), recording the weights every few epochs;
 * then the two directions are drawn — random and filter-normalised ({@link PlaneDirections#filterNormalized})
 * or the path's two principal directions ({@link PlaneDirections#principal}) — and the mean
 * training loss is evaluated at every grid point by the trainer's own {@link Trainer#evaluateTrain()}
 * (the batched forward pass), so the value at the centre is exactly the trained network's loss.
 */
public final class LossLandscape {

    public static final int DEFAULT_EPOCHS = 300;
    public static final int MAX_EPOCHS = 1_000_000;
    public static final int MIN_RESOLUTION = 5;
    public static final int MAX_RESOLUTION = 201;
    public static final int DEFAULT_RESOLUTION = 41;
    public static final double DEFAULT_RADIUS = 1;
    public static final double MAX_RADIUS = 100;
    public static final int DEFAULT_PATH_POINTS = 60;
    public static final int MAX_PATH_POINTS = 300;

    private LossLandscape() {
    }

    /** The plane's two directions. */
    public enum Directions {
        /** Two Gaussian directions, normalised filter-wise, biases not moved. */
        RANDOM("random"),
        /** The two principal directions of the training path (its PCA), scaled to the weights' norm. */
        PCA("pca");

        private final String id;

        Directions(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Directions parse(String id) {
            for (Directions d : values()) {
                if (d.id.equals(id)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown directions \"" + id + "\"");
        }
    }

    /**
     * @param config        the run's experiment (learning rate and all)
     * @param seed          the run's seed (what it changes: {@code variation})
     * @param variation     see {@link SeedVariation}
     * @param epochs        epochs to train before drawing the landscape; 0 draws it around the
     *                      starting weights (random directions only)
     * @param directions    random filter-normalised or the path's principal directions
     * @param directionSeed seeds the random directions (also the fallback second PCA direction)
     * @param radius        r: the grid spans α, β ∈ [−r, r]; in units of the direction, so r = 1
     *                      reaches a step as long as the weights themselves
     * @param resolution    n, odd so that the centre (α = β = 0) is a grid point
     * @param pathPoints    at most this many recorded weights along the path (first and last included)
     */
    public record Spec(ExperimentConfig config, long seed, SeedVariation variation, int epochs, Directions directions,
                       long directionSeed, double radius, int resolution, int pathPoints) {
        public Spec {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(variation, "vary");
            Objects.requireNonNull(directions, "directions");
            if (config.data().isCustom()) {
                throw new ConfigException("config.data.dataset", "config.data.dataset is custom (uploaded points),"
                        + " which only the playground holds; choose a built-in data set");
            }
            range("seed", seed, 0, ExperimentConfig.MAX_SEED);
            // 0 epochs: the landscape around the starting weights (a model file's, see stepped(Spec, ModelFile));
            // the page's requests ask for at least 1 (parse)
            range("epochs", epochs, 0, MAX_EPOCHS);
            if (epochs == 0 && directions == Directions.PCA) {
                throw new ConfigException("directions", "directions \"pca\" needs a training path to take its"
                        + " principal directions from, so epochs must be at least 1; with 0 epochs use \"random\"");
            }
            range("directionSeed", directionSeed, 0, ExperimentConfig.MAX_SEED);
            if (!(radius > 0 && radius <= MAX_RADIUS)) {
                throw new ConfigException("radius", "radius must be in (0, " + (int) MAX_RADIUS + "], got " + radius);
            }
            range("resolution", resolution, MIN_RESOLUTION, MAX_RESOLUTION);
            if (resolution % 2 == 0) {
                throw new ConfigException("resolution", "resolution must be odd (so that the trained weights, α = β = 0,"
                        + " are a grid point), got " + resolution);
            }
            range("pathPoints", pathPoints, 2, MAX_PATH_POINTS);
        }

        /** Every this many epochs the weights are recorded (and after the last epoch). */
        public int recordEvery() {
            return Math.max(1, (epochs + pathPoints - 2) / (pathPoints - 1));
        }

        public ObjectNode toJsonTree() {
            ObjectNode root = JSON.createObjectNode();
            root.set("config", config.toJsonTree());
            root.put("seed", seed);
            root.put("vary", variation.id());
            root.put("epochs", epochs);
            root.put("directions", directions.id());
            root.put("directionSeed", directionSeed);
            root.put("radius", radius);
            root.put("resolution", resolution);
            root.put("pathPoints", pathPoints);
            return root;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(field, field + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    private static final Set<String> FIELDS = Set.of("config", "seed", "vary", "epochs", "directions", "directionSeed",
            "radius", "resolution", "pathPoints");
    private static final Set<String> FIELDS_WITH_MODEL = Set.of("config", "model", "seed", "vary", "epochs", "directions",
            "directionSeed", "radius", "resolution", "pathPoints");

    /**
     * A landscape request: what to compute and, optionally, the network the run starts from (the
     * playground's current weights, say) instead of the config's initialisation.
     *
     * @param spec  the landscape; with a model its {@code epochs} are those trained on from the model
     *              (0: the plane through the model's own weights)
     * @param model the starting network, which must fit the spec's config (checked here); null for none
     * @throws ConfigException naming {@code model} when the run cannot start from it
     */
    public record Request(Spec spec, ModelFile model) {
        public Request {
            Objects.requireNonNull(spec, "spec");
            if (model != null) {
                requireFits(spec, model);
            }
        }

        /** The job: {@link #stepped(Spec, ModelFile)} with this request's model. */
        public SteppedJob<Result> stepped() {
            return LossLandscape.stepped(spec, model);
        }
    }

    /**
     * The longest request body a model within {@code limits} can need: the largest network those
     * limits allow, written as compact JSON with up to {@value #CHARS_PER_PARAMETER} characters per
     * weight (a double's shortest round-trip form, sign, exponent and comma), plus the rest of a
     * request. A W2 model (433 parameters) is about 10,000 characters.
     */
    public static long maxRequestChars(NetworkLimits limits) {
        long widest = Math.max(limits.maxInputs(), limits.maxNeuronsPerLayer());
        long parameters = 0;
        long fanIn = limits.maxInputs();
        for (int l = 0; l < limits.maxHiddenLayers(); l++) {
            parameters += (fanIn + 1) * limits.maxNeuronsPerLayer();
            fanIn = limits.maxNeuronsPerLayer();
        }
        parameters += (fanIn + 1) * limits.maxOutputs();
        // brackets, activation names and the like per layer and per neuron's row
        long structure = 64L * (limits.maxHiddenLayers() + 1) * (widest + 1);
        return parameters * CHARS_PER_PARAMETER + structure + REQUEST_WITHOUT_MODEL_CHARS;
    }

    /** At most this many characters per weight of a model file in a request ({@link #maxRequestChars}). */
    static final int CHARS_PER_PARAMETER = 26;
    /** A request's fields other than the model (the config and the rest) fit in this many characters. */
    static final int REQUEST_WITHOUT_MODEL_CHARS = 64 * 1024;

    /**
     * Reads {@code {"config": {...}, "seed": 1, "vary": "weights", "epochs": 300, "directions":
     * "random", "directionSeed": 1, "radius": 1, "resolution": 41, "pathPoints": 60}}; absent fields
     * take their defaults (the seed: the config's). Errors name the field. A {@code model} is refused
     * as unknown: read requests that may carry one with {@link #parseRequest}.
     */
    public static Spec parse(String json, NetworkLimits limits) {
        return read(json, limits, false).spec();
    }

    /**
     * Reads a request as {@link #parse} does, with one more optional field, {@code model}: a model
     * file (docs/config.md; an object, or its text) the run starts from instead of the config's
     * initialisation. The model is read within {@code limits} and must fit the config (features,
     * layer sizes, activations, loss); every error names {@code model} or a path in it
     * ({@code model.layers[0].weights[1]}). With a model, {@code epochs} may be 0 (the plane through
     * the model's weights; random directions only) and defaults to 0; without one it is at least 1.
     */
    public static Request parseRequest(String json, NetworkLimits limits) {
        return read(json, limits, true);
    }

    private static Request read(String json, NetworkLimits limits, boolean modelAllowed) {
        JsonNode root;
        try {
            root = STRICT.readTree(json == null ? "" : json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException("", "malformed JSON in the landscape request: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException("", "the landscape request must be a JSON object {...}");
        }
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!(modelAllowed ? FIELDS_WITH_MODEL : FIELDS).contains(name)) {
                throw new ConfigException(name, "unknown field " + name + "; allowed: config, " + (modelAllowed
                        ? "model, " : "") + "seed, vary, epochs, directions, directionSeed, radius, resolution, pathPoints");
            }
        }
        ExperimentConfig config;
        JsonNode configNode = root.get("config");
        if (configNode != null && !configNode.isNull() && !configNode.isObject()) {
            throw new ConfigException("config", "config must be an object {...}");
        }
        try {
            config = configNode == null || configNode.isNull() ? ExperimentConfig.defaults()
                    : ExperimentConfig.fromJsonTree(configNode, limits);
        } catch (ConfigException e) {
            String field = e.field().isEmpty() ? "config" : "config." + e.field();
            throw new ConfigException(field, "config: " + e.getMessage(), e);
        }
        long seed = integer(root, "seed", config.seed());
        SeedVariation variation;
        try {
            variation = SeedVariation.parse(text(root, "vary", SeedVariation.WEIGHTS.id()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("vary", "vary " + e.getMessage());
        }
        ModelFile model = modelAllowed ? model(root.get("model"), limits) : null;
        // from a model, 0 epochs is the plane through its own weights (and the default); a run from
        // the config's initialisation must train to have a landscape worth drawing
        long epochs = integer(root, "epochs", model == null ? DEFAULT_EPOCHS : 0);
        range("epochs", epochs, model == null ? 1 : 0, MAX_EPOCHS);
        Directions directions;
        String directionsId = text(root, "directions", Directions.RANDOM.id());
        try {
            directions = Directions.parse(directionsId);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("directions", "directions must be \"random\" (two random filter-normalised"
                    + " directions) or \"pca\" (the training path's principal directions), got \"" + directionsId + "\"");
        }
        long directionSeed = integer(root, "directionSeed", 1);
        double radius = number(root, "radius", DEFAULT_RADIUS);
        long resolution = integer(root, "resolution", DEFAULT_RESOLUTION);
        range("resolution", resolution, MIN_RESOLUTION, MAX_RESOLUTION);
        long pathPoints = integer(root, "pathPoints", DEFAULT_PATH_POINTS);
        range("pathPoints", pathPoints, 2, MAX_PATH_POINTS);
        Spec spec = new Spec(config, seed, variation, (int) epochs, directions, directionSeed, radius,
                (int) resolution, (int) pathPoints);
        return new Request(spec, model);
    }

    /** The request's model file, read within the limits; null when absent. Errors name {@code model...}. */
    private static ModelFile model(JsonNode node, NetworkLimits limits) {
        if (node == null || node.isNull()) {
            return null;
        }
        String text;
        if (node.isObject()) {
            text = node.toString();
        } else if (node.isTextual()) {
            // a model file's text, as a browser read it from a file
            text = node.textValue();
        } else {
            throw new ConfigException("model", "model must be a model file (an object {\"format\": \""
                    + ModelFile.FORMAT + "\", ...} or its text), got " + abbreviate(node));
        }
        try {
            return ModelFile.fromJson(text, limits);
        } catch (ConfigException e) {
            throw new ConfigException(e.field().isEmpty() ? "model" : "model." + e.field(),
                    "model: the model file is not usable: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("model", "model: the model file is not usable: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a model the run cannot start from, naming {@code model}: the run is built now, as the
     * job's first step builds it (its data too, a few milliseconds), so that a mismatch is a refusal
     * of the request, not a failed job.
     */
    private static void requireFits(Spec spec, ModelFile model) {
        try {
            spec.variation().build(spec.config(), spec.seed(), NetworkLimits.DEFAULT).withInitialModel(model);
        } catch (ConfigException e) {
            throw new ConfigException("model", "model does not fit the config: " + e.getMessage(), e);
        }
    }

    private static final ObjectMapper STRICT = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static long integer(JsonNode root, String field, long defaultValue) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (value.isNumber() && value.canConvertToLong() && value.doubleValue() == Math.rint(value.doubleValue())) {
            return value.longValue();
        }
        throw new ConfigException(field, field + " must be a whole number, got " + abbreviate(value));
    }

    private static double number(JsonNode root, String field, double defaultValue) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (value.isNumber() && Double.isFinite(value.doubleValue())) {
            return value.doubleValue();
        }
        throw new ConfigException(field, field + " must be a number, got " + abbreviate(value));
    }

    private static String text(JsonNode root, String field, String defaultValue) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        throw new ConfigException(field, field + " must be a string, got " + abbreviate(value));
    }

    private static String abbreviate(JsonNode value) {
        String text = value.isContainerNode() ? (value.isArray() ? "an array" : "an object") : value.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }

    // ================================================================== computing

    /**
     * The landscape.
     *
     * @param alphas           the grid's α values (also its β values), n of them, −r to r
     * @param losses           n × n mean training losses, row by row: {@code losses[j·n + i]} at
     *                         (α_i, β_j); NaN or ∞ where the forward pass overflowed
     * @param centreLoss       the loss at α = β = 0: the trained network's {@link Trainer#evaluateTrain()}
     * @param path             the recorded weights' epochs and their projection onto the plane
     * @param pathEpochs       the epoch of each recorded point (0 = the initial weights)
     * @param shares           for PCA directions the share of the path each explains, else null
     * @param cosine           the cosine of the angle between the two directions
     * @param outcome          the run's losses before and after training
     */
    public record Result(Spec spec, double[] alphas, double[] losses, double centreLoss, int[] pathEpochs,
                         PlaneDirections.Projection path, double[] shares, double cosine, FixedEpochRun outcome) {

        public int resolution() {
            return alphas.length;
        }

        public double loss(int i, int j) {
            return losses[j * alphas.length + i];
        }

        public ObjectNode toJsonTree() {
            ObjectNode root = JSON.createObjectNode();
            root.set("landscape", spec.toJsonTree());
            ObjectNode run = root.putObject("run");
            putNumber(run, "initialTrainLoss", outcome.initialTrainLoss());
            putNumber(run, "finalTrainLoss", outcome.finalTrainLoss());
            putNumber(run, "finalTestLoss", outcome.finalTestLoss());
            run.put("diverged", outcome.diverged());
            root.put("resolution", alphas.length);
            ArrayNode a = root.putArray("alphas");
            for (double v : alphas) {
                a.add(v);
            }
            ArrayNode l = root.putArray("losses");
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : losses) {
                if (Double.isFinite(v)) {
                    l.add(v);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                } else {
                    l.addNull();
                }
            }
            putNumber(root, "minLoss", min);
            putNumber(root, "maxLoss", max);
            putNumber(root, "centreLoss", centreLoss);
            root.put("cosine", cosine);
            ObjectNode p = root.putObject("path");
            ArrayNode epochs = p.putArray("epochs");
            ArrayNode alpha = p.putArray("alpha");
            ArrayNode beta = p.putArray("beta");
            ArrayNode residual = p.putArray("residual");
            for (int t = 0; t < pathEpochs.length; t++) {
                epochs.add(pathEpochs[t]);
                alpha.add(path.alpha()[t]);
                beta.add(path.beta()[t]);
                residual.add(path.residual()[t]);
            }
            putNumber(p, "residualFraction", path.residualFraction());
            if (shares != null) {
                ArrayNode s = root.putArray("pcaShares");
                s.add(shares[0]);
                s.add(shares[1]);
            } else {
                root.putNull("pcaShares");
            }
            return root;
        }
    }

    private static void putNumber(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    /**
     * Trains the run, draws the directions, evaluates the grid and projects the path, in the calling
     * thread ({@link #stepped} cut into small steps).
     *
     * @param progress receives the fraction done, 0 to 1; may be null
     * @throws ConfigException       naming "seed" when the run diverges: there is no landscape around
     *                               weights that are not numbers
     * @throws CancellationException when the calling thread is interrupted
     */
    public static Result compute(Spec spec, DoubleConsumer progress) {
        return compute(spec, null, progress);
    }

    /**
     * The landscape of a run that starts from {@code start}'s weights instead of the config's
     * initialisation (as {@code layerlab train --init-model} does), trained {@code spec.epochs()}
     * more epochs — with 0, the landscape around the model itself.
     *
     * @param start a model of the config's architecture, or null for the config's own start
     * @throws ConfigException naming the field when the model does not fit the config
     *                         ({@link Experiment#withInitialModel})
     */
    public static Result compute(Spec spec, ModelFile start, DoubleConsumer progress) {
        Computation job = new Computation(spec, start);
        int steps = 0;
        while (!job.step()) {
            checkCancelled();
            if (progress != null && ++steps % 64 == 0) {
                progress.accept(job.progress());
            }
        }
        if (progress != null) {
            progress.accept(1);
        }
        return job.result();
    }

    /** The landscape as small steps: building the run, one epoch, the plane, one grid point each. */
    public static SteppedJob<Result> stepped(Spec spec) {
        return new Computation(spec, null);
    }

    /** {@link #compute(Spec, ModelFile, DoubleConsumer)} as small steps. */
    public static SteppedJob<Result> stepped(Spec spec, ModelFile start) {
        return new Computation(spec, start);
    }

    private static final class Computation implements SteppedJob<Result> {
        private final Spec spec;
        private final ModelFile start;
        private final int n;
        private Trainer trainer;
        private Network network;
        private double initialLoss;
        private final List<double[]> path = new ArrayList<>();
        private final List<Integer> pathEpochs = new ArrayList<>();
        private int epoch;
        private FixedEpochRun outcome;
        private double[] theta;
        private double[] d1;
        private double[] d2;
        private double[] shares;
        private PlaneDirections.Projection projection;
        private double[] alphas;
        private double[] losses;
        private double[] point;
        private int gridDone;
        private Result result;

        Computation(Spec spec, ModelFile start) {
            this.spec = spec;
            this.start = start;
            this.n = spec.resolution();
        }

        @Override
        public boolean step() {
            if (result != null) {
                return true;
            }
            if (trainer == null) {
                Experiment experiment = spec.variation().build(spec.config(), spec.seed(), NetworkLimits.DEFAULT);
                if (start != null) {
                    experiment = experiment.withInitialModel(start);
                }
                trainer = experiment.trainer();
                network = trainer.network();
                initialLoss = trainer.evaluateTrain().loss();
                path.add(network.parameters().clone());
                pathEpochs.add(0);
            } else if (epoch < spec.epochs()) {
                trainEpoch();
            } else if (theta == null) {
                drawPlane();
            } else {
                int i = gridDone % n;
                int j = gridDone / n;
                losses[gridDone] = lossAt(trainer, theta, d1, d2, alphas[i], alphas[j], point);
                gridDone++;
                if (gridDone == n * n) {
                    network.setParameters(theta);
                    int[] epochs = pathEpochs.stream().mapToInt(Integer::intValue).toArray();
                    double centre = losses[(n / 2) * n + n / 2];
                    double cosine = PlaneDirections.dot(d1, d2)
                            / Math.sqrt(PlaneDirections.dot(d1, d1) * PlaneDirections.dot(d2, d2));
                    result = new Result(spec, alphas, losses, centre, epochs, projection, shares, cosine, outcome);
                }
            }
            return result != null;
        }

        private void trainEpoch() {
            trainer.trainEpoch();
            epoch++;
            if (trainer.diverged()) {
                throw new ConfigException("seed", "this run diverged at epoch " + epoch + " (a weight became NaN or"
                        + " infinite), so it has no landscape; choose a smaller learning rate or another seed");
            }
            if (epoch % spec.recordEvery() == 0 || epoch == spec.epochs()) {
                path.add(network.parameters().clone());
                pathEpochs.add(epoch);
            }
        }

        private void drawPlane() {
            Trainer.Evaluation train = trainer.evaluateTrain();
            Trainer.Evaluation test = trainer.evaluateTest();
            outcome = new FixedEpochRun(initialLoss, train.loss(), test.loss(), train.accuracy(), test.accuracy(), -1);
            double[] trained = network.parameters().clone();
            Rng rng = new Rng(spec.directionSeed());
            if (spec.directions() == Directions.RANDOM) {
                d1 = PlaneDirections.filterNormalized(network, trained, rng);
                d2 = PlaneDirections.filterNormalized(network, trained, rng);
            } else {
                double[] fallback = PlaneDirections.filterNormalized(network, trained, rng);
                double[][] principal = PlaneDirections.principal(path, trained,
                        PlaneDirections.weightNorm(network, trained), fallback);
                d1 = principal[0];
                d2 = principal[1];
                shares = principal[2];
            }
            projection = PlaneDirections.project(path, trained, d1, d2);
            alphas = axis(spec.radius(), n);
            losses = new double[n * n];
            point = new double[trained.length];
            theta = trained;
        }

        @Override
        public double progress() {
            // training and the grid, each in units of one training-set evaluation (an epoch costs
            // about two: forward and backward)
            double total = 2.0 * spec.epochs() + (double) n * n;
            return Math.min(1, (2.0 * epoch + gridDone) / total);
        }

        @Override
        public Result result() {
            return result;
        }
    }

    /** The mean training loss at θ + α·d1 + β·d2, by the trainer's own evaluation (its network is left there). */
    private static double lossAt(Trainer trainer, double[] theta, double[] d1, double[] d2, double alpha, double beta,
                                 double[] point) {
        for (int k = 0; k < theta.length; k++) {
            point[k] = theta[k] + alpha * d1[k] + beta * d2[k];
        }
        trainer.network().setParameters(point);
        return trainer.evaluateTrain().loss();
    }

    /** n values from −r to r; the middle one (n odd) is exactly 0. */
    public static double[] axis(double radius, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = radius * (2 * i - (n - 1)) / (n - 1);
        }
        return values;
    }

    private static void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("cancelled");
        }
    }
}
