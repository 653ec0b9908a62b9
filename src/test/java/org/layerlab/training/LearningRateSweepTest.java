package org.layerlab.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.NetworkLimits;

class LearningRateSweepTest {

    @Test
    void ratesAreLogSpacedWithExactEndsAndDecadesAndThreeDigitsBetween() {
        double[] rates = LearningRateSweep.rates(1e-4, 10, 4);
        assertEquals(21, rates.length);
        assertEquals(1e-4, rates[0], 0);
        assertEquals(1.78e-4, rates[1], 0);   // 10^-3.75 = 1.778...e-4
        assertEquals(3.16e-4, rates[2], 0);   // 10^-3.5
        assertEquals(5.62e-4, rates[3], 0);   // 10^-3.25
        assertEquals(0.001, rates[4], 0);
        assertEquals(0.01, rates[8], 0);
        assertEquals(0.1, rates[12], 0);
        assertEquals(1, rates[16], 0);
        assertEquals(3.16, rates[18], 0);
        assertEquals(10, rates[20], 0);
        assertArrayEquals(new double[] {0.05}, LearningRateSweep.rates(0.05, 0.05, 4));
        assertEquals(7, LearningRateSweep.rateCount(0.001, 1, 2));
    }

    @Test
    void onW1ARateOfTenEndsWorseThanItStartedWithoutDiverging() throws InterruptedException {
        // Measured first (docs/learning-rate.md): W1's tanh units saturate at η = 10, the output sits at
        // ±1 and the loss stays near 1 — above the initial ~0.54 — but no weight becomes NaN or infinite.
        LearningRateSweep.Spec spec = new LearningRateSweep.Spec(ExperimentConfig.defaults(), 10, 10, 4, 3, 300,
                SeedVariation.WEIGHTS);
        LearningRateSweep.Result result = LearningRateSweep.run(spec, 2, null);
        LearningRateSweep.RatePoint ten = result.points().get(0);
        assertEquals(10, ten.rate(), 0);
        assertEquals(0, ten.diverged());
        assertEquals(3, ten.worseThanStart());
        assertTrue(ten.medianTrainLoss() > 0.8, "loss " + ten.medianTrainLoss());
        assertTrue(ten.medianTrainLoss() > ten.medianInitialTrainLoss());
        assertEquals(10, result.verdict(false).firstWorseRate(), 0);
    }

    @Test
    void eachRunEqualsASingleRunAtThatRateAndTheResultIgnoresThreadsAndStepping() throws InterruptedException {
        ExperimentConfig config = ExperimentConfig.fromJson("{\"seed\": 2, \"data\": {\"samples\": 80}}");
        LearningRateSweep.Spec spec = new LearningRateSweep.Spec(config, 0.01, 1, 1, 2, 15, SeedVariation.WEIGHTS);
        LearningRateSweep.Result one = LearningRateSweep.run(spec, 1, null);
        assertEquals(one.toJson(), LearningRateSweep.run(spec, 3, null).toJson());
        assertEquals(one.toJson(), SteppedJob.runToEnd(LearningRateSweep.stepped(spec)).toJson());
        assertEquals(6, one.runs().size());
        for (LearningRateSweep.Run run : one.runs()) {
            double[] initial = Experiment.build(config.withSeed(run.seed())).network().parameters().clone();
            ExperimentConfig atRate = config.withTraining(config.training().withLearningRate(run.rate()));
            Experiment experiment = Experiment.build(atRate);
            experiment.network().setParameters(initial);
            Trainer trainer = experiment.trainer();
            double before = trainer.evaluateTrain().loss();
            trainer.trainEpochs(15);
            assertEquals(before, run.outcome().initialTrainLoss(), 0);
            assertEquals(trainer.evaluateTrain().loss(), run.outcome().finalTrainLoss(), 0, "rate " + run.rate());
            assertEquals(trainer.evaluateTest().loss(), run.outcome().finalTestLoss(), 0, "rate " + run.rate());
        }
    }

    @Test
    void divergedRunsAreCountedAndTheirMedianIsInfinite() throws InterruptedException {
        // plane regression: η = 3 diverges within a few epochs, η = 0.03 does not (measured)
        ExperimentConfig plane = ExperimentConfig.fromJson("{\"data\": {\"dataset\": \"plane\"}}");
        LearningRateSweep.Spec spec = new LearningRateSweep.Spec(plane, 0.03, 3, 1, 2, 30, SeedVariation.WEIGHTS);
        LearningRateSweep.Result result = LearningRateSweep.run(spec, 2, null);
        LearningRateSweep.RatePoint three = result.points().get(2);
        assertEquals(3, three.rate(), 0);
        assertEquals(2, three.diverged());
        assertEquals(Double.POSITIVE_INFINITY, three.medianTestLoss());
        assertEquals(0, result.points().get(0).diverged());
        assertEquals(2, result.divergedCount());
        LearningRateSweep.Verdict verdict = result.verdict(true);
        assertEquals(3, verdict.firstDivergedRate(), 0);
        assertEquals(3, verdict.allDivergedRate(), 0);
        JsonNode json = JsonFields.parseObject(result.toJson(), "sweep").node();
        assertTrue(json.at("/rates/2/medianTestLoss").isNull());
        assertTrue(json.at("/rates/2/runs/0/diverged").booleanValue());
        assertTrue(json.at("/rates/2/runs/0/divergedAtEpoch").intValue() >= 1);
        assertEquals(2, json.at("/summary/diverged").intValue());
    }

    private static FixedEpochRun ends(double initial, double train, double test) {
        return new FixedEpochRun(initial, train, test, Double.NaN, Double.NaN, -1);
    }

    private static FixedEpochRun divergesAt(int epoch) {
        return new FixedEpochRun(0.5, Double.NaN, Double.NaN, Double.NaN, Double.NaN, epoch);
    }

    @Test
    void theVerdictNamesTheBestRateTheRangeWithinTwiceItAndWhereThingsGoWrong() {
        ExperimentConfig config = ExperimentConfig.defaults();
        // rates 0.001, 0.01, 0.1, 1, 10 with two seeds each
        LearningRateSweep.Spec spec = new LearningRateSweep.Spec(config, 0.001, 10, 1, 2, 1, SeedVariation.WEIGHTS);
        double[][] test = {{0.50, 0.48}, {0.03, 0.03}, {0.02, 0.02}, {0.03, 0.04}, {0, 0}};
        List<LearningRateSweep.Run> runs = new ArrayList<>();
        double[] rates = spec.rates();
        for (int r = 0; r < 4; r++) {
            for (int k = 0; k < 2; k++) {
                double initial = 0.5;
                double train = r == 3 && k == 1 ? 0.6 : test[r][k] / 2; // one run at η = 1 ends worse than it began
                runs.add(new LearningRateSweep.Run(r, rates[r], 1 + k, 1, ends(initial, train, test[r][k])));
            }
        }
        runs.add(new LearningRateSweep.Run(4, 10, 1, 1, divergesAt(3)));
        runs.add(new LearningRateSweep.Run(4, 10, 2, 1, ends(0.5, 0.9, 0.9)));
        LearningRateSweep.Result result = LearningRateSweep.summarize(spec, runs);
        // medians of the test loss: 0.49, 0.03, 0.02, 0.035, +∞ (one of two diverged: the median lies
        // between 0.9 and +∞)
        assertEquals(0.49, result.points().get(0).medianTestLoss(), 1e-15);
        assertEquals(0.03, result.points().get(1).medianTestLoss(), 1e-15);
        assertEquals(0.035, result.points().get(3).medianTestLoss(), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, result.points().get(4).medianTestLoss());
        LearningRateSweep.Verdict v = result.verdict(true);
        assertEquals(0.1, v.bestRate(), 0);
        assertEquals(0.02, v.bestMedian(), 0);
        assertEquals(0.01, v.goodFrom(), 0, "0.03 ≤ 2 × 0.02, while 0.49 is not");
        assertEquals(1, v.goodTo(), 0);
        assertEquals(10, v.firstDivergedRate(), 0);
        assertTrue(Double.isNaN(v.allDivergedRate()), "one run at η = 10 did not diverge");
        // median final training loss ≥ median initial (0.5)? At η = 1, (0.02 + 0.6)/2 = 0.31: no; at
        // η = 10 the median is +∞: yes
        assertEquals(10, v.firstWorseRate(), 0);
        assertEquals(1, result.points().get(3).worseThanStart());
        assertEquals(1, result.divergedCount());
    }

    @Test
    void aRequestDocumentIsReadWithDefaultsAndEveryBadFieldIsNamed() {
        LearningRateSweep.Spec defaults = LearningRateSweep.parse("{}", NetworkLimits.DEFAULT);
        assertEquals(21, defaults.rates().length);
        assertEquals(3, defaults.seeds());
        assertEquals(300, defaults.epochs());
        assertEquals(defaults, LearningRateSweep.parse(defaults.toJsonTree().toString(), NetworkLimits.DEFAULT));
        assertField("minRate", "minRate must be in (0, 10], got 0", "{\"minRate\": 0}");
        assertField("maxRate", "maxRate must be in [0.1, 10] (from minRate to the largest learning rate), got 0.01", "{\"minRate\": 0.1, \"maxRate\": 0.01}");
        assertField("maxRate", "maxRate must be in [0.0001, 10] (from minRate to the largest learning rate), got 11", "{\"maxRate\": 11}");
        assertField("perDecade", "perDecade must be in [1, 20], got 0", "{\"perDecade\": 0}");
        assertField("perDecade", "minRate 0.000000001 to maxRate 10 at perDecade 20 gives 201 rates; at most 200",
                "{\"minRate\": 1e-9, \"perDecade\": 20}");
        assertField("seeds", "seeds must be in [1, 100], got 101", "{\"seeds\": 101}");
        assertField("minRate", "minRate must be a number, got \"low\"", "{\"minRate\": \"low\"}");
        assertFalse(defaults.config().data().isCustom());
    }

    private static void assertField(String field, String messageStart, String json) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> LearningRateSweep.parse(json, NetworkLimits.DEFAULT));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }
}
