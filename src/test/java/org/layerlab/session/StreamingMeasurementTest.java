package org.layerlab.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.layerlab.insight.FrameProbe;
import org.layerlab.insight.TrainingMetrics;
import org.layerlab.protocol.FrameCodec;
import org.layerlab.protocol.FrameContent;
import org.layerlab.training.Experiment;
import org.layerlab.training.ExperimentConfig;

/**
 * Rough figures, printed rather than asserted (shared, noisy machines; see workloads.md): what a
 * frame costs to build and encode, how large it is before and after deflate, and how fast one
 * session trains while streaming 30 frames per second. The assertions only catch gross breakage.
 * Training speed while streaming is measured with the load tool (`loadtest --sessions 1 --fps 30`).
 */
class StreamingMeasurementTest {
    static final String W1 = "{}";
    static final String W2 = "{\"data\":{\"dataset\":\"spiral\"},\"features\":[\"x1\",\"x2\",\"x1sq\",\"x2sq\",\"x1x2\","
            + "\"sinx1\",\"sinx2\"],\"network\":{\"hidden\":[8,8,8,8,8,8],\"activation\":\"relu\",\"output\":\"tanh\"}}";

    @Test
    void frameCostAndSize() {
        for (String[] workload : new String[][] {{"W1", W1}, {"W2", W2}}) {
            Experiment experiment = Experiment.build(ExperimentConfig.fromJson(workload[1]));
            experiment.trainer().trainEpochs(50);
            FrameProbe probe = new FrameProbe(experiment.network().layerSizes(), experiment.config().features());
            Deflater single = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            Deflater stream = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            byte[] out = new byte[1 << 16];
            int rounds = 3000;
            long mapsNanos = 0;
            long metricsNanos = 0;
            long encodeNanos = 0;
            long bytes = 0;
            long deflatedAlone = 0;
            long deflatedInStream = 0;
            int measured = 0;
            for (int i = 0; i < rounds; i++) {
                experiment.trainer().trainBatch();
                long t0 = System.nanoTime();
                float[][][] thumbnails = probe.thumbnails(experiment.network());
                float[][] output = probe.outputMaps(experiment.network());
                long t1 = System.nanoTime();
                TrainingMetrics metrics = TrainingMetrics.of(experiment.trainer());
                long t2 = System.nanoTime();
                ByteBuffer frame = FrameCodec.encode(new FrameContent(i, i, 0, metrics, 1000,
                        probe.thumbnailResolution(), thumbnails, probe.outputResolution(), output, null, 0, null,
                        experiment.network().parameters()));
                long t3 = System.nanoTime();
                if (i >= rounds / 2) {
                    mapsNanos += t1 - t0;
                    metricsNanos += t2 - t1;
                    encodeNanos += t3 - t2;
                    bytes += frame.remaining();
                    measured++;
                    if (i % 10 == 0) {
                        // permessage-deflate: each message alone (no context takeover) or in one stream (with it).
                        byte[] raw = new byte[frame.remaining()];
                        frame.duplicate().get(raw);
                        single.reset();
                        single.setInput(raw);
                        single.finish();
                        int n = 0;
                        while (!single.finished()) {
                            n += single.deflate(out);
                        }
                        deflatedAlone += n * 10L;
                        stream.setInput(raw);
                        deflatedInStream += stream.deflate(out, 0, out.length, Deflater.SYNC_FLUSH) * 10L;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%s frame: maps %.3f ms, train+test loss %.3f ms, encode %.3f ms; %d bytes,"
                            + " deflated ~%d bytes alone, ~%d bytes with context takeover%n", workload[0],
                    mapsNanos / 1e6 / measured, metricsNanos / 1e6 / measured, encodeNanos / 1e6 / measured,
                    bytes / measured, deflatedAlone / measured, deflatedInStream / measured);
            assertTrue(bytes / measured < 12_000, "a default-view frame stays near 10 KB");
        }
    }
}
