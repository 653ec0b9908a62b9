package org.layerlab.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.protocol.RaceCommand;
import org.layerlab.protocol.RaceLimits;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.LearningRateSweep;
import org.layerlab.training.Race;
import org.layerlab.training.SeedMinima;
import org.layerlab.training.SeedVariation;

/**
 * The race page's repeats and the learning-rate page's jobs under one admission ({@link JobSlots}),
 * on one worker: one heavy job at a time whichever page asked, the other waiting with its place, then
 * running to the core's own result; and the refusals (queue full, client limit) reaching a race page.
 */
class SharedAdmissionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A quick race: circle, 60 points, one hidden layer of 4 (RaceSessionTest's). */
    private static final Race.Spec QUICK = Race.parse("{\"base\": {\"seed\": 5, \"data\": {\"samples\": 60},"
            + " \"network\": {\"hidden\": [4]}, \"training\": {\"learningRate\": 0.1}},"
            + " \"contestants\": [{\"name\": \"tanh\", \"overrides\": {}}, {\"name\": \"relu\", \"overrides\":"
            + " {\"network\": {\"activation\": \"relu\"}}}], \"target\": 0.2, \"maxEpochs\": 60, \"seeds\": 3}");
    /** About 15 s of one core: it is still running when the test cancels it. */
    private static final SeedMinima.Spec LONG_MINIMA = new SeedMinima.Spec(
            ExperimentConfig.fromJson("{\"data\": {\"samples\": 100}}"), 50, 5000, SeedVariation.WEIGHTS);

    private final Scheduler scheduler = new Scheduler(1);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        scheduler.close();
    }

    private RaceHub hub(JobSlots slots) {
        RaceHub hub = new RaceHub(scheduler, RaceLimits.defaults(), 10, slots);
        closing.add(hub);
        return hub;
    }

    private ExperimentJobs jobs(JobSlots slots) {
        ExperimentJobs jobs = new ExperimentJobs(scheduler, JobLimits.classroom(), slots);
        closing.add(jobs);
        return jobs;
    }

    private static RaceSession open(RaceHub hub, RaceTestViewer viewer, String client) throws InterruptedException {
        RaceSession session = hub.open(viewer, client);
        viewer.session = session;
        viewer.await("hello", e -> true, WAIT);
        return session;
    }

    private static ObjectNode awaitState(ExperimentJobs jobs, String id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ObjectNode status = jobs.status(id).orElseThrow();
        while (System.nanoTime() < deadline) {
            status = jobs.status(id).orElseThrow();
            if (status.get("state").textValue().equals(state)) {
                return status;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + id + " never reached " + state + ": " + status);
    }

    @Test
    void aSweepWaitsBehindARaceRepeatWithPlaceOneThenRunsToTheCoresResult() throws Exception {
        JobSlots slots = new JobSlots(1, 64, 4);
        RaceHub hub = hub(slots);
        ExperimentJobs jobs = jobs(slots);
        assertEquals(1, hub.jobSlots());
        assertEquals(1, jobs.slots());
        RaceTestViewer page = new RaceTestViewer();
        RaceSession race = open(hub, page, "a");
        // The spiral race over 10 seeds: many seconds of one worker, cancelled below.
        race.command(new RaceCommand.SetRace(Race.defaultRace("spiral").withSeeds(10)));
        race.command(new RaceCommand.Repeat());
        page.await("progress", p -> p.get("state").asText().equals("running"), WAIT);

        LearningRateSweep.Spec sweep = LearningRateSweep.parse("{\"config\": {\"data\": {\"samples\": 100}},"
                + " \"minRate\": 0.01, \"maxRate\": 1, \"perDecade\": 1, \"seeds\": 2, \"epochs\": 10}",
                NetworkLimits.DEFAULT);
        String id = jobs.submit(sweep, "b");
        ObjectNode waiting = jobs.status(id).orElseThrow();
        assertEquals("queued", waiting.get("state").textValue(), "one slot, and the race repeat holds it");
        assertEquals(1, waiting.get("position").intValue());
        assertEquals(1, slots.running());
        assertEquals(1, hub.runningJobs());
        assertEquals(0, jobs.runningCount());
        assertEquals(1, jobs.queuedCount());
        Thread.sleep(300);
        assertEquals("queued", jobs.status(id).orElseThrow().get("state").textValue(), "still waiting its turn");

        race.command(new RaceCommand.Cancel());
        page.await("progress", p -> p.get("state").asText().equals("cancelled"), WAIT);
        ObjectNode done = awaitState(jobs, id, "done");
        assertEquals(LearningRateSweep.run(sweep, 2, null).toJsonTree().toString(), done.get("result").toString());
        assertEquals(0, slots.running());
        assertEquals(0, hub.runningJobs());
    }

    @Test
    void aRaceRepeatWaitsBehindAMinimaJobWithPlaceOneAndASweepBehindItThenBothRun() throws Exception {
        JobSlots slots = new JobSlots(1, 64, 4);
        RaceHub hub = hub(slots);
        ExperimentJobs jobs = jobs(slots);
        String minima = jobs.submit(LONG_MINIMA, "a");
        assertEquals("running", jobs.status(minima).orElseThrow().get("state").textValue());

        RaceTestViewer page = new RaceTestViewer();
        RaceSession race = open(hub, page, "b");
        race.command(new RaceCommand.SetRace(QUICK));
        race.command(new RaceCommand.Repeat());
        JsonNode queued = page.await("progress", p -> p.get("state").asText().equals("queued"), WAIT);
        assertEquals(1, queued.get("queuePosition").asInt(), "the race waits behind the learning-rate page's job");
        LearningRateSweep.Spec sweep = LearningRateSweep.parse("{\"config\": {\"data\": {\"samples\": 100}},"
                + " \"minRate\": 0.1, \"maxRate\": 1, \"perDecade\": 1, \"seeds\": 1, \"epochs\": 5}",
                NetworkLimits.DEFAULT);
        String behind = jobs.submit(sweep, "c");
        assertEquals(2, jobs.status(behind).orElseThrow().get("position").intValue(), "one queue for both pages");
        assertEquals(1, hub.queuedJobs());
        assertEquals(1, jobs.queuedCount());
        assertEquals(2, slots.queued());

        assertTrue(jobs.cancel(minima));
        awaitState(jobs, minima, "cancelled");
        JsonNode result = page.await("result", r -> true, WAIT);
        Race.Result expected = Race.run(QUICK, 1, null);
        for (int c = 0; c < expected.standings().size(); c++) {
            double median = expected.standings().get(c).median();
            JsonNode shown = result.at("/contestants/" + c + "/median");
            if (Double.isFinite(median)) {
                assertEquals(median, shown.asDouble(), 0.0, "contestant " + c);
            } else {
                assertTrue(shown.isNull(), "never (null) for contestant " + c + ", got " + shown);
            }
        }
        assertEquals("running", page.events("progress").stream().map(p -> p.get("state").asText())
                .filter(s -> !s.equals("queued")).findFirst().orElseThrow(), "from the queue straight to running");
        ObjectNode done = awaitState(jobs, behind, "done");
        assertEquals(LearningRateSweep.run(sweep, 1, null).toJsonTree().toString(), done.get("result").toString());
    }

    @Test
    void aRacePageIsToldWhenTheSharedQueueIsFullOrItsClientHoldsItsShare() throws Exception {
        JobSlots slots = new JobSlots(1, 1, 2);
        RaceHub hub = hub(slots);
        ExperimentJobs jobs = jobs(slots);
        String running = jobs.submit(LONG_MINIMA, "student");
        String waiting = jobs.submit(LONG_MINIMA, "student");
        assertEquals(1, jobs.status(waiting).orElseThrow().get("position").intValue());

        RaceTestViewer same = new RaceTestViewer();
        RaceSession sameClient = open(hub, same, "student");
        sameClient.command(new RaceCommand.SetRace(QUICK));
        sameClient.command(new RaceCommand.Repeat());
        JsonNode limit = same.await("error", e -> e.get("command").asText().equals("repeat"), WAIT);
        assertEquals("You already have 2 jobs waiting or running on this server, the most one client may have at"
                + " once (2). Wait for one to finish, or cancel one, then try again.", limit.get("message").asText());
        assertTrue(limit.get("field").isNull());
        // the answer to the refused command: the race as it is, without a job
        JsonNode state = same.await("raceState", s -> s.get("race") != null && !s.get("race").isNull(), WAIT);
        assertTrue(same.events("raceState").get(same.events("raceState").size() - 1).get("job").isNull(),
                "a refused repeat leaves no job: " + state);

        RaceTestViewer other = new RaceTestViewer();
        RaceSession otherClient = open(hub, other, "someone else");
        otherClient.command(new RaceCommand.SetRace(QUICK));
        otherClient.command(new RaceCommand.Repeat());
        JsonNode busy = other.await("error", e -> e.get("command").asText().equals("repeat"), WAIT);
        assertEquals("The server is busy: 1 job is running and 1 is waiting. Try again in a minute.",
                busy.get("message").asText());
        assertEquals(0, hub.queuedJobs());

        // The student cancels the waiting job: the share and the queue place are free again.
        assertTrue(jobs.cancel(waiting));
        sameClient.command(new RaceCommand.Repeat());
        JsonNode queued = same.await("progress", p -> p.get("state").asText().equals("queued"), WAIT);
        assertEquals(1, queued.get("queuePosition").asInt());
        assertTrue(jobs.cancel(running));
        same.await("result", r -> true, WAIT);
    }
}
