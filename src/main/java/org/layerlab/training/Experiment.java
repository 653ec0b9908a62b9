package org.layerlab.training;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.layerlab.data.DataSplit;
import org.layerlab.data.Dataset;
import org.layerlab.data.EpochOrder;
import org.layerlab.data.Feature;
import org.layerlab.data.Features;
import org.layerlab.data.NoiseFeatures;
import org.layerlab.data.Point;
import org.layerlab.data.Shuffle;
import org.layerlab.data.Task;
import org.layerlab.data.UserData;
import org.layerlab.engine.Activation;
import org.layerlab.engine.Network;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.engine.NetworkSpec;
import org.layerlab.engine.Optimizer;
import org.layerlab.engine.Rng;

/**
 * Everything an {@link ExperimentConfig} describes, built and ready to train: the points and their
 * split, the feature matrices with encoded targets, the network with its initial weights, the
 * optimizer and the {@link Trainer}.
 *
 * <p>The same config (and the same uploaded points) always builds the same experiment, bit for bit:
 * every random draw comes from a {@link RandomStream} of the config's seed.
 *
 * <p>The data part is immutable and may be shared; the network, optimizer and trainer are mutable
 * and belong to this experiment alone.
 */
public final class Experiment {
    private final ExperimentConfig config;
    private final Task task;
    private final DataSplit split;
    private final TargetEncoding encoding;
    private final Samples train;
    private final Samples test;
    private final NetworkSpec spec;
    private final Trainer trainer;

    private Experiment(ExperimentConfig config, Task task, DataSplit split, TargetEncoding encoding,
                       Samples train, Samples test, NetworkSpec spec, Network network) {
        this.config = config;
        this.task = task;
        this.split = split;
        this.encoding = encoding;
        this.train = train;
        this.test = test;
        this.spec = spec;
        this.trainer = newTrainer(config, network, train, test, encoding);
    }

    /** Builds a config with a built-in data set under the default limits. */
    public static Experiment build(ExperimentConfig config) {
        return build(config, NetworkLimits.DEFAULT, null);
    }

    public static Experiment build(ExperimentConfig config, NetworkLimits limits) {
        return build(config, limits, null);
    }

    /**
     * Builds everything the config describes.
     *
     * @param userData the uploaded points when {@code data.dataset} is "custom", else null
     * @throws ConfigException naming the field when the config does not fit the limits or the data
     */
    public static Experiment build(ExperimentConfig config, NetworkLimits limits, UserData userData) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(limits, "limits");
        config.requireWithin(limits);
        ExperimentConfig.DataConfig dataConfig = config.data();

        // Generation and the split's shuffle draw from one generator, in TF's order.
        Rng dataRng = RandomStream.DATA.from(config.seed());
        Task task;
        DataSplit split;
        if (dataConfig.isCustom()) {
            if (userData == null) {
                throw new ConfigException("data.dataset", "data.dataset is custom, but no points were"
                        + " given; upload points or choose a built-in data set");
            }
            task = userData.task();
            try {
                split = DataSplit.of(userData, dataConfig.trainFraction(), dataConfig.shuffle(), dataRng);
            } catch (IllegalArgumentException e) {
                // Too few points for the fraction, or a file split with no training point.
                throw new ConfigException("data.trainFraction", "the uploaded points cannot be split: "
                        + e.getMessage(), e);
            }
        } else {
            if (userData != null) {
                throw new ConfigException("data.dataset", "points were given, but data.dataset is "
                        + dataConfig.dataset() + "; set it to custom to train on them");
            }
            Dataset dataset = dataConfig.builtIn().orElseThrow();
            task = dataset.task();
            List<Point> points = dataset.generate(dataConfig.samples(), dataConfig.noiseFraction(), dataRng);
            split = splitOrExplain(points, dataConfig, dataRng);
        }

        ExperimentConfig.NetworkConfig networkConfig = config.network();
        networkConfig.requireFits(task, dataConfig.isCustom() ? "the uploaded data" : "dataset " + dataConfig.dataset());
        ExperimentConfig.requireOutputsWithin(task, limits);
        NetworkSpec spec = networkConfig.specFor(config.inputCount(), task);
        spec.requireWithin(limits);

        // Noise features come from their own stream, training points first, then test points, so
        // that adding them leaves the points and their split (x1, x2, labels) exactly as they were.
        int noiseCount = config.noiseFeatures();
        double[] trainNoise = null;
        double[] testNoise = null;
        if (noiseCount > 0) {
            Rng noiseRng = RandomStream.NOISE.from(config.seed());
            trainNoise = NoiseFeatures.draw(split.train().size(), noiseCount, noiseRng);
            testNoise = NoiseFeatures.draw(split.test().size(), noiseCount, noiseRng);
        }
        TargetEncoding encoding = new TargetEncoding(task, spec.outputActivation());
        Samples train = samplesOf(split.train(), config.features(), trainNoise, noiseCount, encoding);
        Samples test = samplesOf(split.test(), config.features(), testNoise, noiseCount, encoding);
        Network network = Network.create(spec, networkConfig.initialization(),
                RandomStream.INIT.from(config.seed()));
        return new Experiment(config, task, split, encoding, train, test, spec, network);
    }

    private static DataSplit splitOrExplain(List<Point> points, ExperimentConfig.DataConfig data, Rng rng) {
        try {
            return DataSplit.split(points, data.trainFraction(), data.shuffle(), rng);
        } catch (IllegalArgumentException e) {
            // Too few points for the fraction: say which fields to change.
            throw new ConfigException("data.trainFraction", "data.trainFraction "
                    + JsonFields.format(data.trainFraction()) + " of data.samples " + data.samples()
                    + " leaves no point to train on; raise either", e);
        }
    }

    /**
     * This experiment's data and settings with the network starting from {@code model}'s weights
     * instead of the initialisation. Only the parameters come from the model: the optimizer starts
     * fresh (momentum and Adam forget their history) and the epochs count from 0.
     *
     * @throws ConfigException naming the first difference when the model's features or
     *                         architecture differ from this experiment's
     */
    public Experiment withInitialModel(ModelFile model) {
        Objects.requireNonNull(model, "model");
        if (!model.features().equals(config.features())) {
            throw new ConfigException("features", "the model's features " + featureIds(model.features())
                    + " differ from the config's " + featureIds(config.features()));
        }
        if (model.noiseFeatures() != config.noiseFeatures()) {
            throw new ConfigException("noiseFeatures", "the model has " + model.noiseFeatures()
                    + " noise features but the config has " + config.noiseFeatures());
        }
        NetworkSpec theirs = model.spec();
        int[] modelSizes = theirs.layerSizes();
        int[] ourSizes = spec.layerSizes();
        if (!Arrays.equals(modelSizes, ourSizes)) {
            throw new ConfigException("network.hidden", "the model's layer sizes " + Arrays.toString(modelSizes)
                    + " differ from the config's " + Arrays.toString(ourSizes)
                    + " (inputs, hidden layers, outputs)");
        }
        for (int l = 1; l <= spec.layerCount(); l++) {
            Activation mine = spec.activation(l);
            Activation other = theirs.activation(l);
            if (!mine.equals(other)) {
                boolean output = l == spec.layerCount();
                throw new ConfigException(output ? "network.output" : "network.activation",
                        (output ? "the output layer's" : "hidden layer " + l + "'s") + " activation is "
                        + describe(other) + " in the model but " + describe(mine) + " in the config");
            }
        }
        if (theirs.loss() != spec.loss()) {
            throw new ConfigException("network.loss", "the model's loss is " + theirs.loss().id()
                    + " but the config's is " + spec.loss().id());
        }
        return new Experiment(config, task, split, encoding, train, test, spec, model.toNetwork());
    }

    private static String describe(Activation activation) {
        if (activation instanceof Activation.LeakyRelu leaky) {
            return "leakyrelu (slope " + JsonFields.format(leaky.slope()) + ")";
        }
        if (activation instanceof Activation.Elu elu) {
            return "elu (alpha " + JsonFields.format(elu.alpha()) + ")";
        }
        return activation.id();
    }

    private static String featureIds(List<Feature> features) {
        StringBuilder text = new StringBuilder("[");
        for (Feature feature : features) {
            text.append(text.length() > 1 ? ", " : "").append(feature.id());
        }
        return text.append(']').toString();
    }

    /**
     * A trainer for {@code network}: a fresh optimizer, and the first epoch's visiting order from
     * data's shuffle mode — the split's order for once and never, a new order drawn from the
     * {@link RandomStream#ORDER} stream for every-epoch (and again after every epoch).
     */
    private static Trainer newTrainer(ExperimentConfig config, Network network, Samples train, Samples test,
                                      TargetEncoding encoding) {
        Shuffle shuffle = config.data().shuffle();
        Rng orderRng = shuffle == Shuffle.EVERY_EPOCH ? RandomStream.ORDER.from(config.seed()) : null;
        Optimizer optimizer = new Optimizer(config.training().optimizerSpec(), network);
        return new Trainer(network, optimizer, train, test, encoding, config.training().settings(),
                new EpochOrder(train.count(), shuffle, orderRng));
    }

    /**
     * The samples for {@code points}: their features as a row-major matrix, their labels encoded as
     * the output layer's targets.
     */
    public static Samples samplesOf(List<Point> points, List<Feature> features, TargetEncoding encoding) {
        return samplesOf(points, features, null, 0, encoding);
    }

    /**
     * As {@link #samplesOf(List, List, TargetEncoding)}, with {@code noiseCount} noise inputs after
     * the features, point i's at {@code noise[i·noiseCount …]} (null: zeros).
     */
    public static Samples samplesOf(List<Point> points, List<Feature> features, double[] noise, int noiseCount,
                                    TargetEncoding encoding) {
        int count = points.size();
        int targetWidth = encoding.width();
        double[] inputs = count == 0 ? new double[0] : Features.rows(features, points, noise, noiseCount);
        double[] targets = new double[count * targetWidth];
        double[] labels = new double[count];
        for (int s = 0; s < count; s++) {
            double label = points.get(s).label();
            labels[s] = label;
            encoding.encode(label, targets, s * targetWidth);
        }
        return new Samples(inputs, features.size() + noiseCount, targets, targetWidth, labels, count);
    }

    // ------------------------------------------------------------------ accessors

    public ExperimentConfig config() {
        return config;
    }

    /** The task the data poses (for custom data, read from the labels). */
    public Task task() {
        return task;
    }

    public DataSplit split() {
        return split;
    }

    public TargetEncoding encoding() {
        return encoding;
    }

    public Samples trainSamples() {
        return train;
    }

    public Samples testSamples() {
        return test;
    }

    public NetworkSpec spec() {
        return spec;
    }

    public Trainer trainer() {
        return trainer;
    }

    public Network network() {
        return trainer.network();
    }

    public Optimizer optimizer() {
        return trainer.optimizer();
    }

    /** The current network as a model file. */
    public ModelFile toModelFile() {
        return ModelFile.of(trainer.network(), config.features(), config.noiseFeatures());
    }
}
