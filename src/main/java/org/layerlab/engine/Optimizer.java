package org.layerlab.engine;

import java.util.Arrays;

/**
 * Turns a network's accumulated gradient into a weight update, then applies the regularization.
 *
 * <p>The order is TensorFlow Playground's: first the gradient step with the batch's mean gradient,
 * then {@code w ← w − η·λ·R'(w_old)} with R' taken at the weight before the step; under L1 a weight
 * that this step would carry across zero is set to exactly zero and frozen there ("dead link"),
 * never updated again. Biases are never regularized.
 *
 * <p>Its state — momentum's velocity, Adam's moments and step count, the frozen links — can be
 * captured and restored exactly with {@link #state()} / {@link #restore(State)}.
 */
public final class Optimizer {
    private final OptimizerSpec spec;
    private final boolean[] isWeight;
    private final boolean[] frozen;
    /** Momentum's velocity, or Adam's first moment. */
    private final double[] first;
    /** Adam's second moment. */
    private final double[] second;
    private long steps;
    /** Scratch: the weights before the gradient step, for the penalty's derivative. */
    private final double[] weightsBeforeStep;

    public Optimizer(OptimizerSpec spec, Network network) {
        this.spec = spec;
        int n = network.parameters().length;
        this.isWeight = network.weightMask();
        this.frozen = new boolean[n];
        this.first = spec.kind() == OptimizerSpec.Kind.SGD ? new double[0] : new double[n];
        this.second = spec.kind() == OptimizerSpec.Kind.ADAM ? new double[n] : new double[0];
        this.weightsBeforeStep = new double[n];
    }

    public OptimizerSpec spec() {
        return spec;
    }

    /**
     * One update of {@code network} from its gradient sum, which it then clears. Does nothing if no
     * sample was accumulated.
     *
     * @param learningRate       η
     * @param regularization     the penalty on the weights
     * @param regularizationRate λ
     */
    public void update(Network network, double learningRate, Regularization regularization,
                       double regularizationRate) {
        int count = network.accumulatedSamples();
        if (count == 0) {
            return;
        }
        double[] params = network.parameters();
        double[] gradientSum = network.gradient();
        double meanScale = 1.0 / count;
        steps++;
        boolean regularize = regularization != Regularization.NONE && regularizationRate != 0;
        if (regularize) {
            // TF Playground takes the penalty's derivative at the weight before the gradient step.
            System.arraycopy(params, 0, weightsBeforeStep, 0, params.length);
        }
        // Each optimizer's loop is written out on its own: one branch per update, not per weight.
        switch (spec.kind()) {
            case SGD: {
                // (η / n)·Σg, in TF Playground's order of operations
                double stepScale = learningRate / count;
                for (int p = 0; p < params.length; p++) {
                    if (!frozen[p]) {
                        params[p] -= stepScale * gradientSum[p];
                    }
                }
                break;
            }
            case MOMENTUM: {
                double mu = spec.momentum();
                for (int p = 0; p < params.length; p++) {
                    if (!frozen[p]) {
                        first[p] = mu * first[p] + gradientSum[p] * meanScale;
                        params[p] -= learningRate * first[p];
                    }
                }
                break;
            }
            case ADAM: {
                double beta1 = spec.beta1();
                double beta2 = spec.beta2();
                // Bias corrections: the moments start at 0, so early averages are scaled up.
                double correction1 = 1 - Math.pow(beta1, steps);
                double correction2 = 1 - Math.pow(beta2, steps);
                for (int p = 0; p < params.length; p++) {
                    if (!frozen[p]) {
                        double g = gradientSum[p] * meanScale;
                        first[p] = beta1 * first[p] + (1 - beta1) * g;
                        second[p] = beta2 * second[p] + (1 - beta2) * g * g;
                        double mHat = first[p] / correction1;
                        double vHat = second[p] / correction2;
                        params[p] -= learningRate * mHat / (Math.sqrt(vHat) + spec.epsilon());
                    }
                }
                break;
            }
            default:
                throw new AssertionError(spec.kind());
        }
        if (regularize) {
            applyPenalty(params, learningRate * regularizationRate, regularization);
        }
        network.clearGradient();
    }

    /**
     * w ← w − η·λ·R'(w_before), for weights only; under L1 a weight this carries across zero is set
     * to exactly zero and frozen there.
     */
    private void applyPenalty(double[] params, double step, Regularization regularization) {
        for (int p = 0; p < params.length; p++) {
            if (!isWeight[p] || frozen[p]) {
                continue;
            }
            double w = params[p];
            double penalized = w - step * regularization.derivative(weightsBeforeStep[p]);
            if (regularization == Regularization.L1 && w * penalized < 0) {
                penalized = 0;
                frozen[p] = true;
            }
            params[p] = penalized;
        }
    }

    /** How many weights L1 has frozen at zero. */
    public int frozenCount() {
        int count = 0;
        for (boolean f : frozen) {
            if (f) {
                count++;
            }
        }
        return count;
    }

    /** Whether parameter p (same index as {@link Network#parameters()}) is frozen at zero by L1. */
    public boolean isFrozen(int p) {
        return frozen[p];
    }

    /** Everything this optimizer remembers between updates, as a value. */
    public record State(long steps, double[] first, double[] second, boolean[] frozen) {
        public State {
            first = first.clone();
            second = second.clone();
            frozen = frozen.clone();
        }
    }

    public State state() {
        return new State(steps, first, second, frozen);
    }

    public void restore(State state) {
        if (state.first().length != first.length || state.second().length != second.length
                || state.frozen().length != frozen.length) {
            throw new IllegalArgumentException("optimizer state does not fit this network and optimizer");
        }
        steps = state.steps();
        System.arraycopy(state.first(), 0, first, 0, first.length);
        System.arraycopy(state.second(), 0, second, 0, second.length);
        System.arraycopy(state.frozen(), 0, frozen, 0, frozen.length);
    }

    /** Forgets all state, as after a reset of the network. */
    public void reset() {
        steps = 0;
        Arrays.fill(first, 0);
        Arrays.fill(second, 0);
        Arrays.fill(frozen, false);
    }
}
