package org.layerlab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.layerlab.engine.NetworkEnsemble;
import org.layerlab.engine.NetworkSpec;
import org.layerlab.engine.Regularization;
import org.layerlab.training.Trainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One epoch of 20 W2 networks (seeds 1..20, as a race's repeat trains them): one at a time through
 * {@link Trainer}, against all together on a {@link NetworkEnsemble}. The two compute the same
 * numbers (engine and race tests check every bit); this measures what lock-step buys.
 *
 * <p>Run: {@code mvn -P bench verify -Dbench=EnsembleBenchmark -Dbench.args="-f 1 -wi 3 -i 5"}.
 */
@State(Scope.Thread)
public class EnsembleBenchmark {
    /** W2's hidden activation for all twenty networks. */
    @Param({"relu", "sigmoid"})
    public String activation;

    @Param({"8", "16", "20", "32", "64"})
    public int networks;

    private List<Trainer> trainers;
    private NetworkEnsemble ensemble;
    private double[][] inputs;
    private double[][] targets;
    private int[][] orders;
    private final boolean[] finite = new boolean[64];
    private int samples;
    private long ensembleEpochs;

    @Setup(Level.Trial)
    public void setUp() {
        trainers = new ArrayList<>();
        List<NetworkSpec> specs = new ArrayList<>();
        inputs = new double[networks][];
        targets = new double[networks][];
        orders = new int[networks][];
        for (int m = 0; m < networks; m++) {
            Trainer trainer = Workload.W2.trainer(1 + m, activation);
            trainers.add(trainer);
            specs.add(trainer.network().spec());
            inputs[m] = trainer.trainSamples().inputs();
            targets[m] = trainer.trainSamples().targets();
            orders[m] = trainer.order();
        }
        samples = trainers.get(0).trainSamples().count();
        ensemble = new NetworkEnsemble(specs, trainers.get(0).optimizer().spec(), 10);
        for (int m = 0; m < networks; m++) {
            ensemble.setParameters(m, trainers.get(m).network().parameters());
        }
    }

    @TearDown(Level.Trial)
    public void checkTrainingWasReal() {
        // Each benchmark method trains only its own side, so each side is checked if it ran.
        for (Trainer trainer : trainers) {
            if (trainer.diverged()) {
                throw new IllegalStateException("a lone network diverged: the figure is void");
            }
        }
        if (ensembleEpochs > 0) {
            ensemble.finiteModels(finite);
            for (int m = 0; m < networks; m++) {
                if (!finite[m]) {
                    throw new IllegalStateException("ensemble network " + m + " diverged: the figure is void");
                }
            }
        } else if (trainers.get(0).epoch() == 0) {
            throw new IllegalStateException("nothing was trained: the figure is void");
        }
    }

    /** 20 networks × one epoch, each through its own Trainer (Network's batched kernels). */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long oneAtATime() {
        long epochs = 0;
        for (Trainer trainer : trainers) {
            trainer.trainEpoch();
            epochs += trainer.epoch();
        }
        return epochs;
    }

    /** The same 20 networks × one epoch in lock-step: batches of 10, update, finiteness check. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean ensemble() {
        for (int from = 0; from < samples; from += 10) {
            int to = Math.min(samples, from + 10);
            ensemble.accumulateBatch(inputs, targets, orders, from, to);
            ensemble.update(to - from, 0.03, Regularization.NONE, 0);
            ensemble.finiteModels(finite);
        }
        ensembleEpochs++;
        return finite[0];
    }
}
