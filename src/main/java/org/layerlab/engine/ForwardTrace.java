package org.layerlab.engine;

/**
 * One sample's forward pass, indexed [layer][neuron]: layer 0 are the inputs (their net input is
 * the input itself being unset, 0), the last layer the outputs.
 */
public record ForwardTrace(double[][] netInput, double[][] output) {
}
