package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Trainer#testLossAtMost} gives exactly the answer of {@code evaluateTest().loss() <= limit}
 * — it only stops reading the test set early once the answer is settled — at every epoch of real
 * training, for limits far away from the loss and for limits one rounding step either side of it.
 */
class TestLossCheckTest {

    private static void assertAgreesAtEveryEpoch(ExperimentConfig config, int epochs) {
        Trainer trainer = Experiment.build(config).trainer();
        int below = 0;
        int above = 0;
        for (int epoch = 0; epoch <= epochs; epoch++) {
            double loss = trainer.evaluateTest().loss();
            double[] limits = {loss, Math.nextUp(loss), Math.nextDown(loss), loss * 0.5, loss * 2, 0.05, 0.5,
                1e-9, 1e9};
            for (double limit : limits) {
                boolean expected = loss <= limit;
                assertEquals(expected, trainer.testLossAtMost(limit),
                        "epoch " + epoch + ", test loss " + loss + ", limit " + limit);
                if (expected) {
                    below++;
                } else {
                    above++;
                }
            }
            trainer.trainEpoch();
        }
        // Both answers were exercised, so the early stop was really taken and really not taken.
        assertTrue(below > epochs && above > epochs, below + " at-most answers, " + above + " above");
    }

    @Test
    void agreesWithTheFullEvaluationOnTheCircle() {
        assertAgreesAtEveryEpoch(ExperimentConfig.defaults(), 200);
    }

    @Test
    void agreesWithTheFullEvaluationOnAStuckSigmoidSpiral() {
        ExperimentConfig spiral = Race.defaultRace("spiral").contestants().get(0).config();
        assertEquals("sigmoid", spiral.network().activation());
        assertAgreesAtEveryEpoch(spiral, 60);
    }

    @Test
    void agreesWithTheFullEvaluationUnderCrossEntropy() {
        ExperimentConfig crossEntropy = ExperimentConfig.fromJson("{\"data\": {\"dataset\": \"spiral3\"},"
                + " \"network\": {\"hidden\": [6], \"output\": \"softmax\", \"loss\": \"crossentropy\"}}");
        assertAgreesAtEveryEpoch(crossEntropy, 100);
    }

    @Test
    void aDivergedNetworkIsNeverBelowAnyLimit() {
        ExperimentConfig wild = ExperimentConfig.fromJson("{\"network\": {\"hidden\": [8, 8],"
                + " \"activation\": \"linear\", \"output\": \"linear\"}, \"training\": {\"learningRate\": 10}}");
        Trainer trainer = Experiment.build(wild).trainer();
        for (int epoch = 0; epoch < 50 && !trainer.diverged(); epoch++) {
            trainer.trainEpoch();
        }
        assertTrue(trainer.diverged(), "a linear 8-8 network at learning rate 10 diverges within 50 epochs");
        assertFalse(trainer.testLossAtMost(Double.MAX_VALUE));
    }
}
