package org.layerlab.engine;

/**
 * One sample's backward pass, every factor of the chain rule, indexed [layer][neuron]:
 *
 * <ul>
 *   <li>{@code errorByOutput[l][j]} = ∂E/∂out_j — at the output the loss's derivative, below it
 *       Σ_k w_kj·δ_k gathered from the layer to the right;</li>
 *   <li>{@code activationDerivative[l][j]} = ∂out_j/∂net_j = f'(net_j) (NaN for a softmax output,
 *       whose derivative is a whole Jacobian; 1 for the inputs);</li>
 *   <li>{@code delta[l][j]} = ∂E/∂net_j, the product of the two (for sigmoid + bce and
 *       softmax + crossentropy outputs, out − target, the exact simplification);</li>
 *   <li>{@code weightGradient[l][j·fanIn + i]} = ∂E/∂w_ji = δ_j · out_i;</li>
 *   <li>{@code biasGradient[l][j]} = ∂E/∂b_j = δ_j.</li>
 * </ul>
 * Layer 0 holds ∂E/∂x of the inputs in {@code delta[0]}; it has no weights.
 */
public record BackwardTrace(ForwardTrace forward, double loss, double[][] errorByOutput,
                            double[][] activationDerivative, double[][] delta,
                            double[][] weightGradient, double[][] biasGradient) {
}
