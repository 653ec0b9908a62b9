package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The curse of dimensionality in the playground: W1 (circle, x1 x2, 4-2 tanh, learning rate 0.03)
 * after 300 epochs over seeds 1–10, with d noise features beside x1 and x2. docs/dimensions.md has
 * the figures (median test loss 0.003, 0.014, 0.711, 0.721 for d = 0, 2, 10, 50).
 */
class NoiseFeaturesLossTest {

    private static double medianTestLoss(int noiseFeatures) {
        double[] losses = new double[10];
        for (int seed = 1; seed <= 10; seed++) {
            Experiment experiment = Experiment.build(ExperimentConfig.defaults().withSeed(seed)
                    .withNoiseFeatures(noiseFeatures));
            experiment.trainer().trainEpochs(300);
            losses[seed - 1] = experiment.trainer().evaluateTest().loss();
        }
        Arrays.sort(losses);
        return (losses[4] + losses[5]) / 2;
    }

    @Test
    void aSmallNetworksTestLossSuffersAsNoiseFeaturesAreAdded() {
        double none = medianTestLoss(0);
        double two = medianTestLoss(2);
        double ten = medianTestLoss(10);
        double fifty = medianTestLoss(50);
        assertTrue(none < 0.02, "without noise W1 learns the circle: " + none);
        assertTrue(two > none, "two noise inputs already cost something: " + two + " vs " + none);
        // a tanh output that always said 0 would score 0.5: with 10 or 50 noise inputs it does worse
        assertTrue(ten > 0.5 && fifty > 0.5, "d = 10: " + ten + ", d = 50: " + fifty);
    }
}
