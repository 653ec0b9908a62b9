package org.layerlab.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.protocol.CommandCodec;
import org.layerlab.protocol.FrameCodec;
import org.layerlab.protocol.Protocol;
import org.layerlab.training.ExperimentConfig;

/** Sessions as actors, without a server: commands in, events and frames out through fake viewers. */
class SessionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final CommandCodec CODEC = new CommandCodec(NetworkLimits.DEFAULT);
    /** A budget high enough that bytes never limit the frame rate, for tests about other brakes. */
    private static final long PLENTY = 100_000_000L;

    private Scheduler scheduler;
    private SessionManager manager;

    private SessionManager manager(SessionSettings settings) {
        scheduler = new Scheduler(2);
        manager = new SessionManager(settings, scheduler);
        return manager;
    }

    private SessionManager manager() {
        return manager(SessionSettings.defaults().withMaxBytesPerSecond(PLENTY));
    }

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private Connection connect(FakeViewer viewer, String token) {
        Connection connection = manager.connect(token, viewer);
        viewer.connection.complete(connection);
        return connection;
    }

    private static void send(FakeViewer viewer, String json) {
        viewer.send(CODEC.decode(json));
    }

    private static <T> T inside(Session session, java.util.function.Supplier<T> query) {
        try {
            return session.call(query).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static double[] parameters(Session session) {
        return inside(session, () -> session.trainerForTest().network().parameters().clone());
    }

    private static long epoch(Session session) {
        return inside(session, () -> session.trainerForTest().epoch());
    }

    // ------------------------------------------------------------------ greeting and training

    @Test
    void aViewerIsGreetedThenPlayStreamsFramesAsEpochsAdvance() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        connect(viewer, null);
        viewer.await("state", s -> true, WAIT);
        List<String> firstTypes = List.of(viewer.events.get(0).get("type").asText(),
                viewer.events.get(1).get("type").asText(), viewer.events.get(2).get("type").asText());
        assertEquals(List.of("hello", "data", "state"), firstTypes);
        JsonNode hello = viewer.events.get(0);
        assertEquals(Protocol.VERSION, hello.get("protocol").asInt());
        assertFalse(hello.get("resumed").asBoolean());
        assertEquals(22, hello.get("resumeToken").asText().length(), "128 bits in base64url");
        assertEquals(250, viewer.last("data").get("train").size());

        send(viewer, "{\"type\":\"play\"}");
        viewer.await("state", s -> s.get("running").asBoolean(), WAIT);
        FakeViewer.awaitTrue(() -> viewer.frames.size() >= 10, WAIT, "10 frames");
        List<FrameCodec.DecodedFrame> frames = viewer.frames;
        FrameCodec.DecodedFrame first = frames.get(0);
        assertTrue(first.metrics() != null && first.thumbnails() != null && first.weights() != null,
                "a viewer's first frame is complete");
        // Thumbnails, weights and metrics each have their own cadence; they need not share a frame.
        FakeViewer.awaitTrue(() -> viewer.lastDiagramFrame().epoch() > 10, WAIT, "a diagram frame past epoch 10");
        FakeViewer.awaitTrue(() -> viewer.frames.stream().anyMatch(f -> f.metrics() != null && f.epoch() > 10), WAIT,
                "metrics past epoch 10");
        FrameCodec.DecodedFrame later = viewer.lastDiagramFrame();
        assertTrue(later.epoch() > first.epoch(), "epochs advance: " + first.epoch() + " then " + later.epoch());
        assertTrue(later.seq() > first.seq());
        assertEquals(9, later.thumbnails().length, "W1 has 2 + 4 + 2 + 1 neurons");
        assertEquals(25, later.weights().length);
        assertEquals(10, later.thumbnailResolution());
        assertEquals(50, later.outputResolution());
        FrameCodec.DecodedFrame measured = viewer.frames.stream().filter(f -> f.metrics() != null && f.epoch() > 10)
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(measured.trainLoss() < first.trainLoss(), first.trainLoss() + " then " + measured.trainLoss());
    }

    @Test
    void aPausedSessionSendsNothingNew() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        connect(viewer, null);
        send(viewer, "{\"type\":\"play\"}");
        FakeViewer.awaitTrue(() -> viewer.frames.size() >= 5, WAIT, "5 frames");
        send(viewer, "{\"type\":\"pause\"}");
        viewer.await("state", s -> !s.get("running").asBoolean(), WAIT);
        FakeViewer.sleep(150);
        int frames = viewer.frames.size();
        long epoch = epoch(viewer.conn().session());
        FakeViewer.sleep(500);
        assertEquals(frames, viewer.frames.size(), "no frames while nothing changes");
        assertEquals(epoch, epoch(viewer.conn().session()), "no training while paused");
    }

    @Test
    void pacedTrainingHoldsItsSpeed() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        Connection connection = connect(viewer, null);
        send(viewer, "{\"type\":\"speed\",\"epochsPerSecond\":50}");
        send(viewer, "{\"type\":\"play\"}");
        viewer.await("state", s -> s.get("running").asBoolean() && s.get("speed").asDouble() == 50, WAIT);
        long start = System.nanoTime();
        long from = epoch(connection.session());
        FakeViewer.sleep(1500);
        long to = epoch(connection.session());
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = (to - from) / seconds;
        assertTrue(rate > 35 && rate < 65, "about 50 epochs/s, got " + rate);
    }

    // ------------------------------------------------------------------ flow control

    @Test
    void withoutAcknowledgementsAtMostTwoFramesAreInFlight() {
        manager();
        FakeViewer viewer = new FakeViewer(-1);
        connect(viewer, null);
        send(viewer, "{\"type\":\"play\"}");
        FakeViewer.awaitTrue(() -> viewer.frames.size() >= 2, WAIT, "two frames");
        FakeViewer.sleep(800);
        assertEquals(Protocol.MAX_FRAMES_IN_FLIGHT, viewer.frames.size(), "no third frame before an ack");
        viewer.ack(viewer.lastFrame().seq());
        FakeViewer.awaitTrue(() -> viewer.frames.size() >= 4, WAIT, "frames after the ack");
        FakeViewer.sleep(300);
        assertEquals(4, viewer.frames.size(), "again two in flight");
    }

    @Test
    void aSlowViewerGetsFewerFramesWhileAFastOneKeepsItsRate() {
        manager();
        FakeViewer fast = FakeViewer.acking();
        FakeViewer slow = new FakeViewer(400);
        Connection first = connect(fast, null);
        String token = fast.await("hello", h -> true, WAIT).get("resumeToken").asText();
        connect(slow, token);
        slow.await("hello", h -> h.get("resumed").asBoolean(), WAIT);
        assertEquals(first.session(), slow.conn().session(), "both tabs watch one session");
        send(fast, "{\"type\":\"frameRate\",\"fps\":20}");
        send(fast, "{\"type\":\"play\"}");
        FakeViewer.sleep(300);
        int fastBefore = fast.frames.size();
        int slowBefore = slow.frames.size();
        FakeViewer.sleep(2000);
        int fastFrames = fast.frames.size() - fastBefore;
        int slowFrames = slow.frames.size() - slowBefore;
        // 20 fps for 2 s = 40; scheduling noise on a shared machine allows a little less.
        assertTrue(fastFrames >= 30 && fastFrames <= 44, "the fast tab keeps about 20 fps: " + fastFrames);
        // Two frames per 400 ms of ack delay at most: ≤ 10 in 2 s, plus the ones in flight at the start.
        assertTrue(slowFrames <= 12, "the slow tab gets fewer frames: " + slowFrames);
        assertTrue(slowFrames >= 4, "but still some: " + slowFrames);
    }

    @Test
    void thumbnailsWeightsAndMetricsFollowTheirOwnCadenceAndAPausedViewIsComplete() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        connect(viewer, null);
        send(viewer, "{\"type\":\"play\"}");
        FakeViewer.sleep(300);
        int from = viewer.frames.size();
        FakeViewer.sleep(2000);
        List<FrameCodec.DecodedFrame> window = new java.util.ArrayList<>(viewer.frames).subList(from, viewer.frames.size());
        long withThumbnails = window.stream().filter(f -> f.thumbnails() != null).count();
        long withWeights = window.stream().filter(f -> f.weights() != null).count();
        long withMetrics = window.stream().filter(f -> f.metrics() != null).count();
        long withOutput = window.stream().filter(f -> f.outputChannels() != null).count();
        System.out.printf("in 2 s: %d frames, %d with thumbnails, %d with weights, %d with metrics%n", window.size(),
                withThumbnails, withWeights, withMetrics);
        assertTrue(window.size() >= 40, "about 30 frames per second: " + window.size());
        assertEquals(window.size(), withOutput, "the decision map is in every frame");
        assertTrue(withThumbnails >= 12 && withThumbnails <= 22, "thumbnails at most 10 times a second: " + withThumbnails);
        assertTrue(withWeights >= 6 && withWeights <= 11, "weights at most 5 times a second: " + withWeights);
        assertTrue(withMetrics >= 6 && withMetrics <= 10, "metrics at most 4 times a second: " + withMetrics);
        for (FrameCodec.DecodedFrame frame : window) {
            assertTrue(frame.metrics() == null || frame.epochsPerSecond() > 0, "the speed travels with the metrics");
        }

        send(viewer, "{\"type\":\"pause\"}");
        viewer.await("state", s -> !s.get("running").asBoolean(), WAIT);
        FakeViewer.sleep(400);
        FrameCodec.DecodedFrame last = viewer.lastFrame();
        assertTrue(last.metrics() != null && last.thumbnails() != null && last.weights() != null,
                "once paused, the last frame shows everything");
        long epoch = epoch(viewer.conn().session());
        int trainCount = 250;
        double progress = inside(viewer.conn().session(), () -> epoch
                + (double) viewer.conn().session().trainerForTest().cursor() / trainCount);
        assertEquals(progress, last.epoch(), 1e-9, "and it is the network as it stopped");
    }

    @Test
    void aCompressingViewerIsChargedTheCompressedSize() {
        manager(SessionSettings.defaults().withMaxBytesPerSecond(20_000));
        FakeViewer raw = FakeViewer.acking();
        FakeViewer compressing = FakeViewer.acking();
        compressing.compresses = true;
        connect(raw, null);
        connect(compressing, raw.await("hello", h -> true, WAIT).get("resumeToken").asText());
        send(raw, "{\"type\":\"play\"}");
        FakeViewer.sleep(500);
        int rawFrom = raw.frames.size();
        int compressingFrom = compressing.frames.size();
        FakeViewer.sleep(2000);
        int rawFrames = raw.frames.size() - rawFrom;
        int compressingFrames = compressing.frames.size() - compressingFrom;
        assertTrue(compressingFrames > rawFrames * 1.2, "the same budget buys more compressed frames: " + compressingFrames
                + " against " + rawFrames);
    }

    @Test
    void theByteBudgetLowersTheFrameRate() {
        manager(SessionSettings.defaults().withMaxBytesPerSecond(20_000));
        FakeViewer viewer = FakeViewer.acking();
        connect(viewer, null);
        send(viewer, "{\"type\":\"play\"}");
        FakeViewer.sleep(500);
        int bytesBefore = viewer.frameBytes.get();
        FakeViewer.sleep(2000);
        double bytesPerSecond = (viewer.frameBytes.get() - bytesBefore) / 2.0;
        assertTrue(bytesPerSecond <= 20_000 * 1.15, "within the budget: " + bytesPerSecond + " B/s");
        assertTrue(bytesPerSecond >= 20_000 * 0.6, "and using it: " + bytesPerSecond + " B/s");
    }

    // ------------------------------------------------------------------ reset, configure, divergence

    @Test
    void resetReproducesTheInitialWeightsExactly() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        Connection connection = connect(viewer, null);
        double[] initial = parameters(connection.session());
        send(viewer, "{\"type\":\"play\"}");
        FakeViewer.awaitTrue(() -> epoch(connection.session()) > 20, WAIT, "20 epochs");
        assertFalse(java.util.Arrays.equals(initial, parameters(connection.session())), "training moved the weights");
        send(viewer, "{\"type\":\"reset\"}");
        JsonNode state = viewer.await("state", s -> s.get("epoch").asLong() == 0 && !s.get("running").asBoolean(), WAIT);
        assertNotNull(state);
        assertArrayEquals(initial, parameters(connection.session()));
    }

    @Test
    void aLiveLearningRateChangeKeepsTheNetworkAndItsEpoch() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        Connection connection = connect(viewer, null);
        send(viewer, "{\"type\":\"play\"}");
        FakeViewer.awaitTrue(() -> epoch(connection.session()) > 30, WAIT, "30 epochs");
        send(viewer, "{\"type\":\"pause\"}");
        viewer.await("state", s -> !s.get("running").asBoolean(), WAIT);
        long epoch = epoch(connection.session());
        double[] before = parameters(connection.session());
        send(viewer, "{\"type\":\"configure\",\"config\":{\"training\":{\"learningRate\":0.1,\"batchSize\":5}}}");
        viewer.await("state", s -> s.get("config").get("training").get("learningRate").asDouble() == 0.1, WAIT);
        assertEquals(epoch, epoch(connection.session()));
        assertArrayEquals(before, parameters(connection.session()));
        assertEquals(0.1, inside(connection.session(), () -> connection.session().trainerForTest().settings().learningRate()));
        assertEquals(5, inside(connection.session(), () -> connection.session().trainerForTest().settings().batchSize()));
        assertTrue(viewer.events("error").isEmpty(), viewer.events("error").toString());

        send(viewer, "{\"type\":\"configure\",\"config\":{\"network\":{\"hidden\":[3]},"
                + "\"training\":{\"learningRate\":0.1,\"batchSize\":5}}}");
        JsonNode rebuilt = viewer.await("state", s -> s.get("layerSizes").size() == 3, WAIT);
        assertEquals(0, rebuilt.get("epoch").asLong(), "an architecture change rebuilds from epoch 0");
    }

    @Test
    void aBadConfigureIsAnErrorAndTheOldNetworkRunsOn() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        Connection connection = connect(viewer, null);
        send(viewer, "{\"type\":\"play\"}");
        FakeViewer.awaitTrue(() -> epoch(connection.session()) > 5, WAIT, "5 epochs");
        ExperimentConfig before = inside(connection.session(), () -> connection.session().trainerForTest() != null
                ? ExperimentConfig.fromJson(viewer.last("state").get("config").toString()) : null);
        // Valid JSON and a valid config, but custom data without points cannot be built.
        send(viewer, "{\"type\":\"configure\",\"config\":{\"data\":{\"dataset\":\"custom\"}}}");
        JsonNode error = viewer.await("error", e -> true, WAIT);
        assertEquals("config.data.dataset", error.get("field").asText());
        assertEquals("configure", error.get("command").asText());
        assertTrue(error.get("message").asText().contains("no points"), error.toString());
        long epoch = epoch(connection.session());
        FakeViewer.awaitTrue(() -> epoch(connection.session()) > epoch + 5, WAIT, "training goes on");
        assertEquals(before, ExperimentConfig.fromJson(viewer.last("state").get("config").toString()));
        assertTrue(viewer.last("state").get("running").asBoolean());
    }

    @Test
    void divergencePausesAndResetRecovers() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        Connection connection = connect(viewer, null);
        send(viewer, "{\"type\":\"configure\",\"config\":{\"network\":{\"hidden\":[8,8],\"activation\":\"linear\","
                + "\"output\":\"linear\"},\"training\":{\"learningRate\":10}}}");
        viewer.await("state", s -> s.get("config").get("training").get("learningRate").asDouble() == 10, WAIT);
        send(viewer, "{\"type\":\"play\"}");
        JsonNode diverged = viewer.await("state", s -> s.get("diverged").asBoolean(), WAIT);
        assertFalse(diverged.get("running").asBoolean(), "divergence pauses");
        assertTrue(diverged.get("divergedAtEpoch").isNumber());
        FakeViewer.awaitTrue(() -> viewer.lastFrame() != null && viewer.lastFrame().thumbnails() != null, WAIT,
                "a complete frame after the divergence");
        FrameCodec.DecodedFrame frame = viewer.lastFrame();
        for (FrameCodec.QuantizedMap map : frame.thumbnails()) {
            assertTrue(Float.isFinite(map.lo()) && Float.isFinite(map.hi()), "frames show the last finite network");
        }
        send(viewer, "{\"type\":\"play\"}");
        JsonNode refused = viewer.await("error", e -> "play".equals(e.get("command").asText()), WAIT);
        assertTrue(refused.get("message").asText().contains("reset"), refused.toString());

        send(viewer, "{\"type\":\"reset\"}");
        viewer.await("state", s -> !s.get("diverged").asBoolean() && s.get("epoch").asLong() == 0, WAIT);
        double[] weights = parameters(connection.session());
        for (double w : weights) {
            assertTrue(Double.isFinite(w));
        }
    }

    @Test
    void stepTrainsOneEpochOrOneBatchAndPauses() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        Connection connection = connect(viewer, null);
        send(viewer, "{\"type\":\"step\",\"unit\":\"epoch\"}");
        viewer.await("state", s -> s.get("epoch").asLong() == 1, WAIT);
        send(viewer, "{\"type\":\"step\",\"unit\":\"batch\"}");
        FakeViewer.awaitTrue(() -> viewer.lastFrame() != null && viewer.lastFrame().epoch() == 1 + 10.0 / 250,
                WAIT, "a frame at epoch 1.04");
        assertEquals(1, epoch(connection.session()));
        assertFalse(viewer.last("state").get("running").asBoolean());
    }

    // ------------------------------------------------------------------ select, points, models, history

    @Test
    void aSelectedNeuronsMapComesAtFullResolution() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        connect(viewer, null);
        send(viewer, "{\"type\":\"select\",\"layer\":1,\"neuron\":3}");
        FakeViewer.awaitTrue(() -> viewer.lastFrame() != null && viewer.lastFrame().selected() != null, WAIT,
                "a frame with the selected map");
        FrameCodec.SelectedMap selected = viewer.lastFrame().selected();
        assertEquals(1, selected.layer());
        assertEquals(3, selected.neuron());
        assertEquals(100, selected.resolution());
        send(viewer, "{\"type\":\"select\",\"layer\":1,\"neuron\":4}");
        JsonNode error = viewer.await("error", e -> true, WAIT);
        assertEquals("neuron", error.get("field").asText());
        assertEquals(3, viewer.last("state").get("selected").get("neuron").asInt(), "the selection stays");
        send(viewer, "{\"type\":\"select\",\"layer\":null,\"neuron\":null}");
        viewer.await("state", s -> s.get("selected").isNull(), WAIT);
    }

    @Test
    void anAddedPointJoinsTheTrainingSetAndTrainingContinues() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        Connection connection = connect(viewer, null);
        send(viewer, "{\"type\":\"step\",\"unit\":\"epoch\"}");
        viewer.await("state", s -> s.get("epoch").asLong() == 1, WAIT);
        double[] before = parameters(connection.session());
        send(viewer, "{\"type\":\"addPoint\",\"x\":1.5,\"y\":-2,\"label\":1}");
        JsonNode data = viewer.await("data", d -> d.get("train").size() == 251, WAIT);
        assertEquals(250, data.get("test").size());
        JsonNode state = viewer.await("state", s -> s.get("config").get("data").get("dataset").asText().equals("custom"),
                WAIT);
        assertEquals(1, state.get("epoch").asLong(), "the epoch count carries on");
        assertArrayEquals(before, parameters(connection.session()), "and so do the weights");
        send(viewer, "{\"type\":\"addPoint\",\"x\":0,\"y\":0,\"label\":0}");
        JsonNode error = viewer.await("error", e -> true, WAIT);
        assertEquals("label", error.get("field").asText());
        send(viewer, "{\"type\":\"reset\"}");
        viewer.await("state", s -> s.get("epoch").asLong() == 0, WAIT);
        assertEquals(251, viewer.last("data").get("train").size(), "reset keeps the drawn points");
    }

    @Test
    void anExportedModelImportsBackToTheSameWeights() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        Connection connection = connect(viewer, null);
        send(viewer, "{\"type\":\"step\",\"unit\":\"epoch\"}");
        viewer.await("state", s -> s.get("epoch").asLong() == 1, WAIT);
        double[] trained = parameters(connection.session());
        send(viewer, "{\"type\":\"exportModel\"}");
        JsonNode model = viewer.await("model", m -> true, WAIT).get("model");
        send(viewer, "{\"type\":\"reset\"}");
        viewer.await("state", s -> s.get("epoch").asLong() == 0, WAIT);
        send(viewer, "{\"type\":\"importModel\",\"model\":" + model + "}");
        FakeViewer.awaitTrue(() -> java.util.Arrays.equals(trained, parameters(connection.session())), WAIT,
                "the imported weights");
        assertTrue(viewer.events("error").isEmpty(), viewer.events("error").toString());

        send(viewer, "{\"type\":\"importModel\",\"model\":{\"format\":\"layerlab-model\",\"version\":1,"
                + "\"features\":[\"x1\",\"x2\"],\"layerSizes\":[2,3],\"loss\":\"squared\",\"layers\":[{\"activation\":"
                + "\"tanh\",\"weights\":[[1,2],[3,4],[5,6]],\"biases\":[0,0,0]}]}}");
        JsonNode error = viewer.await("error", e -> "importModel".equals(e.get("command").asText()), WAIT);
        assertTrue(error.get("field").asText().startsWith("config."), error.toString());
        assertArrayEquals(trained, parameters(connection.session()), "a model that does not fit changes nothing");
    }

    @Test
    void historyIsRecordedAndExported() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        connect(viewer, null);
        send(viewer, "{\"type\":\"play\"}");
        FakeViewer.awaitTrue(() -> viewer.frames.size() > 45, WAIT, "frames for a second and a half");
        send(viewer, "{\"type\":\"exportHistory\"}");
        JsonNode history = viewer.await("history", h -> true, WAIT);
        int rows = history.get("epoch").size();
        // a row per metrics measurement: 4 a second over a second and a half
        assertTrue(rows >= 5 && rows <= TrainingHistory.MAX_ROWS, "rows: " + rows);
        assertEquals(0, history.get("epoch").get(0).asDouble(), "the run starts at epoch 0");
        assertTrue(history.get("trainLoss").get(rows - 1).asDouble() < history.get("trainLoss").get(0).asDouble());
    }

    @Test
    void uploadedPointsBecomeTheData() {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        connect(viewer, null);
        viewer.await("state", s -> true, WAIT);
        send(viewer, "{\"type\":\"uploadPoints\",\"format\":\"csv\",\"text\":\"x,y,label\\n1,1,1\\n-1,-1,-1\\n"
                + "2,2,1\\n-2,-2,-1\\n\"}");
        JsonNode state = viewer.await("state", s -> s.get("config").get("data").get("dataset").asText().equals("custom"),
                WAIT);
        assertEquals(0, state.get("epoch").asLong());
        JsonNode data = viewer.last("data");
        assertEquals(4, data.get("train").size() + data.get("test").size());
    }

    // ------------------------------------------------------------------ resilience

    @Test
    void aBrokenViewerDoesNotStopTheSessionForTheOthers() {
        manager();
        FakeViewer healthy = FakeViewer.acking();
        FakeViewer broken = FakeViewer.acking();
        broken.throwOnSend = true;
        connect(healthy, null);
        String token = healthy.await("hello", h -> true, WAIT).get("resumeToken").asText();
        connect(broken, token);
        send(healthy, "{\"type\":\"play\"}");
        FakeViewer.awaitTrue(() -> healthy.frames.size() >= 20, WAIT, "frames for the healthy viewer");
        assertTrue(healthy.last("state").get("running").asBoolean());
    }

    @Test
    void aFloodOfCommandsIsCutOffNotQueuedWithoutBound() throws Exception {
        manager();
        // No acks: the only commands in the mailbox are the ones this test sends.
        FakeViewer viewer = new FakeViewer(-1);
        Connection connection = connect(viewer, null);
        viewer.await("state", s -> true, WAIT);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        // Keep the session busy while the commands pile up.
        java.util.concurrent.CompletableFuture<Object> busy = connection.session().call(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        for (int i = 1; i <= Session.MAX_QUEUED_COMMANDS + 500; i++) {
            viewer.send(new org.layerlab.protocol.Command.Speed(i));
        }
        release.countDown();
        busy.get(10, TimeUnit.SECONDS);
        JsonNode error = viewer.await("error", e -> e.get("message").asText().startsWith("Too many messages"), WAIT);
        assertEquals("speed", error.get("command").asText());
        JsonNode state = viewer.await("state", s -> s.get("speed").asInt() == Session.MAX_QUEUED_COMMANDS, WAIT);
        assertNotNull(state, "the first 1000 were carried out, the rest dropped");
        FakeViewer.sleep(200);
        assertEquals(Session.MAX_QUEUED_COMMANDS, viewer.last("state").get("speed").asInt());
        assertEquals(1, viewer.events("error").size(), "told once");
        send(viewer, "{\"type\":\"speed\",\"epochsPerSecond\":7}");
        viewer.await("state", s -> s.get("speed").asInt() == 7, WAIT);
    }

    // ------------------------------------------------------------------ resume and eviction

    @Test
    void aResumeTokenReturnsTheSameSession() {
        manager();
        FakeViewer first = FakeViewer.acking();
        Connection connection = connect(first, null);
        JsonNode hello = first.await("hello", h -> true, WAIT);
        send(first, "{\"type\":\"play\"}");
        FakeViewer.awaitTrue(() -> epoch(connection.session()) > 10, WAIT, "10 epochs");
        connection.close();
        long epochAtLeave = epoch(connection.session());

        FakeViewer second = FakeViewer.acking();
        Connection again = connect(second, hello.get("resumeToken").asText());
        JsonNode resumed = second.await("hello", h -> true, WAIT);
        assertTrue(resumed.get("resumed").asBoolean());
        assertEquals(hello.get("session").asText(), resumed.get("session").asText());
        assertEquals(connection.session(), again.session());
        JsonNode state = second.await("state", s -> true, WAIT);
        assertTrue(state.get("epoch").asLong() >= epochAtLeave);
        assertTrue(state.get("running").asBoolean(), "it was playing when the tab left, and plays on");

        FakeViewer stranger = FakeViewer.acking();
        connect(stranger, "AAAAAAAAAAAAAAAAAAAAAA");
        JsonNode fresh = stranger.await("hello", h -> true, WAIT);
        assertFalse(fresh.get("resumed").asBoolean(), "an unknown token gives a fresh session");
        assertNotEquals(hello.get("session").asText(), fresh.get("session").asText());
    }

    @Test
    void aSessionWithoutViewersIsEvictedAfterTheIdleTimeout() {
        manager(SessionSettings.defaults().withIdleTimeout(Duration.ofMillis(300)));
        FakeViewer viewer = FakeViewer.acking();
        Connection connection = connect(viewer, null);
        String token = viewer.await("hello", h -> true, WAIT).get("resumeToken").asText();
        assertEquals(1, manager.sessionCount());
        FakeViewer.sleep(500);
        assertEquals(1, manager.sessionCount(), "a watched session is never evicted");
        connection.close();
        FakeViewer.awaitTrue(() -> manager.sessionCount() == 0, WAIT, "eviction");
        assertTrue(connection.session().isClosed());
        assertTrue(manager.find(token).isEmpty());
        FakeViewer back = FakeViewer.acking();
        connect(back, token);
        assertFalse(back.await("hello", h -> true, WAIT).get("resumed").asBoolean());
    }

    @Test
    void aFullServerEvictsTheLongestIdleSessionOrRefuses() {
        manager(SessionSettings.defaults().withMaxSessions(2));
        FakeViewer a = FakeViewer.acking();
        FakeViewer b = FakeViewer.acking();
        Connection ca = connect(a, null);
        connect(b, null);
        SessionLimitException refused = assertThrows(SessionLimitException.class,
                () -> manager.connect(null, FakeViewer.acking()));
        assertTrue(refused.getMessage().contains("full"), refused.getMessage());
        ca.close();
        FakeViewer c = FakeViewer.acking();
        connect(c, null);
        assertFalse(c.await("hello", h -> true, WAIT).get("resumed").asBoolean());
        assertEquals(2, manager.sessionCount());
        assertTrue(ca.session().isClosed(), "the idle session made room");
    }

    @Test
    void aSnapshotRestoresTheRunExactly() throws Exception {
        manager();
        FakeViewer viewer = FakeViewer.acking();
        Connection connection = connect(viewer, null);
        Session session = connection.session();
        send(viewer, "{\"type\":\"step\",\"unit\":\"epoch\"}");
        send(viewer, "{\"type\":\"step\",\"unit\":\"batch\"}");
        viewer.await("state", s -> s.get("epoch").asLong() == 1, WAIT);
        SessionSnapshot snapshot = session.snapshot().get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            send(viewer, "{\"type\":\"step\",\"unit\":\"epoch\"}");
        }
        FakeViewer.awaitTrue(() -> epoch(session) == 4, WAIT, "epoch 4");
        double[] continued = parameters(session);

        FakeViewer other = FakeViewer.acking();
        Connection elsewhere = connect(other, null);
        elsewhere.session().restore(snapshot).get(10, TimeUnit.SECONDS);
        assertArrayEquals(snapshot.parameters(), parameters(elsewhere.session()));
        for (int i = 0; i < 3; i++) {
            send(other, "{\"type\":\"step\",\"unit\":\"epoch\"}");
        }
        FakeViewer.awaitTrue(() -> epoch(elsewhere.session()) == 4, WAIT, "epoch 4 after the restore");
        assertArrayEquals(continued, parameters(elsewhere.session()), "bit for bit the same run");
        assertNull(snapshot.userData());
    }
}
