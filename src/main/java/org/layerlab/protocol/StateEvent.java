package org.layerlab.protocol;

import java.util.List;
import java.util.Objects;
import org.layerlab.data.Task;
import org.layerlab.training.ExperimentConfig;

/**
 * The session as the controls show it: the {@code state} event.
 *
 * @param running         training continuously (a session without viewers pauses its work, not this flag)
 * @param epoch           completed epochs
 * @param config          the experiment config in force
 * @param diverged        a weight became NaN or infinite; training stopped until reset
 * @param divergedAtEpoch the epoch at which it diverged, or null
 * @param speed           target epochs per second, 0 = as fast as possible
 * @param selected        the neuron whose map is sent at full resolution, or null
 * @param task            what the data asks for (the class count travels with it)
 * @param layerSizes      neurons per layer, inputs first
 * @param featureIds      the input features' ids, one per input neuron
 * @param activations     per layer, inputs first ("input"), then each layer's activation id
 * @param viewers         how many sockets watch this session
 */
public record StateEvent(boolean running, long epoch, ExperimentConfig config, boolean diverged, Long divergedAtEpoch,
                         double speed, NeuronRef selected, Task task, List<Integer> layerSizes,
                         List<String> featureIds, List<String> activations, int viewers) {
    public StateEvent {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(task, "task");
        layerSizes = List.copyOf(layerSizes);
        featureIds = List.copyOf(featureIds);
        activations = List.copyOf(activations);
        if (activations.size() != layerSizes.size()) {
            throw new IllegalArgumentException("one activation per layer: " + activations.size() + " for "
                    + layerSizes.size() + " layers");
        }
    }
}
