// How a neuron's values become colours. Small and pure: the same rule for a thumbnail, the big map
// and the legend, so the colours mean the same everywhere.
//
//  - inputs: symmetric around 0, scaled to the feature's own range (x1 goes from orange to blue);
//  - hidden neurons: TensorFlow Playground's fixed [−1, 1] (a ReLU above 1 shows saturated blue);
//  - output: [0, 1] after a sigmoid (0.5 is the boundary), [−1, 1] otherwise (0 is the boundary);
//  - softmax outputs: each a probability, drawn from neutral to its class colour.

/**
 * @param layer        layer index, inputs = 0
 * @param layerCount   number of layers, inputs and output included
 * @param activation   that layer's activation id ("input" for inputs)
 * @param lo, hi       the map's value range (for inputs' automatic scale)
 * @param neuron       the neuron's index in its layer (a softmax output's class)
 * @returns {{kind: 'diverging', min, max, threshold} | {kind: 'class', k, min, max}}
 */
export function neuronScale(layer, layerCount, activation, lo, hi, neuron = 0) {
  if (layer === 0) {
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    return { kind: 'diverging', min: -m, max: m, threshold: 0 };
  }
  if (layer === layerCount - 1) return outputScale(activation, neuron);
  return { kind: 'diverging', min: -1, max: 1, threshold: 0 };
}

/** The scale of the output layer, given its activation. */
export function outputScale(activation, neuron = 0) {
  if (activation === 'softmax') return { kind: 'class', k: neuron, min: 0, max: 1, threshold: 0.5 };
  if (activation === 'sigmoid') return { kind: 'diverging', min: 0, max: 1, threshold: 0.5 };
  return { kind: 'diverging', min: -1, max: 1, threshold: 0 };
}
