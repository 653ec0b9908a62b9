package org.layerlab.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.insight.LossLandscape;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.LearningRateSweep;
import org.layerlab.training.SeedMinima;
import org.layerlab.training.SeedVariation;

class ExperimentJobsTest {
    private final Scheduler scheduler = new Scheduler(1);
    private ExperimentJobs jobs;

    @AfterEach
    void stop() {
        if (jobs != null) {
            jobs.close();
        }
        scheduler.close();
    }

    private ObjectNode status(String id) {
        return jobs.status(id).orElseThrow();
    }

    /** Asks for the job's status until it has finished (done, failed or cancelled). */
    private ObjectNode awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            ObjectNode status = status(id);
            String state = status.get("state").textValue();
            if (!state.equals("queued") && !state.equals("running")) {
                return status;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " did not finish: " + status(id));
    }

    private static SeedMinima.Spec minima(int seeds, int epochs) {
        return new SeedMinima.Spec(ExperimentConfig.fromJson("{\"data\": {\"samples\": 100}}"), seeds, epochs,
                SeedVariation.WEIGHTS);
    }

    @Test
    void aJobRunsInSlicesOnTheWorkersAndGivesTheCoresResult() throws InterruptedException {
        jobs = new ExperimentJobs(scheduler, JobLimits.classroom());
        SeedMinima.Spec spec = minima(3, 30);
        String id = jobs.submit(spec);
        ObjectNode done = awaitEnd(id);
        assertEquals("done", done.get("state").textValue());
        assertEquals("minima", done.get("kind").textValue());
        assertEquals(1.0, done.get("progress").doubleValue(), 0);
        assertEquals(SeedMinima.run(spec, 1, null).toJsonTree(true).toString(), done.get("result").toString());

        LearningRateSweep.Spec sweep = LearningRateSweep.parse("{\"config\": {\"data\": {\"samples\": 100}},"
                + " \"minRate\": 0.01, \"maxRate\": 1, \"perDecade\": 1, \"seeds\": 2, \"epochs\": 10}", NetworkLimits.DEFAULT);
        ObjectNode swept = awaitEnd(jobs.submit(sweep));
        assertEquals(LearningRateSweep.run(sweep, 2, null).toJsonTree().toString(), swept.get("result").toString());
    }

    @Test
    void oneJobPerWorkerRunsTheNextWaitsAndBeyondTheQueueTheServerIsBusy() throws InterruptedException {
        jobs = new ExperimentJobs(scheduler, JobLimits.classroom().withMaxQueued(1));
        assertEquals(1, jobs.slots());
        String longJob = jobs.submit(minima(50, 5000)); // about 15 s of one core
        String waiting = jobs.submit(minima(2, 5));
        assertEquals("running", status(longJob).get("state").textValue());
        ObjectNode queued = status(waiting);
        assertEquals("queued", queued.get("state").textValue());
        assertEquals(1, queued.get("position").intValue());
        JobRefusedException busy = assertThrows(JobRefusedException.class, () -> jobs.submit(minima(2, 5)));
        assertTrue(busy.busy());
        assertTrue(busy.getMessage().startsWith("The server is busy: 1 job is running and 1 is waiting."),
                busy.getMessage());

        assertTrue(jobs.cancel(longJob));
        assertEquals("cancelled", awaitEnd(longJob).get("state").textValue());
        assertEquals("done", awaitEnd(waiting).get("state").textValue(), "the waiting job got the free slot");
        assertEquals(0, jobs.runningCount());
        assertFalse(jobs.cancel("no-such-job"));
        assertTrue(jobs.status("no-such-job").isEmpty());
    }

    @Test
    void jobsTooLargeForASharedServerAreRefusedNamingTheField() {
        jobs = new ExperimentJobs(scheduler, JobLimits.classroom());
        JobRefusedException seeds = assertThrows(JobRefusedException.class, () -> jobs.submit(minima(51, 10)));
        assertEquals("seeds", seeds.field());
        assertEquals("seeds must be at most 50 on this shared server, got 51; run `layerlab minima` on your own"
                + " machine for more", seeds.getMessage());
        assertFalse(seeds.busy());
        JobRefusedException rates = assertThrows(JobRefusedException.class, () -> jobs.submit(LearningRateSweep.parse(
                "{\"perDecade\": 9}", NetworkLimits.DEFAULT)));
        assertEquals("perDecade", rates.field());
        assertTrue(rates.getMessage().startsWith("minRate to maxRate at perDecade 9 gives 46 rates; this server runs"
                + " at most 41 per sweep"), rates.getMessage());
        JobRefusedException grid = assertThrows(JobRefusedException.class, () -> jobs.submit(LossLandscape.parse(
                "{\"resolution\": 121}", NetworkLimits.DEFAULT)));
        assertEquals("resolution", grid.field());
        // W2 from 50 seeds for 5,000 epochs: 50 · 5,000 · 3 · 250 points · 433 parameters ≈ 8.1e10
        JobRefusedException work = assertThrows(JobRefusedException.class, () -> jobs.submit(new SeedMinima.Spec(
                ExperimentConfig.fromJson("{\"data\": {\"dataset\": \"spiral\"}, \"features\": [\"x1\", \"x2\","
                        + " \"x1sq\", \"x2sq\", \"x1x2\", \"sinx1\", \"sinx2\"], \"network\": {\"hidden\": [8, 8, 8, 8,"
                        + " 8, 8]}}"), 50, 5000, SeedVariation.WEIGHTS)));
        assertEquals("seeds", work.field());
        assertTrue(work.getMessage().startsWith("this job is too large for the shared server: about 8.1e+10"),
                work.getMessage());
        assertEquals(0, jobs.queuedCount());
    }

    @Test
    void aJobWhosePageStoppedAskingIsCancelled() throws InterruptedException {
        jobs = new ExperimentJobs(scheduler, JobLimits.classroom().withAbandonAfter(Duration.ofMillis(1)));
        String id = jobs.submit(minima(50, 5000));
        Thread.sleep(20);
        jobs.sweep();
        assertEquals("cancelled", awaitEnd(id).get("state").textValue());
    }

    @Test
    void aJobThatCannotBeCarriedOutFailsWithTheCoresMessage() throws InterruptedException {
        jobs = new ExperimentJobs(scheduler, JobLimits.classroom());
        String id = jobs.submit(LossLandscape.parse("{\"config\": {\"data\": {\"dataset\": \"plane\"},"
                + " \"training\": {\"learningRate\": 3}}, \"epochs\": 50}", NetworkLimits.DEFAULT));
        ObjectNode failed = awaitEnd(id);
        assertEquals("failed", failed.get("state").textValue());
        assertEquals("seed", failed.at("/error/field").textValue());
        assertTrue(failed.at("/error/message").textValue().startsWith("this run diverged at epoch"));
    }
}
