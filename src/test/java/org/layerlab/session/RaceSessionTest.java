package org.layerlab.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.layerlab.insight.FrameProbe;
import org.layerlab.protocol.FrameCodec;
import org.layerlab.protocol.RaceCommand;
import org.layerlab.protocol.RaceFrameCodec;
import org.layerlab.protocol.RaceLimits;
import org.layerlab.training.Race;

/**
 * Race sessions on a real scheduler, checked against {@link Race#runOne} and {@link Race#run}
 * computed here: the live race, its frames and maps, the repeat over seeds, the queue of repeats,
 * cancelling, closing and bad commands.
 */
class RaceSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A quick race: circle, 60 points, one hidden layer of 4 (RaceTest's). */
    private static final String SMALL = "{\"base\": {\"seed\": 5, \"data\": {\"samples\": 60},"
            + " \"network\": {\"hidden\": [4]}, \"training\": {\"learningRate\": 0.1}},"
            + " \"contestants\": [%s], \"target\": 0.2, \"maxEpochs\": 60, \"seeds\": 3}";

    private final RaceHubs hubs = new RaceHubs();

    private RaceHub hub(int workers) {
        return hubs.open(workers, null);
    }

    @AfterEach
    void close() {
        hubs.close();
    }

    private static RaceSession open(RaceHub hub, RaceTestViewer viewer) throws InterruptedException {
        RaceSession session = hub.open(viewer);
        viewer.session = session;
        viewer.await("hello", e -> true, WAIT);
        return session;
    }

    private static Race.Spec small(String contestants) {
        return Race.parse(String.format(SMALL, contestants));
    }

    private static JsonNode finished(RaceTestViewer viewer) throws InterruptedException {
        return viewer.await("raceState", s -> s.get("finished").asBoolean(), WAIT);
    }

    /** Every curve point of contestant {@code c} in the frames of live race {@code liveId}: epoch → loss. */
    private static TreeMap<Integer, Float> curve(RaceTestViewer viewer, long liveId, int c) {
        TreeMap<Integer, Float> points = new TreeMap<>();
        for (RaceFrameCodec.DecodedFrame frame : viewer.framesOf(liveId)) {
            for (int p = 0; p < frame.curveEpochs().length; p++) {
                float loss = frame.curveLosses()[c][p];
                if (!Float.isNaN(loss)) {
                    assertTrue(points.put(frame.curveEpochs()[p], loss) == null, "epoch " + frame.curveEpochs()[p]
                            + " sent twice");
                }
            }
        }
        return points;
    }

    private static FrameCodec.QuantizedMap[] lastMap(RaceTestViewer viewer, long liveId, int c) {
        FrameCodec.QuantizedMap[] map = null;
        for (RaceFrameCodec.DecodedFrame frame : viewer.framesOf(liveId)) {
            if (frame.contestants().get(c).map() != null) {
                map = frame.contestants().get(c).map();
            }
        }
        return map;
    }

    /** Waits until no frame is owed any more: the last frame shows the finished race. */
    private static void awaitLastFrame(RaceTestViewer viewer, long liveId, int epoch) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            List<RaceFrameCodec.DecodedFrame> frames = viewer.framesOf(liveId);
            if (!frames.isEmpty()) {
                RaceFrameCodec.DecodedFrame last = frames.get(frames.size() - 1);
                boolean allDone = last.contestants().stream().allMatch(c -> c.status() != RaceFrameCodec.STATUS_RACING);
                if (last.epoch() == epoch && allDone) {
                    Thread.sleep(300); // anything still owed would go out within a frame interval
                    return;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the finished race's last frame did not arrive");
    }

    @Test
    void theLiveRaceStopsEachContestantWhereRunOneDoesAndStreamsItsWholeCurveAndItsMaps() throws Exception {
        RaceHub hub = hub(2);
        RaceTestViewer viewer = new RaceTestViewer();
        RaceSession session = open(hub, viewer);
        Race.Spec spec = Race.defaultRace("circle");
        session.command(new RaceCommand.SetRace(spec));
        session.command(new RaceCommand.Seed(3));
        session.command(new RaceCommand.Speed(0));
        session.command(new RaceCommand.Play());
        JsonNode state = finished(viewer);
        long liveId = state.get("liveId").asLong();
        assertEquals(3, state.get("seed").asLong());
        assertFalse(state.get("running").asBoolean(), "a finished race stops by itself");

        int slowest = 0;
        for (int c = 0; c < 4; c++) {
            Race.Run expected = Race.runOne(spec, c, 3);
            JsonNode shown = state.get("contestants").get(c);
            assertEquals(spec.contestants().get(c).name(), shown.get("name").asText());
            assertEquals("reached", shown.get("status").asText());
            assertEquals(expected.epochsToTarget(), shown.get("reachedAt").asInt(), "contestant " + c);
            assertEquals(expected.epochsTrained(), shown.get("epochsTrained").asInt());
            assertEquals(expected.finalTestLoss(), shown.get("testLoss").asDouble(), 0.0, "the finish's test loss");
            assertEquals("tanh", shown.get("output").asText());
            slowest = Math.max(slowest, expected.epochsTrained());
        }
        assertEquals(slowest, state.get("epoch").asInt(), "lock-step: the race lasts until the slowest finish");

        awaitLastFrame(viewer, liveId, slowest);
        for (int c = 0; c < 4; c++) {
            Race.Run expected = Race.runOne(spec, c, 3);
            TreeMap<Integer, Float> curve = curve(viewer, liveId, c);
            // Epoch 0 (where everyone starts), then every epoch to the finish, nothing after it.
            assertEquals(0, curve.firstKey());
            assertEquals(expected.epochsTrained(), curve.lastKey());
            assertEquals(expected.epochsTrained() + 1, curve.size(), "no epoch missing below 2,000 epochs");
            Race.Runner fresh = new Race.Runner(spec, c, 3);
            assertEquals((float) fresh.currentTestLoss(), curve.get(0));
            for (int i = 0; i < expected.curveEpochs().length; i++) {
                assertEquals((float) expected.curveTestLoss()[i], curve.get(expected.curveEpochs()[i]),
                        "contestant " + c + " at epoch " + expected.curveEpochs()[i]);
            }
            // The last map shows the network at its finish, within half a shade of the exact values.
            while (!fresh.step()) {
                // to the finish, as runOne
            }
            float[] exact = new FrameProbe(fresh.network().layerSizes(), fresh.experiment().config().features(), 2,
                    RaceHub.MAP_RESOLUTION, 2).outputMaps(fresh.network())[0];
            FrameCodec.QuantizedMap[] map = lastMap(viewer, liveId, c);
            assertEquals(1, map.length);
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float v : exact) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            assertEquals(lo, map[0].lo());
            assertEquals(hi, map[0].hi());
            for (int p = 0; p < exact.length; p++) {
                assertEquals(exact[p], map[0].value(p), (hi - lo) / 510 + 1e-6, "point " + p);
            }
        }
        // Every frame: at most two unacknowledged, so at most 8 a second within the byte budget.
        for (RaceFrameCodec.DecodedFrame frame : viewer.framesOf(liveId)) {
            assertEquals(RaceHub.MAP_RESOLUTION, frame.resolution());
        }
    }

    @Test
    void twoContestantsWithTheSameSettingsRunIdenticallyOnTheSamePoints() throws Exception {
        RaceHub hub = hub(2);
        RaceTestViewer viewer = new RaceTestViewer();
        RaceSession session = open(hub, viewer);
        Race.Spec spec = small("{\"name\": \"relu\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}},"
                + "{\"name\": \"relu again\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}},"
                + "{\"name\": \"tanh\", \"overrides\": {}}");
        session.command(new RaceCommand.SetRace(spec));
        session.command(new RaceCommand.Speed(0));
        session.command(new RaceCommand.Play());
        JsonNode state = finished(viewer);
        long liveId = state.get("liveId").asLong();
        JsonNode points = viewer.await("points", p -> p.get("liveId").asLong() == liveId, WAIT);
        assertEquals(1, points.get("sets").size(), "one set of points for everyone");
        assertEquals("[0,0,0]", points.get("of").toString());
        assertEquals(30, points.get("sets").get(0).size(), "the training half of 60 points");

        awaitLastFrame(viewer, liveId, state.get("epoch").asInt());
        assertEquals(curve(viewer, liveId, 0), curve(viewer, liveId, 1), "identical settings, identical curves");
        assertNotEquals(curve(viewer, liveId, 0), curve(viewer, liveId, 2));
        for (RaceFrameCodec.DecodedFrame frame : viewer.framesOf(liveId)) {
            FrameCodec.QuantizedMap[] a = frame.contestants().get(0).map();
            FrameCodec.QuantizedMap[] b = frame.contestants().get(1).map();
            assertEquals(a == null, b == null);
            if (a != null) {
                assertEquals(a[0].lo(), b[0].lo());
                assertEquals(a[0].hi(), b[0].hi());
                assertTrue(java.util.Arrays.equals(a[0].shades(), b[0].shades()), "identical maps");
            }
        }
        assertEquals(state.get("contestants").get(0).get("reachedAt"), state.get("contestants").get(1).get("reachedAt"));
    }

    private static void assertStandingsShown(Race.Result expected, JsonNode result) {
        assertEquals(expected.spec().seeds(), result.get("seeds").asInt());
        assertEquals(expected.spec().base().seed(), result.get("firstSeed").asLong());
        for (int c = 0; c < expected.standings().size(); c++) {
            Race.Standing standing = expected.standings().get(c);
            JsonNode shown = result.get("contestants").get(c);
            assertEquals(standing.name(), shown.get("name").asText());
            assertSameNumber(standing.median(), shown.get("median"));
            assertSameNumber(standing.q1(), shown.get("q1"));
            assertSameNumber(standing.q3(), shown.get("q3"));
            assertSameNumber(standing.ratioToFirst(), shown.get("ratioToFirst"));
            assertSameNumber(standing.meanFinalTestLoss(), shown.get("meanFinalTestLoss"));
            assertEquals(standing.notReached(), shown.get("notReached").asInt());
            for (int s = 0; s < standing.runs().size(); s++) {
                Race.Run run = standing.runs().get(s);
                JsonNode r = shown.get("runs").get(s);
                assertEquals(run.seed(), r.get("seed").asLong());
                assertEquals(run.reached() ? String.valueOf(run.epochsToTarget()) : "null", r.get("epochsToTarget").toString());
                assertEquals(run.epochsTrained(), r.get("epochsTrained").asInt());
                assertEquals(run.diverged(), r.get("diverged").asBoolean());
                assertSameNumber(run.finalTestLoss(), r.get("finalTestLoss"));
            }
        }
    }

    /** null on the wire for +∞ (never) and NaN; otherwise the very same double. */
    private static void assertSameNumber(double expected, JsonNode shown) {
        if (Double.isFinite(expected)) {
            assertEquals(expected, shown.asDouble(), 0.0);
        } else {
            assertTrue(shown.isNull(), "expected null for " + expected + ", got " + shown);
        }
    }

    @Test
    void aRepeatOverSeedsGivesRaceRunsStatisticsAndReportsItsProgress() throws Exception {
        RaceHub hub = hub(2);
        RaceTestViewer viewer = new RaceTestViewer();
        RaceSession session = open(hub, viewer);
        Race.Spec spec = small("{\"name\": \"tanh\", \"overrides\": {}},"
                + "{\"name\": \"relu\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}},"
                + "{\"name\": \"sigmoid\", \"overrides\": {\"network\": {\"activation\": \"sigmoid\"}}}");
        Race.Result expected = Race.run(spec, 1, null);
        session.command(new RaceCommand.SetRace(spec));
        session.command(new RaceCommand.Repeat());
        JsonNode result = viewer.await("result", r -> true, WAIT);
        assertStandingsShown(expected, result);
        assertTrue(expected.standings().get(2).notReached() > 0, "the sigmoid misses the target on some seed: "
                + expected.toCsv());

        List<JsonNode> progress = viewer.events("progress");
        JsonNode last = progress.get(progress.size() - 1);
        assertEquals("done", last.get("state").asText());
        assertEquals(9, last.get("total").asInt());
        assertEquals(9, last.get("done").asInt());
        int before = 0;
        for (JsonNode p : progress) {
            assertTrue(p.get("done").asInt() >= before, "progress never goes back: " + progress);
            before = p.get("done").asInt();
        }
        assertEquals(result.get("job").asLong(), last.get("job").asLong());
        assertEquals(0, hub.runningJobs());
    }

    @Test
    void repeatsBeyondTheServersSlotsWaitInTheQueueAndThenRun() throws Exception {
        RaceHub hub = hub(1); // one worker: one repeat at a time
        assertEquals(1, hub.jobSlots());
        RaceTestViewer first = new RaceTestViewer();
        RaceTestViewer second = new RaceTestViewer();
        RaceTestViewer third = new RaceTestViewer();
        RaceSession a = open(hub, first);
        RaceSession b = open(hub, second);
        RaceSession c = open(hub, third);
        Race.Spec circle = Race.defaultRace("circle").withSeeds(10);
        Race.Spec quick = small("{\"name\": \"tanh\", \"overrides\": {}},"
                + "{\"name\": \"relu\", \"overrides\": {\"network\": {\"activation\": \"relu\"}}}");
        a.command(new RaceCommand.SetRace(circle));
        a.command(new RaceCommand.Repeat());
        first.await("progress", p -> p.get("state").asText().equals("running"), WAIT);
        b.command(new RaceCommand.SetRace(quick));
        b.command(new RaceCommand.Repeat());
        JsonNode queued = second.await("progress", p -> p.get("state").asText().equals("queued"), WAIT);
        assertEquals(1, queued.get("queuePosition").asInt());
        c.command(new RaceCommand.SetRace(quick));
        c.command(new RaceCommand.Repeat());
        assertEquals(2, third.await("progress", p -> p.get("state").asText().equals("queued"), WAIT)
                .get("queuePosition").asInt());
        // The third gives up while waiting: out of the queue at once, never run.
        c.command(new RaceCommand.Cancel());
        third.await("progress", p -> p.get("state").asText().equals("cancelled"), WAIT);

        JsonNode firstResult = first.await("result", r -> true, WAIT);
        assertStandingsShown(Race.run(circle, 2, null), firstResult);
        JsonNode secondResult = second.await("result", r -> true, WAIT);
        assertStandingsShown(Race.run(quick, 1, null), secondResult);
        assertEquals("running", second.events("progress").stream().map(p -> p.get("state").asText())
                .filter(s -> !s.equals("queued")).findFirst().orElseThrow(), "from the queue straight to running");
        Thread.sleep(200);
        assertTrue(third.events("result").isEmpty(), "a cancelled repeat gives no result");
        assertEquals(0, hub.runningJobs());
        assertEquals(0, hub.queuedJobs());
    }

    @Test
    void aNewRepeatOrANewRaceReplacesTheOneGoingAndCancelStopsIt() throws Exception {
        RaceHub hub = hub(2);
        RaceTestViewer viewer = new RaceTestViewer();
        RaceSession session = open(hub, viewer);
        Race.Spec circle = Race.defaultRace("circle");
        session.command(new RaceCommand.SetRace(circle));
        session.command(new RaceCommand.Repeat());
        JsonNode firstJob = viewer.await("progress", p -> p.get("state").asText().equals("running"), WAIT);
        session.command(new RaceCommand.Repeat());
        viewer.await("progress", p -> p.get("job").asLong() == firstJob.get("job").asLong()
                && p.get("state").asText().equals("cancelled"), WAIT);
        JsonNode result = viewer.await("result", r -> true, WAIT);
        assertNotEquals(firstJob.get("job").asLong(), result.get("job").asLong());
        assertStandingsShown(Race.run(circle, 2, null), result);

        // Cancel in the middle: no result, and the slot is free again.
        session.command(new RaceCommand.Repeat());
        JsonNode third = viewer.await("progress", p -> p.get("state").asText().equals("running")
                && p.get("job").asLong() > result.get("job").asLong(), WAIT);
        session.command(new RaceCommand.Cancel());
        viewer.await("progress", p -> p.get("job").asLong() == third.get("job").asLong()
                && p.get("state").asText().equals("cancelled"), WAIT);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (hub.runningJobs() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, hub.runningJobs(), "the cancelled repeat's lanes stopped");
        assertEquals(1, viewer.events("result").size());

        // A new race replaces a repeat still going.
        session.command(new RaceCommand.Repeat());
        JsonNode fourth = viewer.await("progress", p -> p.get("state").asText().equals("running")
                && p.get("job").asLong() > third.get("job").asLong(), WAIT);
        session.command(new RaceCommand.SetRace(circle.withSeeds(2)));
        viewer.await("progress", p -> p.get("job").asLong() == fourth.get("job").asLong()
                && p.get("state").asText().equals("cancelled"), WAIT);
    }

    @Test
    void closingTheSessionStopsTheLiveRaceAndTheRepeat() throws Exception {
        RaceHub hub = hub(2);
        RaceTestViewer viewer = new RaceTestViewer();
        RaceSession session = open(hub, viewer);
        session.command(new RaceCommand.SetRace(Race.defaultRace("spiral")));
        session.command(new RaceCommand.Speed(20));
        session.command(new RaceCommand.Play());
        session.command(new RaceCommand.Repeat());
        viewer.await("progress", p -> p.get("state").asText().equals("running"), WAIT);
        assertEquals(1, hub.raceCount());
        session.close();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while ((hub.raceCount() > 0 || hub.runningJobs() > 0) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, hub.raceCount());
        assertEquals(0, hub.runningJobs());
        int frames = viewer.frames.size();
        Thread.sleep(400);
        assertEquals(frames, viewer.frames.size(), "no frame after the close");
        assertTrue(viewer.events("result").isEmpty());
    }

    @Test
    void badCommandsAreAnsweredWithAnErrorAndChangeNothing() throws Exception {
        RaceHub hub = hub(1);
        RaceTestViewer viewer = new RaceTestViewer();
        RaceSession session = open(hub, viewer);
        JsonNode hello = viewer.events("hello").get(0);
        // The presets as the page sends them back: exactly the default races.
        assertEquals(Race.defaultRace("circle"), Race.parse(hello.get("presets").get("circle").toString()));
        assertEquals(Race.defaultRace("spiral"), Race.parse(hello.get("presets").get("spiral").toString()));
        assertEquals(RaceHub.MAP_RESOLUTION, hello.get("mapResolution").asInt());

        session.command(new RaceCommand.Play());
        JsonNode error = viewer.await("error", e -> true, WAIT);
        assertEquals("play", error.get("command").asText());
        assertTrue(error.get("message").asText().contains("no race yet"), error.toString());

        Race.Spec good = small("{\"name\": \"a\", \"overrides\": {}}, {\"name\": \"b\", \"overrides\": {}}");
        session.command(new RaceCommand.SetRace(good));
        viewer.await("raceState", s -> s.get("contestants").size() == 2, WAIT);
        // Parses, but cannot be built: 5% of 10 points leaves no point to train on.
        Race.Spec unbuildable = small("{\"name\": \"a\", \"overrides\": {}},"
                + " {\"name\": \"few\", \"overrides\": {\"data\": {\"samples\": 10, \"trainFraction\": 0.05}}}");
        session.command(new RaceCommand.SetRace(unbuildable));
        JsonNode refused = viewer.await("error", e -> "race".equals(e.get("command").asText()), WAIT);
        assertEquals("race.contestants[1].data.trainFraction", refused.get("field").asText(), refused.toString());
        JsonNode after = viewer.await("raceState", s -> s.get("contestants").size() == 2
                && viewer.events("error").size() == 2, WAIT);
        assertEquals("b", after.get("contestants").get(1).get("name").asText(), "the old race stays");

        session.command(new RaceCommand.Seed(7));
        assertEquals(7, viewer.await("raceState", s -> s.get("seed").asLong() == 7, WAIT).get("seed").asLong());
        assertThrows(SessionLimitException.class, () -> {
            RaceHub full = new RaceHub(hub.scheduler(), RaceLimits.defaults(), 1);
            hubs.add(full);
            full.open(new RaceTestViewer());
            full.open(new RaceTestViewer());
        });
    }

    @Test
    void theCurveKeepsEveryEpochUpToTwoThousandThenThinsByPowersOfTwo() {
        assertEquals(1, RaceSession.stride(1));
        assertEquals(1, RaceSession.stride(1999));
        assertEquals(2, RaceSession.stride(2000));
        assertEquals(2, RaceSession.stride(3999));
        assertEquals(4, RaceSession.stride(4000));
        assertEquals(8, RaceSession.stride(8000));
        assertEquals(16, RaceSession.stride(20_000));
    }
}
