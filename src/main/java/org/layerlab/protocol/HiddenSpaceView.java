package org.layerlab.protocol;

/**
 * Which two neurons of which hidden layer a {@code hiddenSpace} view plots the training points in.
 * Only the indices are checked here (whole numbers, layer 1 or more); whether they exist in the
 * session's network is the session's check.
 *
 * @param layer a hidden layer, 1 = the first
 * @param a     the neuron whose output is the x coordinate
 * @param b     the neuron whose output is the y coordinate
 */
public record HiddenSpaceView(int layer, int a, int b) {
    public HiddenSpaceView {
        if (layer < 1 || layer > NeuronRef.MAX_INDEX) {
            throw new ProtocolException("layer must be a hidden layer, 1 or more (0 is the inputs), got " + layer
                    + ".", "layer");
        }
        if (a < 0 || a > NeuronRef.MAX_INDEX) {
            throw new ProtocolException("a must be a neuron index in [0, " + NeuronRef.MAX_INDEX + "], got " + a
                    + ".", "a");
        }
        if (b < 0 || b > NeuronRef.MAX_INDEX) {
            throw new ProtocolException("b must be a neuron index in [0, " + NeuronRef.MAX_INDEX + "], got " + b
                    + ".", "b");
        }
    }
}
