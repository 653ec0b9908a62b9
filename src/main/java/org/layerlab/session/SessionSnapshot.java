package org.layerlab.session;

import java.util.Objects;
import org.layerlab.data.UserData;
import org.layerlab.engine.Optimizer;
import org.layerlab.protocol.History;
import org.layerlab.protocol.NeuronRef;
import org.layerlab.training.ExperimentConfig;

/**
 * A session's whole training state as a value: restoring it into a session continues exactly where
 * it was captured (same weights, optimizer memory, position in the epoch and visiting order). The
 * points are not stored: the config (and {@code userData} for custom data) regenerates them.
 *
 * <p>One gap: under {@code data.shuffle: every-epoch} the trainer's order generator is not
 * reachable from outside {@code training.Trainer}, so a restored session draws the orders of later
 * epochs afresh from the seed; the current epoch's order is kept.
 *
 * @param config          the config in force
 * @param userData        the uploaded points when the data is custom, else null
 * @param parameters      every weight and bias
 * @param optimizer       the optimizer's memory
 * @param epoch           completed epochs
 * @param cursor          position in the current epoch
 * @param order           the current epoch's visiting order
 * @param orderRngState   the position of the every-epoch shuffle's generator, or null
 * @param divergedAtEpoch the epoch training diverged at, or null
 * @param speed           target epochs per second, 0 = as fast as possible
 * @param selected        the selected neuron, or null
 * @param history         the loss history
 */
public record SessionSnapshot(ExperimentConfig config, UserData userData, double[] parameters,
                              Optimizer.State optimizer, long epoch, int cursor, int[] order, long[] orderRngState,
                              Long divergedAtEpoch,
                              double speed, NeuronRef selected, History history) {
    public SessionSnapshot {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(history, "history");
        parameters = parameters.clone();
        order = order.clone();
        orderRngState = orderRngState == null ? null : orderRngState.clone();
        if (epoch < 0 || cursor < 0) {
            throw new IllegalArgumentException("epoch and cursor must not be negative");
        }
    }

    @Override
    public double[] parameters() {
        return parameters.clone();
    }

    @Override
    public int[] order() {
        return order.clone();
    }

    @Override
    public long[] orderRngState() {
        return orderRngState == null ? null : orderRngState.clone();
    }
}
