package org.layerlab.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.layerlab.engine.Network;
import org.layerlab.engine.NetworkLimits;
import org.layerlab.insight.LayerReport;
import org.layerlab.insight.NetworkInsight;
import org.layerlab.protocol.CommandCodec;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.Samples;

/** The instruments live: {@code insight}, {@code breakSymmetry} and {@code hiddenSpace} through a session. */
class InstrumentsSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final CommandCodec CODEC = new CommandCodec(NetworkLimits.DEFAULT);
    private static final String IDENTICAL = "{\"network\":{\"init\":\"identical\"}}";
    private static final String RELU_FAST = "{\"network\":{\"activation\":\"relu\"},\"training\":{\"learningRate\":3}}";

    private Scheduler scheduler;
    private SessionManager manager;

    private FakeViewer start(String config) {
        scheduler = new Scheduler(2);
        manager = new SessionManager(SessionSettings.defaults().withMaxBytesPerSecond(100_000_000L)
                .withInitialConfig(ExperimentConfig.fromJson(config)), scheduler);
        FakeViewer viewer = FakeViewer.acking();
        viewer.connection.complete(manager.connect(null, viewer));
        viewer.await("state", s -> true, WAIT);
        return viewer;
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

    private static void send(FakeViewer viewer, String json) {
        viewer.send(CODEC.decode(json));
    }

    private static <T> T inside(Session session, Supplier<T> query) {
        try {
            return session.call(query).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void stepEpochs(FakeViewer viewer, int epochs) {
        for (int i = 0; i < epochs; i++) {
            send(viewer, "{\"type\":\"step\",\"unit\":\"epoch\"}");
        }
    }

    private static JsonNode insightAt(FakeViewer viewer, double epoch) {
        return viewer.await("insight", i -> i.get("epoch").asDouble() == epoch, WAIT);
    }

    private static double[] parameters(Session session) {
        return inside(session, () -> session.trainerForTest().network().parameters().clone());
    }

    // ------------------------------------------------------------------ insight

    @Test
    void aViewerGetsAnInsightOnJoiningWithOneEntryPerLayer() {
        FakeViewer viewer = start("{}");
        JsonNode insight = viewer.await("insight", i -> true, WAIT);
        assertEquals(0, insight.get("epoch").asDouble());
        JsonNode layers = insight.get("layers");
        assertEquals(3, layers.size(), "W1: hidden 4 and 2, then the output");
        int[] sizes = {4, 2, 1};
        for (int l = 0; l < 3; l++) {
            JsonNode layer = layers.get(l);
            assertEquals(l + 1, layer.get("layer").asInt());
            assertEquals(sizes[l], layer.get("neurons").asInt());
            assertEquals(sizes[l], layer.get("dead").size());
            assertEquals(NetworkInsight.HISTOGRAM_BINS, layer.get("histogram").get("counts").size());
            int total = 0;
            for (JsonNode count : layer.get("histogram").get("counts")) {
                total += count.asInt();
            }
            assertEquals(250 * sizes[l], total, "every (neuron, training point) pair lands in a bin");
        }
        assertTrue(layers.get(2).get("maxSimilarity").isNull(), "one output neuron: no pair to compare");
        // The events' order: state first, then the insight that goes with it.
        List<String> types = viewer.events.stream().map(e -> e.get("type").asText()).toList();
        assertTrue(types.indexOf("state") < types.indexOf("insight"), types.toString());
    }

    @Test
    void whileTrainingInsightComesAtMostTwiceASecondAndOnceAfterPause() {
        FakeViewer viewer = start("{}");
        send(viewer, "{\"type\":\"play\"}");
        viewer.await("state", s -> s.get("running").asBoolean(), WAIT);
        FakeViewer.sleep(300);
        int before = viewer.events("insight").size();
        FakeViewer.sleep(2000);
        int during = viewer.events("insight").size() - before;
        assertTrue(during >= 2 && during <= 5, "about 2 per second for 2 s, got " + during);
        double last = -1;
        for (JsonNode insight : viewer.events("insight")) {
            assertTrue(insight.get("epoch").asDouble() >= last, "epochs never go back");
            last = insight.get("epoch").asDouble();
        }
        assertTrue(last > 0, "training advanced: " + last);
        send(viewer, "{\"type\":\"pause\"}");
        viewer.await("state", s -> !s.get("running").asBoolean(), WAIT);
        double pausedEpoch = inside(viewer.conn().session(), () -> {
            var t = viewer.conn().session().trainerForTest();
            return t.epoch() + (double) t.cursor() / t.trainSamples().count();
        });
        insightAt(viewer, pausedEpoch);
        FakeViewer.sleep(700);
        int afterPause = viewer.events("insight").size();
        FakeViewer.sleep(700);
        assertEquals(afterPause, viewer.events("insight").size(), "nothing new while paused");
    }

    @Test
    void identicalNeuronsStayCopiesUntilSymmetryIsBroken() {
        FakeViewer viewer = start(IDENTICAL);
        Session session = viewer.conn().session();
        stepEpochs(viewer, 200);
        JsonNode symmetric = insightAt(viewer, 200);
        JsonNode layers = symmetric.get("layers");
        for (int l = 0; l < layers.size() - 1; l++) {
            JsonNode hidden = layers.get(l);
            assertEquals(1, hidden.get("distinct").asInt(), "hidden layer " + (l + 1) + ": " + hidden);
            assertTrue(hidden.get("exactCopies").asBoolean(), "hidden layer " + (l + 1) + ": " + hidden);
        }

        double[] before = parameters(session);
        int insights = viewer.events("insight").size();
        int states = viewer.events("state").size();
        send(viewer, "{\"type\":\"breakSymmetry\"}");
        FakeViewer.awaitTrue(() -> viewer.events("insight").size() > insights
                && viewer.events("state").size() > states, WAIT, "state and insight after breakSymmetry");
        JsonNode broken = viewer.last("insight");
        assertEquals(200, broken.get("epoch").asDouble(), "breakSymmetry does not train");
        for (int l = 0; l < broken.get("layers").size() - 1; l++) {
            assertFalse(broken.get("layers").get(l).get("exactCopies").asBoolean());
        }
        double[] nudged = parameters(session);
        for (int k = 0; k < before.length; k++) {
            double change = nudged[k] - before[k];
            assertTrue(change != 0 && Math.abs(change) <= 1e-3, "parameter " + k + " moved by " + change);
        }

        stepEpochs(viewer, 200);
        JsonNode after = insightAt(viewer, 400);
        for (int l = 0; l < after.get("layers").size() - 1; l++) {
            JsonNode hidden = after.get("layers").get(l);
            assertTrue(hidden.get("distinct").asInt() > 1, "hidden layer " + (l + 1) + ": " + hidden);
            assertFalse(hidden.get("exactCopies").asBoolean());
        }

        // Reproducible: the same seed and the same clicks give the same nudge.
        send(viewer, "{\"type\":\"reset\"}");
        stepEpochs(viewer, 200);
        insightAt(viewer, 200);
        assertArrayEquals(before, parameters(session), "reset and 200 epochs: the same symmetric network");
        int count = viewer.events("insight").size();
        send(viewer, "{\"type\":\"breakSymmetry\"}");
        FakeViewer.awaitTrue(() -> viewer.events("insight").size() > count, WAIT, "insight after breakSymmetry");
        assertArrayEquals(nudged, parameters(session), "the same nudge again");
        send(viewer, "{\"type\":\"breakSymmetry\"}");
        FakeViewer.awaitTrue(() -> viewer.events("insight").size() > count + 1, WAIT, "insight after breakSymmetry");
        assertFalse(java.util.Arrays.equals(nudged, parameters(session)), "a second nudge is another one");
    }

    @Test
    void deadCountsAreThoseOfTheSessionsNetwork() {
        FakeViewer viewer = start(RELU_FAST);
        Session session = viewer.conn().session();
        send(viewer, "{\"type\":\"play\"}");
        FakeViewer.sleep(500);
        send(viewer, "{\"type\":\"pause\"}");
        JsonNode paused = viewer.await("state", s -> !s.get("running").asBoolean() && s.get("epoch").asLong() > 0,
                WAIT);
        assertFalse(paused.get("diverged").asBoolean(), "learning rate 3 on W1 should not diverge");
        double epoch = inside(session, () -> {
            var t = session.trainerForTest();
            return t.epoch() + (double) t.cursor() / t.trainSamples().count();
        });
        JsonNode insight = insightAt(viewer, epoch);
        // Measured again here, on the session's weights from a snapshot.
        SessionSnapshot snapshot = session.snapshot().join();
        List<LayerReport> expected = inside(session, () -> {
            Network copy = new Network(session.trainerForTest().network().spec());
            copy.setParameters(snapshot.parameters());
            Samples train = session.trainerForTest().trainSamples();
            return NetworkInsight.measure(copy, train, snapshot.config().training().learningRate());
        });
        assertEquals(expected.size(), insight.get("layers").size());
        int totalDead = 0;
        for (int l = 0; l < expected.size(); l++) {
            JsonNode layer = insight.get("layers").get(l);
            assertEquals(expected.get(l).deadCount(), layer.get("deadCount").asInt(), "layer " + (l + 1));
            boolean[] dead = expected.get(l).dead();
            for (int j = 0; j < dead.length; j++) {
                assertEquals(dead[j], layer.get("dead").get(j).asBoolean(), "layer " + (l + 1) + " neuron " + j);
            }
            assertEquals(expected.get(l).distinctNeurons(), layer.get("distinct").asInt());
            totalDead += layer.get("deadCount").asInt();
        }
        System.out.println("relu, learning rate 3, epoch " + epoch + ": " + totalDead + " dead neurons");
    }

    // ------------------------------------------------------------------ hidden space

    @Test
    void hiddenSpaceValidationNamesTheField() {
        FakeViewer viewer = start("{}");
        String[][] cases = {
                {"{\"type\":\"hiddenSpace\",\"layer\":3,\"a\":0,\"b\":0}", "layer"},
                {"{\"type\":\"hiddenSpace\",\"layer\":7,\"a\":0,\"b\":0}", "layer"},
                {"{\"type\":\"hiddenSpace\",\"layer\":1,\"a\":4,\"b\":0}", "a"},
                {"{\"type\":\"hiddenSpace\",\"layer\":2,\"a\":0,\"b\":2}", "b"},
        };
        for (String[] c : cases) {
            int errors = viewer.events("error").size();
            send(viewer, c[0]);
            FakeViewer.awaitTrue(() -> viewer.events("error").size() > errors, WAIT, "an error for " + c[0]);
            JsonNode error = viewer.last("error");
            assertEquals(c[1], error.get("field").asText(), error.toString());
            assertEquals("hiddenSpace", error.get("command").asText());
            assertTrue(error.get("message").asText().contains(c[1]), error.toString());
        }
        FakeViewer.sleep(200);
        assertTrue(viewer.events("hiddenSpace").isEmpty(), "a refused view sends nothing");
        // Refused before it reaches the session: the codec names the field too.
        viewer.conn().reject(org.junit.jupiter.api.Assertions.assertThrows(
                org.layerlab.protocol.ProtocolException.class,
                () -> CODEC.decode("{\"type\":\"hiddenSpace\",\"layer\":0,\"a\":0,\"b\":0}")));
        JsonNode rejected = viewer.await("error", e -> e.get("message").asText().contains("inputs"), WAIT);
        assertEquals("layer", rejected.get("field").asText());
    }

    @Test
    void hiddenSpaceFollowsEveryInsightWithOnePointPerTrainingSample() {
        FakeViewer viewer = start("{}");
        Session session = viewer.conn().session();
        viewer.await("insight", i -> true, WAIT);
        send(viewer, "{\"type\":\"hiddenSpace\",\"layer\":1,\"a\":0,\"b\":3}");
        JsonNode view = viewer.await("hiddenSpace", h -> true, WAIT);
        int trainCount = inside(session, () -> session.trainerForTest().trainSamples().count());
        double[] labels = inside(session, () -> session.trainerForTest().trainSamples().labels().clone());
        assertEquals(250, trainCount);
        assertEquals(1, view.get("layer").asInt());
        assertEquals(0, view.get("a").asInt());
        assertEquals(3, view.get("b").asInt());
        assertEquals(trainCount, view.get("x").size());
        assertEquals(trainCount, view.get("y").size());
        assertEquals(trainCount, view.get("labels").size());
        for (int s = 0; s < trainCount; s++) {
            assertEquals(labels[s], view.get("labels").get(s).asDouble());
        }
        // The coordinates are the neurons' outputs.
        double[][] expected = inside(session, () -> NetworkInsight.hiddenCoordinates(
                session.trainerForTest().network(), session.trainerForTest().trainSamples(), 1, 0, 3));
        for (int s = 0; s < trainCount; s++) {
            assertEquals(expected[0][s], view.get("x").get(s).asDouble(), 1e-12);
            assertEquals(expected[1][s], view.get("y").get(s).asDouble(), 1e-12);
        }

        send(viewer, "{\"type\":\"play\"}");
        FakeViewer.sleep(1500);
        send(viewer, "{\"type\":\"hiddenSpace\",\"layer\":2,\"a\":1,\"b\":0}");
        viewer.await("hiddenSpace", h -> h.get("layer").asInt() == 2, WAIT);
        send(viewer, "{\"type\":\"pause\"}");
        viewer.await("state", s -> !s.get("running").asBoolean(), WAIT);
        FakeViewer.sleep(300);
        // Every insight while a view is set is followed by a hiddenSpace event, and only then.
        List<String> types = viewer.events.stream().map(e -> e.get("type").asText())
                .filter(t -> t.equals("insight") || t.equals("hiddenSpace")).toList();
        int firstView = types.indexOf("hiddenSpace");
        assertTrue(firstView > 0 && types.get(firstView - 1).equals("insight"));
        for (int i = firstView - 1; i < types.size(); i += 2) {
            assertEquals("insight", types.get(i), types.toString());
            assertEquals("hiddenSpace", types.get(i + 1), types.toString());
        }
        assertTrue(types.size() - firstView >= 4, "views came while training: " + types);
        for (JsonNode h : viewer.events("hiddenSpace")) {
            assertEquals(trainCount, h.get("x").size());
        }

        FakeViewer.sleep(200);
        int views = viewer.events("hiddenSpace").size();
        int insights = viewer.events("insight").size();
        send(viewer, "{\"type\":\"hiddenSpace\",\"layer\":null}");
        FakeViewer.awaitTrue(() -> viewer.events("insight").size() > insights, WAIT, "insight after the stop");
        send(viewer, "{\"type\":\"step\",\"unit\":\"epoch\"}");
        FakeViewer.awaitTrue(() -> viewer.events("insight").size() > insights + 1, WAIT, "insight after a step");
        FakeViewer.sleep(200);
        assertEquals(views, viewer.events("hiddenSpace").size(), "no views once stopped");

        // A rebuild whose network lacks the layer stops the view.
        send(viewer, "{\"type\":\"hiddenSpace\",\"layer\":2,\"a\":1,\"b\":1}");
        FakeViewer.awaitTrue(() -> viewer.events("hiddenSpace").size() > views, WAIT, "a view again");
        ExperimentConfig oneHidden = ExperimentConfig.fromJson("{\"network\":{\"hidden\":[3]}}");
        viewer.send(new org.layerlab.protocol.Command.Configure(oneHidden));
        viewer.await("state", s -> s.get("layerSizes").size() == 3, WAIT);
        FakeViewer.sleep(200);
        int after = viewer.events("hiddenSpace").size();
        int insightsAfter = viewer.events("insight").size();
        send(viewer, "{\"type\":\"step\",\"unit\":\"epoch\"}");
        FakeViewer.awaitTrue(() -> viewer.events("insight").size() > insightsAfter, WAIT, "insight after a step");
        FakeViewer.sleep(200);
        assertEquals(after, viewer.events("hiddenSpace").size(), "the view of layer 2 ended with the rebuild");
    }
}
