package org.layerlab.protocol;

/**
 * One neuron of the network: layer 0 is the inputs, the last layer the outputs.
 *
 * @param layer  0 .. {@value #MAX_INDEX}
 * @param neuron 0 .. {@value #MAX_INDEX} (whether it exists in the current network is the session's check)
 */
public record NeuronRef(int layer, int neuron) {
    /** Fits the frame's u16 fields; real networks are far smaller (see NetworkLimits). */
    public static final int MAX_INDEX = 65_535;

    public NeuronRef {
        if (layer < 0 || layer > MAX_INDEX) {
            throw new ProtocolException("layer must be in [0, " + MAX_INDEX + "], got " + layer, "layer");
        }
        if (neuron < 0 || neuron > MAX_INDEX) {
            throw new ProtocolException("neuron must be in [0, " + MAX_INDEX + "], got " + neuron, "neuron");
        }
    }
}
