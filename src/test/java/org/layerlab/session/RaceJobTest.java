package org.layerlab.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.layerlab.protocol.RaceEventCodec.JobState;
import org.layerlab.protocol.RaceEventCodec.Progress;
import org.layerlab.training.Race;

/**
 * Repeats over seeds driven directly on a real scheduler, their {@link Race.Result} checked
 * against {@link Race#run} run by run and bit for bit: a default race (every contestant in one
 * ensemble group) and a race whose contestants cannot share ensembles (more ensemble jobs than
 * lanes); their progress; cancelling half-way; and a race that fails to build.
 */
class RaceJobTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    /** Circle, 60 points, one hidden layer of 4 (RaceSessionTest's quick race), 8 seeds. */
    private static final String MIXED = "{\"base\": {\"seed\": 5, \"data\": {\"samples\": 60},"
            + " \"network\": {\"hidden\": [4]}, \"training\": {\"learningRate\": 0.1}},"
            + " \"contestants\": ["
            + "{\"name\": \"tanh\", \"overrides\": {}},"
            + "{\"name\": \"relu\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}},"
            + "{\"name\": \"slow tanh\", \"overrides\": {\"training\": {\"learningRate\": 0.03}}},"
            + "{\"name\": \"fast sigmoid\", \"overrides\": {\"network\": {\"activation\": \"sigmoid\"},"
            + " \"training\": {\"learningRate\": 0.3}}}],"
            + " \"target\": 0.2, \"maxEpochs\": 60, \"seeds\": 8}";

    private final RaceHubs hubs = new RaceHubs();

    /** A hub on {@code workers} workers (so that many lanes per repeat) with {@code slots} job slots. */
    private RaceHub hub(int workers, int slots) {
        return hubs.open(workers, slots);
    }

    @AfterEach
    void close() {
        hubs.close();
    }

    /** A repeat of {@code spec} owned by a race page without a browser, submitted to the hub. */
    private static RaceJob submit(RaceHub hub, Race.Spec spec) {
        RaceSession owner = hub.open(new RaceTestViewer());
        RaceJob job = hub.newJob(spec, owner);
        hub.submit(job);
        return job;
    }

    /** Waits for {@code job} to reach {@code state}, checking on the way that its count never goes back. */
    private static List<Progress> awaitState(RaceJob job, JobState state) throws InterruptedException {
        List<Progress> seen = new ArrayList<>();
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Progress progress = job.progress();
            if (!seen.isEmpty()) {
                assertTrue(progress.done() >= seen.get(seen.size() - 1).done(), "progress never goes back: " + seen);
            }
            seen.add(progress);
            if (progress.state() == state) {
                return seen;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the repeat did not reach " + state + " within " + WAIT + "; last " + job.progress());
    }

    private static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    private static void assertSameNumber(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + ": expected " + expected + ", got " + actual);
    }

    /** Every run and every statistic the same, to the bit. */
    private static void assertSameResult(Race.Result expected, Race.Result actual) {
        assertEquals(expected.standings().size(), actual.standings().size());
        for (int c = 0; c < expected.standings().size(); c++) {
            Race.Standing want = expected.standings().get(c);
            Race.Standing got = actual.standings().get(c);
            assertEquals(want.name(), got.name());
            assertSameNumber(want.median(), got.median(), want.name() + " median");
            assertSameNumber(want.q1(), got.q1(), want.name() + " q1");
            assertSameNumber(want.q3(), got.q3(), want.name() + " q3");
            assertEquals(want.notReached(), got.notReached(), want.name() + " not reached");
            assertSameNumber(want.meanFinalTestLoss(), got.meanFinalTestLoss(), want.name() + " mean final test loss");
            assertSameNumber(want.ratioToFirst(), got.ratioToFirst(), want.name() + " ratio");
            assertEquals(want.runs().size(), got.runs().size(), want.name() + " runs");
            for (int s = 0; s < want.runs().size(); s++) {
                Race.Run run = want.runs().get(s);
                Race.Run other = got.runs().get(s);
                String which = want.name() + " seed " + run.seed();
                assertEquals(run.contestant(), other.contestant(), which);
                assertEquals(run.seed(), other.seed(), which);
                assertEquals(run.epochsToTarget(), other.epochsToTarget(), which + " epochs to target");
                assertEquals(run.epochsTrained(), other.epochsTrained(), which + " epochs trained");
                assertEquals(run.diverged(), other.diverged(), which + " diverged");
                assertSameNumber(run.finalTrainLoss(), other.finalTrainLoss(), which + " final train loss");
                assertSameNumber(run.finalTestLoss(), other.finalTestLoss(), which + " final test loss");
                assertArrayEquals(run.curveEpochs(), other.curveEpochs(), which + " curve epochs");
                assertArrayEquals(bits(run.curveTestLoss()), bits(other.curveTestLoss()), which + " curve");
            }
        }
    }

    /** The job ran to the end: DONE, every run counted, and its slot already free (released before DONE). */
    private static void assertDone(RaceHub hub, RaceJob job, List<Progress> seen) {
        Progress last = seen.get(seen.size() - 1);
        assertEquals(JobState.DONE, last.state());
        assertEquals(job.total(), last.total());
        assertEquals(job.total(), last.done(), "progress reaches the total");
        assertEquals(job.id(), last.job());
        assertEquals(0, hub.admission().running(), "the slot is free once the repeat is done");
    }

    private static void awaitNoneRunning(RaceHub hub) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (hub.admission().running() > 0 && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertEquals(0, hub.admission().running(), "the repeat's slot is free again");
    }

    /** Repeats {@code spec} on the hub to the end and checks it equals Race.run's result, which it returns. */
    private static Race.Result repeatEqualsRaceRun(RaceHub hub, Race.Spec spec, int runs) throws Exception {
        Race.Result expected = Race.run(spec, 1, null);
        RaceJob job = submit(hub, spec);
        List<Progress> seen = awaitState(job, JobState.DONE);
        assertEquals(runs, job.total());
        assertDone(hub, job, seen);
        assertSameResult(expected, job.result());
        return expected;
    }

    @Test
    void aDefaultRaceGivesRaceRunsResultRunByRun() throws Exception {
        RaceHub hub = hub(2, 1);
        Race.Spec spec = Race.defaultRace("circle").withSeeds(5);
        // 4 activations × 5 seeds in one group, dealt to 2 ensembles of 12 and 8 networks.
        assertEquals(2, Race.ensembleJobs(spec, hub.lanesPerJob(), null).size());
        Race.Result expected = repeatEqualsRaceRun(hub, spec, 20);
        assertTrue(expected.standings().get(0).notReached() < 5, "some sigmoid run reaches the target: "
                + expected.toCsv());
    }

    @Test
    void contestantsThatCannotShareAnEnsembleGiveRaceRunsResultToo() throws Exception {
        RaceHub hub = hub(2, 1);
        Race.Spec spec = Race.parse(MIXED);
        // Three groups (tanh with relu; the slower learning rate; the faster one), each dealt to two
        // ensembles: 6 jobs for 2 lanes, the first two of 8 networks (in lock-step), four of 4 (alone).
        assertEquals(6, Race.ensembleJobs(spec, hub.lanesPerJob(), null).size());
        Race.Result expected = repeatEqualsRaceRun(hub, spec, 32);
        // The contestants differ in the outcome, so a mix-up of runs between them would show.
        assertTrue(expected.standings().get(2).notReached() > expected.standings().get(0).notReached(),
                "the slower learning rate misses the target more often: " + expected.toCsv());
    }

    @Test
    void cancellingHalfWayStopsTheRunsAndFreesTheSlotForTheNextRepeat() throws Exception {
        RaceHub hub = hub(2, 1); // one slot: the second repeat waits for the first's
        // Linear regression on noisy points: "wild" (learning rate 1) diverges within a few epochs,
        // "calm" can never get near a test loss of 1e-9 and would train a million epochs per seed
        // (many minutes): only a cancel that really stops the lanes frees the slot within the wait.
        Race.Spec endless = Race.parse("{\"base\": {\"seed\": 3, \"data\": {\"dataset\": \"plane\","
                + " \"samples\": 400, \"noise\": 50}, \"network\": {\"hidden\": [8, 8, 8], \"activation\": \"linear\"},"
                + " \"training\": {\"learningRate\": 1, \"batchSize\": 7}},"
                + " \"contestants\": [{\"name\": \"wild\", \"overrides\": {}},"
                + " {\"name\": \"calm\", \"overrides\": {\"training\": {\"learningRate\": 0.001}}}],"
                + " \"target\": 1e-9, \"maxEpochs\": 1000000, \"seeds\": 4}");
        Race.Spec quick = Race.parse(MIXED).withSeeds(2);
        RaceJob first = submit(hub, endless);
        RaceJob second = submit(hub, quick);
        assertEquals(JobState.QUEUED, second.progress().state());
        assertEquals(1, second.progress().queuePosition());

        long end = System.nanoTime() + WAIT.toNanos();
        while (first.done() == 0 && System.nanoTime() < end) {
            Thread.sleep(1);
        }
        assertTrue(first.done() > 0, "a wild run diverged and was counted");
        hub.cancel(first);
        assertEquals(JobState.CANCELLED, first.progress().state());

        // The second starts only when every lane of the first has stopped and released the slot.
        List<Progress> seen = awaitState(second, JobState.DONE);
        assertDone(hub, second, seen);
        assertSameResult(Race.run(quick, 1, null), second.result());

        int doneAtCancel = first.done();
        assertTrue(doneAtCancel <= endless.seeds(), "no calm run finished: " + doneAtCancel + " of " + first.total());
        Thread.sleep(300);
        Progress after = first.progress();
        assertEquals(JobState.CANCELLED, after.state());
        assertEquals(doneAtCancel, after.done(), "no run counted after the cancel");
        assertNull(first.result(), "a cancelled repeat has no result");
        assertEquals(0, hub.runningJobs());
        assertEquals(0, hub.queuedJobs());
    }

    @Test
    void aRaceWhoseRunsCannotBeBuiltFailsAndFreesItsSlot() throws Exception {
        RaceHub hub = hub(2, 1);
        // Parses (the fraction is in range) but leaves no point to train on when a seed's data is built.
        Race.Spec broken = Race.parse("{\"base\": {\"data\": {\"samples\": 10, \"trainFraction\": 0.05}},"
                + " \"contestants\": [{\"name\": \"tanh\", \"overrides\": {}},"
                + " {\"name\": \"relu\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}}], \"seeds\": 2}");
        RaceJob job = submit(hub, broken);
        awaitState(job, JobState.CANCELLED);
        awaitNoneRunning(hub);
        assertEquals(0, job.done());
        assertNull(job.result());

        // The slot serves the next repeat.
        Race.Spec quick = Race.parse(MIXED).withSeeds(1);
        RaceJob next = submit(hub, quick);
        assertDone(hub, next, awaitState(next, JobState.DONE));
        assertSameResult(Race.run(quick, 1, null), next.result());
    }
}
