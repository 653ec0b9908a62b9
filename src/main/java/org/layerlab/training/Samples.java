package org.layerlab.training;

/**
 * Samples ready for the engine: inputs and targets as flat row-major arrays, plus the labels they
 * came from (for accuracy).
 *
 * @param inputs       {@code count × inputWidth}: sample s's features at {@code s·inputWidth}
 * @param targets      {@code count × targetWidth}: what the outputs should be
 * @param labels       the original label of each sample (±1, a class index, or a real value)
 */
public record Samples(double[] inputs, int inputWidth, double[] targets, int targetWidth, double[] labels,
                      int count) {
    public Samples {
        if (inputs.length != count * inputWidth || targets.length != count * targetWidth
                || labels.length != count) {
            throw new IllegalArgumentException("samples: array lengths do not match count " + count);
        }
    }
}
