package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.layerlab.data.Shuffle;
import org.layerlab.engine.Optimizer;

/** A trainer rebuilt from a captured position goes on exactly as the original, every-epoch shuffling included. */
class TrainerPositionTest {
    private static final ExperimentConfig EVERY_EPOCH = ExperimentConfig.defaults()
            .withData(ExperimentConfig.defaults().data().withShuffle(Shuffle.EVERY_EPOCH));

    private static Experiment restored(double[] parameters, Optimizer.State optimizer, long epoch, int cursor,
                                       int[] order, long[] orderRngState) {
        Experiment copy = Experiment.build(EVERY_EPOCH);
        copy.network().setParameters(parameters);
        copy.optimizer().restore(optimizer);
        if (orderRngState == null) {
            copy.trainer().restorePosition(epoch, cursor, order);
        } else {
            copy.trainer().restorePosition(epoch, cursor, order, orderRngState);
        }
        return copy;
    }

    @Test
    void aRestoredPositionContinuesBitForBitWithEveryEpochShuffling() {
        Experiment original = Experiment.build(EVERY_EPOCH);
        original.trainer().trainEpochs(7);
        for (int b = 0; b < 4; b++) {
            original.trainer().trainBatch(); // stop mid-epoch
        }
        double[] parameters = original.network().parameters().clone();
        Optimizer.State optimizer = original.optimizer().state();
        long epoch = original.trainer().epoch();
        int cursor = original.trainer().cursor();
        int[] order = original.trainer().order();
        long[] rng = original.trainer().orderRngState();

        Experiment copy = restored(parameters, optimizer, epoch, cursor, order, rng);
        Experiment forgetful = restored(parameters, optimizer, epoch, cursor, order, null);
        original.trainer().trainEpochs(5);
        copy.trainer().trainEpochs(5);
        forgetful.trainer().trainEpochs(5);

        assertArrayEquals(original.trainer().order(), copy.trainer().order(), "the same orders were drawn");
        assertArrayEquals(original.network().parameters(), copy.network().parameters(), 0);
        // without the generator's position a restored trainer draws other orders: the capture matters
        assertFalse(Arrays.equals(original.network().parameters(), forgetful.network().parameters()));
    }
}
