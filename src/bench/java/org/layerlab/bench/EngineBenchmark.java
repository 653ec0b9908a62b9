package org.layerlab.bench;

import java.util.concurrent.TimeUnit;
import org.layerlab.engine.NeuronMaps;
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
 * The engine's figures against shared/workloads.md: epochs per second, every neuron's map on a
 * 100 × 100 grid, and train + test loss, for W1 and W2.
 *
 * <p>Run: {@code mvn -P bench verify -Dbench=EngineBenchmark} (see README).
 */
@State(Scope.Thread)
public class EngineBenchmark {
    @Param({"W1", "W2"})
    public Workload workload;

    private Trainer trainer;
    private NeuronMaps maps;
    private float[][] grid;

    @Setup(Level.Trial)
    public void setUp() {
        trainer = workload.trainer(1);
        grid = workload.gridColumns(100);
        maps = new NeuronMaps(trainer.network().layerSizes(), 100 * 100);
    }

    @TearDown(Level.Trial)
    public void checkTrainingWasReal() {
        // A diverged trainer returns at once and would report an absurd speed.
        if (trainer.diverged() || trainer.epoch() == 0) {
            throw new IllegalStateException("training diverged or never ran: the figure is void");
        }
    }

    /** One epoch of training (W1: 250 samples, 25 updates). Throughput = epochs per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long trainEpoch() {
        trainer.trainEpoch();
        return trainer.epoch();
    }

    /** Every neuron's output over the 100 × 100 grid. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public float[][][] neuronMaps() {
        return maps.evaluate(trainer.network(), grid);
    }

    /** Mean loss over the training set and over the test set. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double trainAndTestLoss() {
        return trainer.evaluateTrain().loss() + trainer.evaluateTest().loss();
    }
}
