package org.layerlab.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layerlab.insight.TrainingMetrics;

/** The binary frame against a hand-built golden frame, byte for byte, and round trips. */
class FrameCodecTest {

    /**
     * The golden frame, section by section, written from docs/protocol.md (and checked with an
     * independent encoder): seq 7, epoch 2.5, time 1000 ms; metrics 0.25, 0.5, 1, NaN, 100; two
     * weights 0.5, −1; two 2×2 thumbnails [0 1 2 3] and a flat −1; a 2×2 output map
     * [−1 0 0.5 1]; neuron (1, 0) selected with a 3×3 map, whose 25-byte payload pads to 28.
     */
    private static final String GOLDEN = String.join("",
            // header: "RFLL", version 1, kind 1, seq 7, reserved, f64 2.5, f64 1000
            "52464c4c", "0100", "0100", "07000000", "00000000", "0000000000000440", "0000000000408f40",
            // METRICS: id 1, 20 bytes; 0.25, 0.5, 1, NaN, 100
            "0100", "0000", "14000000", "0000803e", "0000003f", "0000803f", "0000c07f", "0000c842",
            // WEIGHTS: id 5, 12 bytes; count 2; 0.5, -1
            "0500", "0000", "0c000000", "02000000", "0000003f", "000080bf",
            // THUMBNAILS: id 2, 28 bytes; R 2, N 2; lo 0 hi 3 [0 85 170 255]; lo -1 hi -1 [0 0 0 0]
            "0200", "0000", "1c000000", "0200", "0200", "00000000", "00004040", "0055aaff",
            "000080bf", "000080bf", "00000000",
            // OUTPUT_MAP: id 3, 16 bytes; G 2, C 1; lo -1 hi 1 [0 128 191 255]
            "0300", "0000", "10000000", "0200", "0100", "000080bf", "0000803f", "0080bfff",
            // SELECTED_MAP: id 4, 28 bytes; layer 1, neuron 0, G 3, 0; lo 0.25 hi 0.75; 9 shades + 3 pad
            "0400", "0000", "1c000000", "0100", "0000", "0300", "0000", "0000803e", "0000403f",
            "00000000ffffffffff", "000000");

    private static FrameContent goldenContent() {
        float[][][] thumbnails = {{{0, 1, 2, 3}}, {{-1, -1, -1, -1}}};
        float[][] output = {{-1, 0, 0.5f, 1}};
        float[] selected = {0.25f, 0.25f, 0.25f, 0.25f, 0.75f, 0.75f, 0.75f, 0.75f, 0.75f};
        return new FrameContent(7, 2.5, 1000, new TrainingMetrics(0.25, 0.5, 1, Double.NaN), 100, 2, thumbnails, 2,
                output, new NeuronRef(1, 0), 3, selected, new double[] {0.5, -1});
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Test
    void encodesTheGoldenFrameByteForByte() {
        ByteBuffer frame = FrameCodec.encode(goldenContent());
        assertEquals(GOLDEN, HexFormat.of().formatHex(bytes(frame)));
        assertEquals(176, frame.remaining());
        assertEquals(frame.remaining(), FrameCodec.sizeOf(goldenContent()));
        assertEquals(0, frame.position());
        assertTrue(frame.isReadOnly(), "the one encoding is shared by every viewer: nobody may write it");
    }

    @Test
    void decodesTheGoldenFrame() {
        FrameCodec.DecodedFrame frame = FrameCodec.decode(ByteBuffer.wrap(HexFormat.of().parseHex(GOLDEN)));
        assertEquals(Protocol.VERSION, frame.version());
        assertEquals(FrameCodec.KIND_TRAINING, frame.kind());
        assertEquals(7, frame.seq());
        assertEquals(2.5, frame.epoch());
        assertEquals(1000, frame.serverTimeMs());
        assertEquals(0.25f, frame.trainLoss());
        assertEquals(0.5f, frame.testLoss());
        assertEquals(1f, frame.trainAccuracy());
        assertTrue(Float.isNaN(frame.testAccuracy()));
        assertEquals(100f, frame.epochsPerSecond());
        assertArrayEquals(new float[] {0.5f, -1f}, frame.weights());
        assertEquals(2, frame.thumbnailResolution());
        assertEquals(2, frame.thumbnails().length);
        assertEquals(3.0, frame.thumbnails()[0].value(3), 0);
        assertEquals(1.0, frame.thumbnails()[0].value(1), 3.0 / 510);
        assertEquals(-1.0, frame.thumbnails()[1].value(2), 0);
        assertEquals(1, frame.outputChannels().length);
        assertEquals(128, frame.outputChannels()[0].shade(1));
        assertEquals(1, frame.selected().layer());
        assertEquals(0, frame.selected().neuron());
        assertEquals(3, frame.selected().resolution());
        assertEquals(0.75, frame.selected().map().value(8), 1e-7);
        assertEquals(List.of(), frame.unknownSections());
    }

    @Test
    void aFrameWithoutSelectionOrWeightsHasNoSuchSections() {
        FrameContent c = goldenContent();
        FrameContent plain = new FrameContent(c.seq(), c.epoch(), c.serverTimeMs(), c.metrics(), c.epochsPerSecond(),
                c.thumbnailResolution(), c.thumbnails(), c.outputResolution(), c.outputChannels(), null, 0, null, null);
        ByteBuffer frame = FrameCodec.encode(plain);
        assertEquals(FrameCodec.sizeOf(plain), frame.remaining());
        FrameCodec.DecodedFrame decoded = FrameCodec.decode(frame);
        assertNull(decoded.selected());
        assertNull(decoded.weights());
        assertEquals(2, decoded.thumbnails().length);
    }

    @Test
    void theSmallestFrameIsHeaderAndOutputMap() {
        FrameContent c = goldenContent();
        FrameContent small = new FrameContent(8, 3, 1000, null, 0, 0, null, c.outputResolution(), c.outputChannels(),
                null, 0, null, null);
        ByteBuffer frame = FrameCodec.encode(small);
        // header, then OUTPUT_MAP exactly as in the golden frame
        String golden = GOLDEN.substring(2 * 116, 2 * 140);
        assertEquals(golden, HexFormat.of().formatHex(bytes(frame)).substring(2 * FrameCodec.HEADER_BYTES));
        FrameCodec.DecodedFrame decoded = FrameCodec.decode(frame);
        assertNull(decoded.metrics());
        assertTrue(Float.isNaN(decoded.trainLoss()), "no METRICS section: the metrics are NaN");
        assertNull(decoded.thumbnails());
        assertEquals(-1.0, decoded.outputChannels()[0].value(0));
    }

    @Test
    void roundTripsARealisticFrameWithinHalfAShade() {
        Random random = new Random(5);
        int r = 10;
        int g = 50;
        int[] sizes = {7, 8, 8, 8, 8, 8, 8, 1};
        float[][][] thumbnails = new float[sizes.length][][];
        for (int l = 0; l < sizes.length; l++) {
            thumbnails[l] = new float[sizes[l]][r * r];
            for (float[] map : thumbnails[l]) {
                for (int p = 0; p < map.length; p++) {
                    map[p] = (float) (random.nextGaussian() * (l + 1));
                }
            }
        }
        float[][] output = new float[1][g * g];
        for (int p = 0; p < g * g; p++) {
            output[0][p] = (float) Math.tanh(random.nextGaussian());
        }
        double[] weights = new double[433]; // W2: 7·8+8, five times 8·8+8, then 8+1
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextGaussian();
        }
        FrameContent content = new FrameContent(0xFFFF_FFFFL, 1234.56, 1.7e12, new TrainingMetrics(0.1, 0.2, 0.9, 0.8),
                5000, r, thumbnails, g, output, null, 0, null, weights);
        FrameCodec.DecodedFrame frame = FrameCodec.decode(FrameCodec.encode(content));
        assertEquals(0xFFFF_FFFFL, frame.seq(), "seq is an unsigned 32-bit number");
        assertEquals(1234.56, frame.epoch());
        assertEquals(56, frame.thumbnails().length);
        int n = 0;
        for (float[][] layer : thumbnails) {
            for (float[] map : layer) {
                FrameCodec.QuantizedMap q = frame.thumbnails()[n++];
                double halfStep = (q.hi() - q.lo()) / 510.0;
                for (int p = 0; p < map.length; p++) {
                    assertEquals(map[p], q.value(p), halfStep * 1.0001 + 1e-6, "thumbnail " + n + " point " + p);
                }
            }
        }
        FrameCodec.QuantizedMap out = frame.outputChannels()[0];
        for (int p = 0; p < g * g; p++) {
            assertEquals(output[0][p], out.value(p), (out.hi() - out.lo()) / 510.0 * 1.0001 + 1e-6);
        }
        for (int i = 0; i < weights.length; i++) {
            assertEquals((float) weights[i], frame.weights()[i]);
        }
        // W2's full frame, as docs/protocol.md gives it.
        assertEquals(10_384, FrameCodec.sizeOf(content));
    }

    @Test
    void nonFiniteMapValuesAreClampedNotPropagated() {
        float[][][] thumbnails = {{{Float.NaN, 1, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3, 2, 2, 2, 2}}};
        FrameContent content = new FrameContent(1, 0, 0, TrainingMetrics.UNDEFINED, Double.NaN, 3, thumbnails, 2,
                new float[][] {{0, 0, 0, 0}}, null, 0, null, null);
        FrameCodec.DecodedFrame frame = FrameCodec.decode(FrameCodec.encode(content));
        FrameCodec.QuantizedMap map = frame.thumbnails()[0];
        assertEquals(1f, map.lo(), "the range covers the finite values only");
        assertEquals(3f, map.hi());
        assertEquals(0, map.shade(0), "NaN goes to shade 0");
        assertEquals(255, map.shade(2), "+inf goes to the top shade");
        assertEquals(0, map.shade(3), "-inf goes to the bottom shade");
        assertEquals(128, map.shade(5));
        FrameCodec.QuantizedMap flat = frame.outputChannels()[0];
        assertEquals(0f, flat.lo());
        assertEquals(0f, flat.hi());
        assertEquals(0, flat.shade(3), "a flat map is all zeros");
    }

    @Test
    void theReaderSkipsUnknownSections() {
        byte[] golden = HexFormat.of().parseHex(GOLDEN);
        // Header, then an unknown section 99 with 8 bytes, then the rest of the golden frame.
        ByteBuffer frame = ByteBuffer.allocate(golden.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        frame.put(golden, 0, FrameCodec.HEADER_BYTES);
        frame.putShort((short) 99).putShort((short) 0).putInt(8).putLong(-1L);
        frame.put(golden, FrameCodec.HEADER_BYTES, golden.length - FrameCodec.HEADER_BYTES);
        frame.flip();
        FrameCodec.DecodedFrame decoded = FrameCodec.decode(frame);
        assertEquals(List.of(99), decoded.unknownSections());
        assertEquals(2, decoded.thumbnails().length);
        assertEquals(1, decoded.selected().layer());
    }

    @Test
    void theReaderRefusesMalformedFrames() {
        byte[] golden = HexFormat.of().parseHex(GOLDEN);
        byte[] badMagic = golden.clone();
        badMagic[0] = 'X';
        assertThrows(IllegalArgumentException.class, () -> FrameCodec.decode(ByteBuffer.wrap(badMagic)));
        assertThrows(IllegalArgumentException.class, () -> FrameCodec.decode(ByteBuffer.wrap(golden, 0, 20)));
        byte[] truncated = java.util.Arrays.copyOf(golden, golden.length - 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameCodec.decode(ByteBuffer.wrap(truncated)));
        assertTrue(e.getMessage().contains("section 4"), e.getMessage());
    }

    @Test
    void contentValidatesItsShapes() {
        assertThrows(IllegalArgumentException.class, () -> new FrameContent(1, 0, 0, TrainingMetrics.UNDEFINED, 0, 3,
                new float[][][] {{{1, 2, 3, 4}}}, 2, new float[][] {{0, 0, 0, 0}}, null, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new FrameContent(-1, 0, 0, TrainingMetrics.UNDEFINED, 0, 2,
                new float[][][] {{{1, 2, 3, 4}}}, 2, new float[][] {{0, 0, 0, 0}}, null, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new FrameContent(1, 0, 0, TrainingMetrics.UNDEFINED, 0, 2,
                new float[][][] {{{1, 2, 3, 4}}}, 2, new float[][] {{0, 0, 0, 0}}, new NeuronRef(0, 0), 2, null, null));
    }
}
