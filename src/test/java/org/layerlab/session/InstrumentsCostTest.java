package org.layerlab.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.layerlab.insight.FrameProbe;
import org.layerlab.insight.LayerReport;
import org.layerlab.insight.NetworkInsight;
import org.layerlab.insight.TrainingMetrics;
import org.layerlab.protocol.EventCodec;
import org.layerlab.protocol.FrameCodec;
import org.layerlab.protocol.FrameContent;
import org.layerlab.protocol.HiddenSpaceView;
import org.layerlab.training.Experiment;
import org.layerlab.training.ExperimentConfig;
import org.layerlab.training.Trainer;

/**
 * What the instruments cost against the frames they ride along with, on W2 (spiral, 7 features,
 * 6×8 relu). Printed, not asserted (shared, noisy machines): one insight (a forward and backward
 * pass over the training set, plus its JSON) against one frame (maps, metrics, encoding), and per
 * second of streaming at 30 fps with the session's cadence (output map every frame, thumbnails 10/s,
 * weights 5/s, train and test loss every {@link Session#METRICS_INTERVAL_NANOS}) against 2
 * insights/s.
 */
class InstrumentsCostTest {
    @Test
    void insightCostAgainstFrameCostOnW2() {
        Experiment experiment = Experiment.build(ExperimentConfig.fromJson(StreamingMeasurementTest.W2));
        Trainer trainer = experiment.trainer();
        trainer.trainEpochs(50);
        FrameProbe probe = new FrameProbe(experiment.network().layerSizes(), experiment.config().features());
        double lr = trainer.settings().learningRate();
        HiddenSpaceView view = new HiddenSpaceView(3, 0, 1);
        int rounds = 2000;
        long outputNanos = 0;
        long thumbnailNanos = 0;
        long metricsNanos = 0;
        long encodeNanos = 0;
        long insightNanos = 0;
        long insightJsonNanos = 0;
        long hiddenNanos = 0;
        long insightBytes = 0;
        long hiddenBytes = 0;
        int measured = 0;
        List<LayerReport> reports = null;
        for (int i = 0; i < rounds; i++) {
            trainer.trainBatch();
            long t0 = System.nanoTime();
            float[][] output = probe.outputMaps(experiment.network());
            long t1 = System.nanoTime();
            float[][][] thumbnails = probe.thumbnails(experiment.network());
            long t2 = System.nanoTime();
            TrainingMetrics metrics = TrainingMetrics.of(trainer);
            long t3 = System.nanoTime();
            java.nio.ByteBuffer frame = FrameCodec.encode(new FrameContent(i, i, 0, metrics, 1000,
                    probe.thumbnailResolution(), thumbnails, probe.outputResolution(), output, null, 0, null,
                    experiment.network().parameters()));
            long t4 = System.nanoTime();
            reports = NetworkInsight.measure(experiment.network(), trainer.trainSamples(), lr);
            long t5 = System.nanoTime();
            String insight = EventCodec.insight(i, reports);
            long t6 = System.nanoTime();
            double[][] xy = NetworkInsight.hiddenCoordinates(experiment.network(), trainer.trainSamples(),
                    view.layer(), view.a(), view.b());
            String hidden = EventCodec.hiddenSpace(view, xy[0], xy[1], trainer.trainSamples().labels());
            long t7 = System.nanoTime();
            if (i >= rounds / 2) {
                outputNanos += t1 - t0;
                thumbnailNanos += t2 - t1;
                metricsNanos += t3 - t2;
                encodeNanos += t4 - t3;
                insightNanos += t5 - t4;
                insightJsonNanos += t6 - t5;
                hiddenNanos += t7 - t6;
                insightBytes += insight.length();
                hiddenBytes += hidden.length();
                measured++;
            }
            if (frame.remaining() == 0) {
                throw new AssertionError("empty frame");
            }
        }
        double output = outputNanos / 1e6 / measured;
        double thumbs = thumbnailNanos / 1e6 / measured;
        double metrics = metricsNanos / 1e6 / measured;
        double encode = encodeNanos / 1e6 / measured;
        double insight = (insightNanos + insightJsonNanos) / 1e6 / measured;
        double hidden = hiddenNanos / 1e6 / measured;
        double fullFrame = output + thumbs + metrics + encode;
        double metricsPerSecond = 1e9 / Session.METRICS_INTERVAL_NANOS;
        double insightsPerSecond = 1e9 / Session.INSIGHT_INTERVAL_NANOS;
        // 30 fps: output map and encoding every frame, thumbnails 10/s, metrics at their interval.
        double streamingPerSecond = 30 * (output + encode) + 10 * thumbs + metricsPerSecond * metrics;
        double insightPerSecond = insightsPerSecond * insight;
        double withViewPerSecond = insightsPerSecond * (insight + hidden);
        System.out.printf(Locale.ROOT, "W2 frame: output map %.3f ms, thumbnails %.3f ms, train+test loss %.3f ms,"
                        + " encode %.3f ms; a full frame %.3f ms%n", output, thumbs, metrics, encode, fullFrame);
        System.out.printf(Locale.ROOT, "W2 insight: measure %.3f ms + JSON %.3f ms = %.3f ms (%.0f%% of a full frame),"
                        + " %d chars; hiddenSpace %.3f ms, %d chars%n", insightNanos / 1e6 / measured,
                insightJsonNanos / 1e6 / measured, insight, 100 * insight / fullFrame, insightBytes / measured, hidden,
                hiddenBytes / measured);
        System.out.printf(Locale.ROOT, "W2 per second at 30 fps: frames %.2f ms CPU, insight %.2f ms (+%.1f%%),"
                        + " insight + hiddenSpace %.2f ms (+%.1f%%)%n", streamingPerSecond, insightPerSecond,
                100 * insightPerSecond / streamingPerSecond, withViewPerSecond,
                100 * withViewPerSecond / streamingPerSecond);
        assertEquals(7, reports.size(), "six hidden layers and the output");
        assertEquals(8, reports.get(0).dead().length);
    }
}
