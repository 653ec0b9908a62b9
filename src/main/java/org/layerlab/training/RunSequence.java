package org.layerlab.training;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Runs of fixed length, one after another, one epoch per step: the stepped form of
 * {@link SeedMinima} and {@link LearningRateSweep}. Run k is built by {@code build}, trained by
 * {@link FixedEpochRun.Training} — the very code {@link FixedEpochRun#train} runs — and turned into a
 * record by {@code finish}, so stepping gives the same runs as the parallel form.
 */
final class RunSequence<T> {

    /** How run k's result is made from its experiment and outcome. */
    interface Finish<T> {
        T apply(int index, Experiment experiment, FixedEpochRun outcome);
    }

    private final int count;
    private final int epochs;
    private final IntFunction<Experiment> build;
    private final Finish<T> finish;
    private final List<T> done = new ArrayList<>();
    private Experiment experiment;
    private FixedEpochRun.Training training;

    RunSequence(int count, int epochs, IntFunction<Experiment> build, Finish<T> finish) {
        this.count = count;
        this.epochs = epochs;
        this.build = build;
        this.finish = finish;
    }

    /** Builds the next run (one step) or trains the current one an epoch; true when every run is done. */
    boolean step() {
        if (done.size() == count) {
            return true;
        }
        if (training == null) {
            experiment = build.apply(done.size());
            training = new FixedEpochRun.Training(experiment.trainer(), epochs);
            if (training.result() == null) {
                return false;
            }
        } else if (!training.step()) {
            return false;
        }
        done.add(finish.apply(done.size(), experiment, training.result()));
        experiment = null;
        training = null;
        return done.size() == count;
    }

    double progress() {
        long total = (long) count * Math.max(1, epochs);
        long finished = (long) done.size() * Math.max(1, epochs) + (training == null ? 0 : training.epochsDone());
        return total == 0 ? 1 : Math.min(1, (double) finished / total);
    }

    /** Every run's result, in order. */
    List<T> results() {
        return List.copyOf(done);
    }

    /** These runs as a job whose result, once every run is done, is {@code assemble} of their results. */
    <R> SteppedJob<R> then(Function<List<T>, R> assemble) {
        return new SteppedJob<>() {
            private R result;

            @Override
            public boolean step() {
                if (result == null && RunSequence.this.step()) {
                    result = assemble.apply(results());
                }
                return result != null;
            }

            @Override
            public double progress() {
                return RunSequence.this.progress();
            }

            @Override
            public R result() {
                return result;
            }
        };
    }
}
