package org.layerlab.bench;

import java.util.List;
import org.layerlab.data.DataSplit;
import org.layerlab.data.Dataset;
import org.layerlab.data.EpochOrder;
import org.layerlab.data.Feature;
import org.layerlab.data.Features;
import org.layerlab.data.Point;
import org.layerlab.data.Shuffle;
import org.layerlab.data.Task;
import org.layerlab.engine.Activation;
import org.layerlab.engine.Initialization;
import org.layerlab.engine.Loss;
import org.layerlab.engine.Network;
import org.layerlab.engine.NetworkSpec;
import org.layerlab.engine.Optimizer;
import org.layerlab.engine.OptimizerSpec;
import org.layerlab.engine.Regularization;
import org.layerlab.engine.Rng;
import org.layerlab.training.Samples;
import org.layerlab.training.TargetEncoding;
import org.layerlab.training.Trainer;
import org.layerlab.training.TrainingSettings;

/** The reference workloads of shared/workloads.md, built straight on the engine. */
public enum Workload {
    /** Circle, 500 points, 50 % train, x1 x2, [4, 2] tanh, tanh output, lr 0.03, batch 10. */
    W1(Dataset.CIRCLE, List.of(Feature.X1, Feature.X2), new int[] {4, 2}, new Activation.Tanh()),
    /** Spiral, 500 points, 50 % train, all seven features, 6 × 8 ReLU, tanh output, lr 0.03, batch 10. */
    W2(Dataset.SPIRAL, List.of(Feature.values()), new int[] {8, 8, 8, 8, 8, 8}, new Activation.Relu());

    final Dataset dataset;
    final List<Feature> features;
    final int[] hidden;
    final Activation activation;

    Workload(Dataset dataset, List<Feature> features, int[] hidden, Activation activation) {
        this.dataset = dataset;
        this.features = features;
        this.hidden = hidden;
        this.activation = activation;
    }

    Trainer trainer(long seed) {
        return trainer(seed, activation.id());
    }

    /** The workload with another hidden activation (an id {@link Activation#parse} knows). */
    Trainer trainer(long seed, String hiddenActivation) {
        Rng rng = new Rng(seed);
        List<Point> points = dataset.generate(500, 0, rng);
        DataSplit split = DataSplit.split(points, 0.5, Shuffle.ONCE, rng);
        NetworkSpec spec = NetworkSpec.of(features.size(), hidden, Activation.parse(hiddenActivation), 1,
                new Activation.Tanh(), Loss.SQUARED_ERROR);
        Network network = Network.create(spec, Initialization.of(Initialization.Kind.PLAYGROUND), rng);
        TargetEncoding encoding = new TargetEncoding(Task.CLASSIFICATION, new Activation.Tanh());
        return new Trainer(network, new Optimizer(OptimizerSpec.SGD, network), samples(split.train(), encoding),
                samples(split.test(), encoding), encoding, new TrainingSettings(0.03, 10, Regularization.NONE, 0),
                new EpochOrder(split.train().size(), Shuffle.ONCE, null));
    }

    private Samples samples(List<Point> points, TargetEncoding encoding) {
        double[] inputs = Features.rows(features, points, null);
        double[] targets = new double[points.size()];
        double[] labels = new double[points.size()];
        for (int s = 0; s < points.size(); s++) {
            labels[s] = points.get(s).label();
            encoding.encode(labels[s], targets, s);
        }
        return new Samples(inputs, features.size(), targets, 1, labels, points.size());
    }

    /** The features over a G × G grid of [−6, 6]², row by row, as TF Playground draws its maps. */
    float[][] gridColumns(int g) {
        double[] x1 = new double[g * g];
        double[] x2 = new double[g * g];
        for (int row = 0; row < g; row++) {
            for (int col = 0; col < g; col++) {
                x1[row * g + col] = -6 + 12.0 * col / (g - 1);
                x2[row * g + col] = 6 - 12.0 * row / (g - 1);
            }
        }
        return Features.columns(features, x1, x2);
    }
}
