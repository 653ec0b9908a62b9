package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FixedEpochRunTest {

    @Test
    void trainingEpochByEpochGivesTheLossesOfThePlainTrainer() {
        ExperimentConfig config = ExperimentConfig.fromJson("{\"data\": {\"samples\": 80}}");
        Trainer plain = Experiment.build(config).trainer();
        double initial = plain.evaluateTrain().loss();
        plain.trainEpochs(12);
        Trainer trainer = Experiment.build(config).trainer();
        FixedEpochRun.Training training = new FixedEpochRun.Training(trainer, 12);
        int steps = 0;
        while (!training.step()) {
            steps++;
            assertNull(training.result());
        }
        assertEquals(11, steps, "the twelfth epoch finishes the run");
        FixedEpochRun run = training.result();
        assertEquals(initial, run.initialTrainLoss(), 0);
        assertEquals(plain.evaluateTrain().loss(), run.finalTrainLoss(), 0);
        assertEquals(plain.evaluateTest().loss(), run.finalTestLoss(), 0);
        assertEquals(plain.evaluateTest().accuracy(), run.finalTestAccuracy(), 0);
        assertFalse(run.diverged());
        assertArrayEquals(SeedMinimaTest.bits(plain.network().parameters()),
                SeedMinimaTest.bits(trainer.network().parameters()));
        assertEquals(run, FixedEpochRun.train(Experiment.build(config).trainer(), 12));
    }

    @Test
    void zeroEpochsMeasuresTheInitialNetwork() {
        Trainer trainer = Experiment.build(ExperimentConfig.defaults()).trainer();
        FixedEpochRun run = FixedEpochRun.train(trainer, 0);
        assertEquals(run.initialTrainLoss(), run.finalTrainLoss(), 0);
        assertEquals(0, trainer.epoch());
        assertTrue(run.divergedAtEpoch() < 0);
    }
}
