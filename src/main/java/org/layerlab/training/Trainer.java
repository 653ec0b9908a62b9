package org.layerlab.training;

import org.layerlab.data.EpochOrder;
import org.layerlab.data.Shuffle;
import org.layerlab.engine.Network;
import org.layerlab.engine.Optimizer;

/**
 * Trains one network on one training set: epochs, batches, losses and accuracy.
 *
 * <p>One epoch is one pass over the training samples in the epoch's order, updating after every
 * {@code batchSize} samples with the mean gradient of that batch (TensorFlow Playground's SGD). A
 * last, smaller batch at the end of an epoch is applied on its own, so every epoch ends with all its
 * gradient used (TF Playground instead carries it into the next epoch; with W1's 250 points and
 * batch 10 the two agree exactly).
 *
 * <p>Not thread-safe; a session drives it one slice at a time.
 */
public final class Trainer {
    private final Network network;
    private final Optimizer optimizer;
    private final Samples train;
    private final Samples test;
    private final TargetEncoding encoding;
    private final EpochOrder epochOrder;
    /** This epoch's visiting order of the training samples. */
    private final int[] order;
    private TrainingSettings settings;

    /** Samples per batched forward pass when measuring losses. */
    private static final int EVALUATION_CHUNK = 32;
    /** The order {@link #testLossAtMost} visits the test samples in; made on first use. */
    private HardestFirstCheck testCheck;
    /** One sample's outputs, for the accuracy check. */
    private final double[] outputScratch;

    private long epoch;
    /** Position in {@link #order} of the next sample of the current epoch. */
    private int cursor;
    private boolean diverged;

    /**
     * @param epochOrder gives the visiting order of the training samples for each epoch; asked once
     *                   now and again at the start of every epoch if it shuffles every epoch
     */
    public Trainer(Network network, Optimizer optimizer, Samples train, Samples test, TargetEncoding encoding,
                   TrainingSettings settings, EpochOrder epochOrder) {
        if (train.count() < 1) {
            throw new IllegalArgumentException("the training set is empty");
        }
        if (train.inputWidth() != network.layerSize(0)) {
            throw new IllegalArgumentException("samples have " + train.inputWidth()
                    + " inputs, the network " + network.layerSize(0));
        }
        if (train.targetWidth() != network.layerSize(network.layerCount())) {
            throw new IllegalArgumentException("samples have " + train.targetWidth()
                    + " targets, the network " + network.layerSize(network.layerCount()) + " outputs");
        }
        if (epochOrder.trainCount() != train.count()) {
            throw new IllegalArgumentException("the epoch order has " + epochOrder.trainCount()
                    + " entries for " + train.count() + " training samples");
        }
        this.network = network;
        this.optimizer = optimizer;
        this.train = train;
        this.test = test;
        this.encoding = encoding;
        this.settings = settings;
        this.epochOrder = epochOrder;
        this.outputScratch = new double[train.targetWidth()];
        this.order = epochOrder.next().clone();
    }

    public Network network() {
        return network;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Samples trainSamples() {
        return train;
    }

    public Samples testSamples() {
        return test;
    }

    public TargetEncoding encoding() {
        return encoding;
    }

    public TrainingSettings settings() {
        return settings;
    }

    /** Changes learning rate, batch size or regularization; the network carries on as it is. */
    public void setSettings(TrainingSettings settings) {
        this.settings = settings;
    }

    /** Completed epochs. */
    public long epoch() {
        return epoch;
    }

    /** How far into the current epoch training is, in samples. */
    public int cursor() {
        return cursor;
    }

    /** True once a weight became NaN or infinite; training stops until the network is reset. */
    public boolean diverged() {
        return diverged;
    }

    /** The current visiting order of the training samples. A copy. */
    public int[] order() {
        return order.clone();
    }

    /**
     * The position of the generator behind every-epoch shuffling (null for once and never): with
     * {@link #order()}, {@link #epoch()} and {@link #cursor()} it is all a snapshot needs to go on
     * exactly as this trainer would.
     */
    public long[] orderRngState() {
        return epochOrder.rngState();
    }

    /** {@link #restorePosition(long, int, int[])}, and the every-epoch generator's position too. */
    public void restorePosition(long epoch, int cursor, int[] order, long[] orderRngState) {
        restorePosition(epoch, cursor, order);
        epochOrder.restoreRngState(orderRngState);
    }

    /** Restores the position of training, for a saved or resumed session. */
    public void restorePosition(long epoch, int cursor, int[] order) {
        if (cursor < 0 || cursor >= train.count() || order.length != this.order.length) {
            throw new IllegalArgumentException("training position does not fit this training set");
        }
        this.epoch = epoch;
        this.cursor = cursor;
        System.arraycopy(order, 0, this.order, 0, order.length);
        this.diverged = !network.isFinite();
    }

    /** Trains one whole epoch (the rest of the current one, if it was stopped mid-way by {@link #trainBatch}). */
    public void trainEpoch() {
        if (diverged) {
            return;
        }
        long target = epoch + 1;
        while (epoch < target && !diverged) {
            trainBatch();
        }
    }

    /** Trains {@code epochs} epochs, stopping early if training diverges. */
    public void trainEpochs(int epochs) {
        for (int e = 0; e < epochs && !diverged; e++) {
            trainEpoch();
        }
    }

    /**
     * Trains one batch: the next {@code batchSize} samples of the epoch (fewer at its end), then one
     * update with their mean gradient.
     */
    public void trainBatch() {
        if (diverged) {
            return;
        }
        double[] inputs = train.inputs();
        double[] targets = train.targets();
        int end = Math.min(train.count(), cursor + settings.batchSize());
        network.accumulateBatch(inputs, targets, order, cursor, end);
        optimizer.update(network, settings.learningRate(), settings.regularization(),
                settings.regularizationRate());
        cursor = end;
        if (cursor == train.count()) {
            cursor = 0;
            epoch++;
            if (epochOrder.shuffle() == Shuffle.EVERY_EPOCH) {
                System.arraycopy(epochOrder.next(), 0, order, 0, order.length);
            }
        }
        diverged = !network.isFinite();
    }

    /** Mean loss and accuracy on the training samples. */
    public Evaluation evaluateTrain() {
        return evaluate(train);
    }

    /** Mean loss and accuracy on the test samples (NaN for an empty test set). */
    public Evaluation evaluateTest() {
        return evaluate(test);
    }

    /**
     * Mean loss (TF Playground's: the loss summed over outputs, averaged over samples) and the
     * fraction classified correctly (NaN for regression).
     */
    public Evaluation evaluate(Samples samples) {
        if (samples.count() == 0) {
            return new Evaluation(Double.NaN, Double.NaN);
        }
        double lossSum = 0;
        int correct = 0;
        int targetWidth = samples.targetWidth();
        boolean classifying = encoding.task().problem() != org.layerlab.data.Problem.REGRESSION;
        org.layerlab.engine.Loss loss = network.loss();
        double[] targets = samples.targets();
        // A chunk of samples at a time through the batched forward pass: same numbers as one by one,
        // a fraction of the time (the sample loop is innermost and vectorises).
        for (int from = 0; from < samples.count(); from += EVALUATION_CHUNK) {
            int to = Math.min(samples.count(), from + EVALUATION_CHUNK);
            network.forwardBatch(samples.inputs(), from, to);
            for (int s = from; s < to; s++) {
                double sampleLoss = 0;
                for (int j = 0; j < targetWidth; j++) {
                    double out = network.batchOutput(s - from, j);
                    outputScratch[j] = out;
                    sampleLoss += loss.value(out, targets[s * targetWidth + j]);
                }
                lossSum += sampleLoss;
                if (classifying && encoding.isCorrect(outputScratch, 0, samples.labels()[s])) {
                    correct++;
                }
            }
        }
        double accuracy = classifying ? (double) correct / samples.count() : Double.NaN;
        return new Evaluation(lossSum / samples.count(), accuracy);
    }

    /**
     * Whether the mean test loss is at most {@code limit}: exactly the answer of
     * {@code evaluateTest().loss() <= limit}, usually for a fraction of the cost.
     *
     * <p>Why it can stop early: the samples are visited hardest first (by the last complete pass),
     * and once the losses so far exceed limit × count by more than any reordering of the sum could
     * account for, the whole mean must exceed the limit ({@link HardestFirstCheck} has the
     * argument). A race asks this after every epoch; above the target — a sigmoid network stuck at
     * 0.5 against a target of 0.05, or a tanh network still misclassifying a few points — one chunk
     * of 32 samples settles it. Otherwise every sample is evaluated and their losses are added in
     * the data's order, as {@link #evaluateTest()} adds them.
     */
    public boolean testLossAtMost(double limit) {
        Samples samples = test;
        if (samples.count() == 0) {
            return false;
        }
        if (testCheck == null) {
            testCheck = new HardestFirstCheck(samples.count());
        }
        HardestFirstCheck check = testCheck;
        check.start(limit);
        int targetWidth = samples.targetWidth();
        org.layerlab.engine.Loss loss = network.loss();
        double[] targets = samples.targets();
        int[] order = check.order();
        for (int from = 0; from < samples.count(); from += EVALUATION_CHUNK) {
            int to = Math.min(samples.count(), from + EVALUATION_CHUNK);
            network.forwardBatch(samples.inputs(), order, from, to);
            for (int p = from; p < to; p++) {
                int s = order[p];
                double sampleLoss = 0;
                for (int j = 0; j < targetWidth; j++) {
                    sampleLoss += loss.value(network.batchOutput(p - from, j), targets[s * targetWidth + j]);
                }
                check.record(p, sampleLoss);
            }
            if (check.provedAbove()) {
                return false;
            }
        }
        return check.completeMean() <= limit;
    }

    /** Mean loss and accuracy (NaN where undefined). */
    public record Evaluation(double loss, double accuracy) {
    }
}
