package org.layerlab.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary training frame of docs/protocol.md: a 32-byte header, then sections, little-endian.
 *
 * <pre>
 * header:  u32 magic "RFLL" | u16 version | u16 kind | u32 seq | u32 reserved | f64 epoch | f64 serverTimeMs
 * section: u16 id | u16 reserved | u32 byteLength (of the payload, padding included) | payload, padded to 4
 * </pre>
 *
 * Maps are quantised to 8 bits per point against their own range: a byte b stands for
 * {@code lo + b / 255 · (hi − lo)}, so the error is at most half a step, (hi − lo) / 510.
 *
 * <p>{@link #encode} writes each frame into a fresh array: a session encodes a frame once and hands
 * a {@code duplicate()} to every ready viewer, and the socket reads it asynchronously, so a frame's
 * bytes must never be reused for the next one. {@link #decode} is the reference reader (tests,
 * load tools); the browser's reader is web/js/wire.js.
 */
public final class FrameCodec {
    /** "RFLL" as little-endian bytes 'R','F','L','L'. */
    public static final int MAGIC = 0x4C4C4652;
    public static final int HEADER_BYTES = 32;
    public static final int SECTION_HEADER_BYTES = 8;
    public static final int KIND_TRAINING = 1;

    public static final int SECTION_METRICS = 1;
    public static final int SECTION_THUMBNAILS = 2;
    public static final int SECTION_OUTPUT_MAP = 3;
    public static final int SECTION_SELECTED_MAP = 4;
    public static final int SECTION_WEIGHTS = 5;

    /** trainLoss, testLoss, trainAccuracy, testAccuracy, epochsPerSecond. */
    static final int METRIC_COUNT = 5;

    private FrameCodec() {
    }

    // ================================================================== writing

    /** The exact encoded size of {@code frame}, in bytes. */
    public static int sizeOf(FrameContent frame) {
        int size = HEADER_BYTES;
        if (frame.metrics() != null) {
            size += section(METRIC_COUNT * 4);
        }
        if (frame.weights() != null) {
            size += section(4 + 4 * frame.weights().length);
        }
        if (frame.thumbnails() != null) {
            int r2 = frame.thumbnailResolution() * frame.thumbnailResolution();
            size += section(4 + frame.thumbnailCount() * (8 + r2));
        }
        int g2 = frame.outputResolution() * frame.outputResolution();
        size += section(4 + frame.outputChannels().length * (8 + g2));
        if (frame.selected() != null) {
            int s2 = frame.selectedResolution() * frame.selectedResolution();
            size += section(8 + 8 + s2);
        }
        return size;
    }

    private static int section(int payload) {
        return SECTION_HEADER_BYTES + padded(payload);
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    /**
     * Encodes a frame: header, then METRICS, WEIGHTS, THUMBNAILS (each if present), OUTPUT_MAP,
     * SELECTED_MAP (if present). Returns a read-only little-endian buffer from position 0 to its end.
     */
    public static ByteBuffer encode(FrameContent frame) {
        byte[] bytes = new byte[sizeOf(frame)];
        ByteBuffer out = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(MAGIC);
        out.putShort((short) Protocol.VERSION);
        out.putShort((short) KIND_TRAINING);
        out.putInt((int) frame.seq());
        out.putInt(0);
        out.putDouble(frame.epoch());
        out.putDouble(frame.serverTimeMs());

        int start;
        if (frame.metrics() != null) {
            start = beginSection(out, SECTION_METRICS);
            out.putFloat((float) frame.metrics().trainLoss());
            out.putFloat((float) frame.metrics().testLoss());
            out.putFloat((float) frame.metrics().trainAccuracy());
            out.putFloat((float) frame.metrics().testAccuracy());
            out.putFloat((float) frame.epochsPerSecond());
            endSection(out, start);
        }

        if (frame.weights() != null) {
            start = beginSection(out, SECTION_WEIGHTS);
            double[] weights = frame.weights();
            out.putInt(weights.length);
            for (double w : weights) {
                out.putFloat((float) w);
            }
            endSection(out, start);
        }

        if (frame.thumbnails() != null) {
            start = beginSection(out, SECTION_THUMBNAILS);
            int r = frame.thumbnailResolution();
            out.putShort((short) r);
            out.putShort((short) frame.thumbnailCount());
            for (float[][] layer : frame.thumbnails()) {
                for (float[] map : layer) {
                    putMap(out, map, r * r);
                }
            }
            endSection(out, start);
        }

        start = beginSection(out, SECTION_OUTPUT_MAP);
        int g = frame.outputResolution();
        out.putShort((short) g);
        out.putShort((short) frame.outputChannels().length);
        for (float[] channel : frame.outputChannels()) {
            putMap(out, channel, g * g);
        }
        endSection(out, start);

        if (frame.selected() != null) {
            start = beginSection(out, SECTION_SELECTED_MAP);
            int s = frame.selectedResolution();
            out.putShort((short) frame.selected().layer());
            out.putShort((short) frame.selected().neuron());
            out.putShort((short) s);
            out.putShort((short) 0);
            putMap(out, frame.selectedMap(), s * s);
            endSection(out, start);
        }
        if (out.hasRemaining()) {
            throw new IllegalStateException("frame size was miscounted: " + out.remaining() + " bytes left");
        }
        out.flip();
        return out.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes a section header with a placeholder length; returns where the payload starts. */
    private static int beginSection(ByteBuffer out, int id) {
        out.putShort((short) id);
        out.putShort((short) 0);
        out.putInt(0);
        return out.position();
    }

    /** Pads the payload to a multiple of 4 and fills in its length. */
    private static void endSection(ByteBuffer out, int payloadStart) {
        int length = out.position() - payloadStart;
        int pad = padded(length) - length;
        for (int i = 0; i < pad; i++) {
            out.put((byte) 0);
        }
        out.putInt(payloadStart - 4, length + pad);
    }

    /**
     * f32 lo, f32 hi, then n shades. lo and hi are the map's smallest and largest finite values; a
     * flat map (lo = hi) is all zeros; a non-finite value (never expected: the session shows the last
     * finite network) is clamped to the nearer end, NaN to 0.
     */
    static void putMap(ByteBuffer out, float[] values, int n) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < n; p++) {
            float v = values[p];
            if (v < lo && v > Float.NEGATIVE_INFINITY) {
                lo = v;
            }
            if (v > hi && v < Float.POSITIVE_INFINITY) {
                hi = v;
            }
        }
        if (lo > hi) {
            lo = 0;
            hi = 0;
        }
        out.putFloat(lo);
        out.putFloat(hi);
        float range = hi - lo;
        float scale = range > 0 && Float.isFinite(range) ? 255f / range : 0f;
        byte[] array = out.array();
        int base = out.arrayOffset() + out.position();
        for (int p = 0; p < n; p++) {
            float shade = (values[p] - lo) * scale + 0.5f;
            // NaN fails both comparisons and lands on 0.
            int b = shade >= 255f ? 255 : shade >= 0f ? (int) shade : 0;
            array[base + p] = (byte) b;
        }
        out.position(out.position() + n);
    }

    // ================================================================== reading

    /** A map as it travels: its range and one shade per point. */
    public record QuantizedMap(float lo, float hi, byte[] shades) {
        /** The value point p stands for. */
        public double value(int p) {
            return lo + (shades[p] & 0xFF) / 255.0 * (hi - lo);
        }

        public int shade(int p) {
            return shades[p] & 0xFF;
        }
    }

    /** The selected neuron's map. */
    public record SelectedMap(int layer, int neuron, int resolution, QuantizedMap map) {
    }

    /**
     * A frame as read back.
     *
     * @param metrics            the five METRICS values, or null if absent
     * @param thumbnails         every neuron's thumbnail, inputs first, or null if absent
     * @param outputChannels     the output map's channels, or null if absent
     * @param selected           null if absent
     * @param weights            null if absent
     * @param unknownSections    ids of sections this reader skipped
     */
    public record DecodedFrame(int version, int kind, long seq, double epoch, double serverTimeMs, float[] metrics,
                               int thumbnailResolution, QuantizedMap[] thumbnails, int outputResolution,
                               QuantizedMap[] outputChannels, SelectedMap selected, float[] weights,
                               List<Integer> unknownSections) {
        /** NaN when the frame has no METRICS section (likewise the other metrics). */
        public float trainLoss() {
            return metric(0);
        }

        public float testLoss() {
            return metric(1);
        }

        public float trainAccuracy() {
            return metric(2);
        }

        public float testAccuracy() {
            return metric(3);
        }

        public float epochsPerSecond() {
            return metric(4);
        }

        private float metric(int i) {
            return metrics == null ? Float.NaN : metrics[i];
        }
    }

    /**
     * Reads a frame, skipping sections it does not know.
     *
     * @throws IllegalArgumentException naming the offset when the bytes are not a well-formed frame
     */
    public static DecodedFrame decode(ByteBuffer frame) {
        ByteBuffer in = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int base = in.position();
        if (in.remaining() < HEADER_BYTES) {
            throw new IllegalArgumentException("a frame has at least " + HEADER_BYTES + " bytes, got " + in.remaining());
        }
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException(String.format("bad magic 0x%08X, expected 0x%08X", magic, MAGIC));
        }
        int version = in.getShort() & 0xFFFF;
        int kind = in.getShort() & 0xFFFF;
        long seq = in.getInt() & 0xFFFF_FFFFL;
        in.getInt();
        double epoch = in.getDouble();
        double time = in.getDouble();

        float[] metrics = null;
        int thumbnailResolution = 0;
        QuantizedMap[] thumbnails = null;
        int outputResolution = 0;
        QuantizedMap[] output = null;
        SelectedMap selected = null;
        float[] weights = null;
        List<Integer> unknown = new ArrayList<>();
        while (in.hasRemaining()) {
            int at = in.position() - base;
            if (in.remaining() < SECTION_HEADER_BYTES) {
                throw new IllegalArgumentException("truncated section header at byte " + at);
            }
            int id = in.getShort() & 0xFFFF;
            in.getShort();
            int length = in.getInt();
            if (length < 0 || length > in.remaining() || (length & 3) != 0) {
                throw new IllegalArgumentException("section " + id + " at byte " + at + " claims " + length
                        + " bytes; " + in.remaining() + " remain (lengths are multiples of 4)");
            }
            int end = in.position() + length;
            ByteBuffer payload = in.slice().order(ByteOrder.LITTLE_ENDIAN);
            payload.limit(length);
            switch (id) {
                case SECTION_METRICS:
                    metrics = new float[METRIC_COUNT];
                    for (int i = 0; i < METRIC_COUNT; i++) {
                        metrics[i] = payload.getFloat();
                    }
                    break;
                case SECTION_WEIGHTS:
                    weights = new float[payload.getInt()];
                    for (int i = 0; i < weights.length; i++) {
                        weights[i] = payload.getFloat();
                    }
                    break;
                case SECTION_THUMBNAILS: {
                    thumbnailResolution = payload.getShort() & 0xFFFF;
                    int count = payload.getShort() & 0xFFFF;
                    thumbnails = new QuantizedMap[count];
                    for (int i = 0; i < count; i++) {
                        thumbnails[i] = readMap(payload, thumbnailResolution * thumbnailResolution);
                    }
                    break;
                }
                case SECTION_OUTPUT_MAP: {
                    outputResolution = payload.getShort() & 0xFFFF;
                    int channels = payload.getShort() & 0xFFFF;
                    output = new QuantizedMap[channels];
                    for (int i = 0; i < channels; i++) {
                        output[i] = readMap(payload, outputResolution * outputResolution);
                    }
                    break;
                }
                case SECTION_SELECTED_MAP: {
                    int layer = payload.getShort() & 0xFFFF;
                    int neuron = payload.getShort() & 0xFFFF;
                    int resolution = payload.getShort() & 0xFFFF;
                    payload.getShort();
                    selected = new SelectedMap(layer, neuron, resolution, readMap(payload, resolution * resolution));
                    break;
                }
                default:
                    unknown.add(id);
            }
            in.position(end);
        }
        return new DecodedFrame(version, kind, seq, epoch, time, metrics, thumbnailResolution, thumbnails,
                outputResolution, output, selected, weights, List.copyOf(unknown));
    }

    private static QuantizedMap readMap(ByteBuffer in, int n) {
        float lo = in.getFloat();
        float hi = in.getFloat();
        byte[] shades = new byte[n];
        in.get(shades);
        return new QuantizedMap(lo, hi, shades);
    }
}
