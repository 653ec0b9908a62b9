package org.layerlab.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a fully connected network: how many inputs, the width and activation of each
 * hidden layer, the output layer's width and activation, and the loss it is trained on.
 * Immutable; every combination it accepts can be trained.
 */
public record NetworkSpec(int inputs, List<Integer> hiddenSizes, List<Activation> hiddenActivations,
                          int outputs, Activation outputActivation, Loss loss) {

    public NetworkSpec {
        if (inputs < 1) {
            throw new IllegalArgumentException("inputs must be at least 1, got " + inputs);
        }
        if (outputs < 1) {
            throw new IllegalArgumentException("outputs must be at least 1, got " + outputs);
        }
        hiddenSizes = List.copyOf(hiddenSizes);
        hiddenActivations = List.copyOf(hiddenActivations);
        if (hiddenSizes.size() != hiddenActivations.size()) {
            throw new IllegalArgumentException("hidden layers (" + hiddenSizes.size()
                    + ") and their activations (" + hiddenActivations.size() + ") must match in number");
        }
        for (int l = 0; l < hiddenSizes.size(); l++) {
            if (hiddenSizes.get(l) < 1) {
                throw new IllegalArgumentException("hidden layer " + (l + 1)
                        + " must have at least 1 neuron, got " + hiddenSizes.get(l));
            }
            if (hiddenActivations.get(l) instanceof Activation.Softmax) {
                throw new IllegalArgumentException("hidden layer " + (l + 1)
                        + ": softmax is only allowed on the output layer");
            }
        }
        java.util.Objects.requireNonNull(outputActivation, "outputActivation");
        java.util.Objects.requireNonNull(loss, "loss");
        // Each loss pairs with the output whose range it assumes.
        if (loss == Loss.CROSS_ENTROPY && !(outputActivation instanceof Activation.Softmax)) {
            throw new IllegalArgumentException("loss crossentropy needs a softmax output, got "
                    + outputActivation.id());
        }
        if (outputActivation instanceof Activation.Softmax) {
            if (loss != Loss.CROSS_ENTROPY) {
                throw new IllegalArgumentException("a softmax output needs the crossentropy loss, got "
                        + loss.id());
            }
            if (outputs < 2) {
                throw new IllegalArgumentException("a softmax output needs at least 2 outputs, got "
                        + outputs);
            }
        }
        if (loss == Loss.BINARY_CROSS_ENTROPY && !(outputActivation instanceof Activation.Sigmoid)) {
            throw new IllegalArgumentException("loss bce needs a sigmoid output, got "
                    + outputActivation.id());
        }
    }

    /** The usual case: one activation for every hidden layer. */
    public static NetworkSpec of(int inputs, int[] hiddenSizes, Activation hiddenActivation,
                                 int outputs, Activation outputActivation, Loss loss) {
        List<Integer> sizes = new ArrayList<>();
        List<Activation> activations = new ArrayList<>();
        for (int size : hiddenSizes) {
            sizes.add(size);
            activations.add(hiddenActivation);
        }
        return new NetworkSpec(inputs, sizes, activations, outputs, outputActivation, loss);
    }

    /** Throws with the limit's name if this network is larger than {@code limits} allow. */
    public NetworkSpec requireWithin(NetworkLimits limits) {
        if (hiddenSizes.size() > limits.maxHiddenLayers()) {
            throw new IllegalArgumentException("the network has " + hiddenSizes.size()
                    + " hidden layers; at most " + limits.maxHiddenLayers() + " are allowed (maxHiddenLayers)");
        }
        for (int l = 0; l < hiddenSizes.size(); l++) {
            if (hiddenSizes.get(l) > limits.maxNeuronsPerLayer()) {
                throw new IllegalArgumentException("hidden layer " + (l + 1) + " has "
                        + hiddenSizes.get(l) + " neurons; at most " + limits.maxNeuronsPerLayer()
                        + " are allowed (maxNeuronsPerLayer)");
            }
        }
        if (inputs > limits.maxInputs()) {
            throw new IllegalArgumentException("the network has " + inputs
                    + " inputs; at most " + limits.maxInputs() + " are allowed (maxInputs)");
        }
        if (outputs > limits.maxOutputs()) {
            throw new IllegalArgumentException("the network has " + outputs
                    + " outputs; at most " + limits.maxOutputs() + " are allowed (maxOutputs)");
        }
        return this;
    }

    /** Number of weight layers: the hidden layers plus the output layer. */
    public int layerCount() {
        return hiddenSizes.size() + 1;
    }

    /** Neurons per layer, index 0 being the inputs and the last the outputs. */
    public int[] layerSizes() {
        int[] sizes = new int[hiddenSizes.size() + 2];
        sizes[0] = inputs;
        for (int l = 0; l < hiddenSizes.size(); l++) {
            sizes[l + 1] = hiddenSizes.get(l);
        }
        sizes[sizes.length - 1] = outputs;
        return sizes;
    }

    /** The activation of layer {@code l} (1 = first hidden layer, {@link #layerCount()} = output). */
    public Activation activation(int l) {
        if (l < 1 || l > layerCount()) {
            throw new IndexOutOfBoundsException("layer " + l + " is not in [1, " + layerCount() + "]");
        }
        return l == layerCount() ? outputActivation : hiddenActivations.get(l - 1);
    }

    /** Total number of weights and biases. */
    public int parameterCount() {
        int[] sizes = layerSizes();
        int count = 0;
        for (int l = 1; l < sizes.length; l++) {
            count += sizes[l] * sizes[l - 1] + sizes[l];
        }
        return count;
    }
}
