package org.layerlab.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The live race's binary frame (docs/protocol.md, "Races"), little-endian:
 *
 * <pre>
 * header (28 bytes): u32 magic "RCLL" | u16 version | u16 kind (2) | u32 seq | u32 liveId | u32 epoch
 *                    | u16 contestants C | u16 curve points P | u16 map resolution G | u16 0
 * per contestant:    u8 status | u8 0 | u16 channels K (0: no map in this frame) | i32 epochsTrained
 *                    | i32 reachedAt (−1: not reached) | f32 testLoss (NaN: none yet)
 *                    | K × (f32 lo, f32 hi, G·G shades), padded to 4
 * curve:             P × (u32 epoch | C × f32 test loss, NaN where that contestant has no point)
 * </pre>
 *
 * Maps are quantised to 8 bits against their own range exactly as in the training frame
 * ({@link FrameCodec}). A frame carries a contestant's map only when its network changed since the
 * previous frame, and the curve points measured since the previous frame: frames must arrive in
 * order and none may be skipped — the race session builds a frame only when the page is ready for it.
 */
public final class RaceFrameCodec {
    /** "RCLL" as little-endian bytes 'R','C','L','L'. */
    public static final int MAGIC = 0x4C4C4352;
    public static final int KIND_RACE = 2;
    public static final int HEADER_BYTES = 28;
    static final int CONTESTANT_BYTES = 16;

    public static final int STATUS_RACING = 0;
    public static final int STATUS_REACHED = 1;
    public static final int STATUS_NOT_REACHED = 2;
    public static final int STATUS_DIVERGED = 3;

    /** The status names of events and docs, by status code. */
    public static final List<String> STATUS_NAMES = List.of("racing", "reached", "not-reached", "diverged");

    private RaceFrameCodec() {
    }

    /**
     * One contestant in a frame.
     *
     * @param mapChannels the output layer's maps, {@code [channel][point]} with at least G·G points
     *                    each, or null when the map did not change since the previous frame
     */
    public record Contestant(int status, int epochsTrained, int reachedAt, double testLoss, float[][] mapChannels) {
        public Contestant {
            if (status < STATUS_RACING || status > STATUS_DIVERGED) {
                throw new IllegalArgumentException("status must be in [0, 3], got " + status);
            }
        }
    }

    /**
     * A frame before encoding.
     *
     * @param seq          the race session's frame number, +1 per frame (u32)
     * @param liveId       which live race this is (it changes with every new race, seed or reset)
     * @param epoch        lock-step epochs so far
     * @param resolution   G of every map in the frame
     * @param curveEpochs  the epochs of the curve points in this frame, increasing
     * @param curveLosses  {@code [contestant][point]}, NaN where a contestant has no point
     */
    public record Frame(long seq, long liveId, int epoch, int resolution, List<Contestant> contestants,
                        int[] curveEpochs, float[][] curveLosses) {
        public Frame {
            requireU32("seq", seq);
            requireU32("liveId", liveId);
            contestants = List.copyOf(Objects.requireNonNull(contestants, "contestants"));
            Objects.requireNonNull(curveEpochs, "curveEpochs");
            Objects.requireNonNull(curveLosses, "curveLosses");
            if (curveLosses.length != contestants.size()) {
                throw new IllegalArgumentException("curveLosses needs one row per contestant");
            }
            if (curveEpochs.length > 0xFFFF) {
                throw new IllegalArgumentException("at most 65535 curve points per frame, got " + curveEpochs.length);
            }
            if (resolution < 2 || resolution > 0xFFFF) {
                throw new IllegalArgumentException("resolution must be in [2, 65535], got " + resolution);
            }
        }
    }

    private static void requireU32(String name, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(name + " must fit in 32 bits, got " + value);
        }
    }

    /** The exact encoded size of {@code frame}, in bytes. */
    public static int sizeOf(Frame frame) {
        int g2 = frame.resolution() * frame.resolution();
        int size = HEADER_BYTES;
        for (Contestant c : frame.contestants()) {
            size += CONTESTANT_BYTES;
            if (c.mapChannels() != null) {
                size += padded(c.mapChannels().length * (8 + g2));
            }
        }
        size += frame.curveEpochs().length * (4 + 4 * frame.contestants().size());
        return size;
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    /** Encodes into a fresh read-only buffer (sockets send asynchronously: never reuse it). */
    public static ByteBuffer encode(Frame frame) {
        ByteBuffer out = ByteBuffer.wrap(new byte[sizeOf(frame)]).order(ByteOrder.LITTLE_ENDIAN);
        int g2 = frame.resolution() * frame.resolution();
        out.putInt(MAGIC);
        out.putShort((short) Protocol.VERSION);
        out.putShort((short) KIND_RACE);
        out.putInt((int) frame.seq());
        out.putInt((int) frame.liveId());
        out.putInt(frame.epoch());
        out.putShort((short) frame.contestants().size());
        out.putShort((short) frame.curveEpochs().length);
        out.putShort((short) frame.resolution());
        out.putShort((short) 0);
        for (Contestant c : frame.contestants()) {
            int channels = c.mapChannels() == null ? 0 : c.mapChannels().length;
            out.put((byte) c.status());
            out.put((byte) 0);
            out.putShort((short) channels);
            out.putInt(c.epochsTrained());
            out.putInt(c.reachedAt());
            out.putFloat((float) c.testLoss());
            if (channels > 0) {
                int start = out.position();
                for (float[] channel : c.mapChannels()) {
                    if (channel.length < g2) {
                        throw new IllegalArgumentException("a map channel needs " + g2 + " points, got "
                                + channel.length);
                    }
                    FrameCodec.putMap(out, channel, g2);
                }
                int length = out.position() - start;
                for (int i = length; i < padded(length); i++) {
                    out.put((byte) 0);
                }
            }
        }
        for (int p = 0; p < frame.curveEpochs().length; p++) {
            out.putInt(frame.curveEpochs()[p]);
            for (float[] losses : frame.curveLosses()) {
                out.putFloat(losses[p]);
            }
        }
        out.flip();
        return out.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    // ================================================================== reading (tests, tools)

    /** A contestant as read back; {@code map} is null when the frame carried none. */
    public record DecodedContestant(int status, int epochsTrained, int reachedAt, float testLoss,
                                    FrameCodec.QuantizedMap[] map) {
        public String statusName() {
            return STATUS_NAMES.get(status);
        }
    }

    public record DecodedFrame(int version, int kind, long seq, long liveId, int epoch, int resolution,
                               List<DecodedContestant> contestants, int[] curveEpochs, float[][] curveLosses) {
    }

    /**
     * The reference reader (the browser's is web/js/race-wire.js).
     *
     * @throws IllegalArgumentException naming the offset when the bytes are not a well-formed frame
     */
    public static DecodedFrame decode(ByteBuffer frame) {
        ByteBuffer in = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int base = in.position();
        if (in.remaining() < HEADER_BYTES) {
            throw new IllegalArgumentException("a race frame has at least " + HEADER_BYTES + " bytes, got "
                    + in.remaining());
        }
        int magic = in.getInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException(String.format("bad magic 0x%08X, expected 0x%08X", magic, MAGIC));
        }
        int version = in.getShort() & 0xFFFF;
        int kind = in.getShort() & 0xFFFF;
        long seq = in.getInt() & 0xFFFF_FFFFL;
        long liveId = in.getInt() & 0xFFFF_FFFFL;
        int epoch = in.getInt();
        int count = in.getShort() & 0xFFFF;
        int points = in.getShort() & 0xFFFF;
        int resolution = in.getShort() & 0xFFFF;
        in.getShort();
        int g2 = resolution * resolution;
        List<DecodedContestant> contestants = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            need(in, CONTESTANT_BYTES, base, "contestant " + c);
            int status = in.get() & 0xFF;
            in.get();
            int channels = in.getShort() & 0xFFFF;
            int trained = in.getInt();
            int reachedAt = in.getInt();
            float testLoss = in.getFloat();
            FrameCodec.QuantizedMap[] map = null;
            if (channels > 0) {
                int length = padded(channels * (8 + g2));
                need(in, length, base, "the map of contestant " + c);
                int end = in.position() + length;
                map = new FrameCodec.QuantizedMap[channels];
                for (int k = 0; k < channels; k++) {
                    float lo = in.getFloat();
                    float hi = in.getFloat();
                    byte[] shades = new byte[g2];
                    in.get(shades);
                    map[k] = new FrameCodec.QuantizedMap(lo, hi, shades);
                }
                in.position(end);
            }
            if (status > STATUS_DIVERGED) {
                throw new IllegalArgumentException("contestant " + c + " has status " + status + "; known: 0..3");
            }
            contestants.add(new DecodedContestant(status, trained, reachedAt, testLoss, map));
        }
        need(in, points * (4 + 4 * count), base, "the curve");
        int[] epochs = new int[points];
        float[][] losses = new float[count][points];
        for (int p = 0; p < points; p++) {
            epochs[p] = in.getInt();
            for (int c = 0; c < count; c++) {
                losses[c][p] = in.getFloat();
            }
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " bytes left over after the curve at byte "
                    + (in.position() - base));
        }
        return new DecodedFrame(version, kind, seq, liveId, epoch, resolution, List.copyOf(contestants), epochs,
                losses);
    }

    private static void need(ByteBuffer in, int bytes, int base, String what) {
        if (in.remaining() < bytes) {
            throw new IllegalArgumentException("truncated frame: " + what + " at byte " + (in.position() - base)
                    + " needs " + bytes + " bytes, " + in.remaining() + " remain");
        }
    }
}
