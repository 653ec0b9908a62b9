package org.layerlab.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaceFrameCodecTest {

    /** A 2 × 2 map: −1, 0, 1, 0.5 → lo −1, hi 1, shades 0, 128 (127.5 rounds up), 255, 191 (191.25). */
    private static final float[] MAP = {-1f, 0f, 1f, 0.5f};

    private static RaceFrameCodec.Frame frame() {
        return new RaceFrameCodec.Frame(7, 3, 42, 2, List.of(
                new RaceFrameCodec.Contestant(RaceFrameCodec.STATUS_REACHED, 40, 40, 0.049, new float[][] {MAP}),
                new RaceFrameCodec.Contestant(RaceFrameCodec.STATUS_RACING, 42, -1, 0.3, null)),
                new int[] {41, 42}, new float[][] {{Float.NaN, Float.NaN}, {0.31f, 0.3f}});
    }

    @Test
    void aFrameIsWrittenByteForByteAsDocumented() {
        ByteBuffer bytes = RaceFrameCodec.encode(frame());
        // header 28 + contestant 16 + map (8 + 4 = 12, a multiple of 4) + contestant 16 + 2 points × (4 + 2 × 4)
        assertEquals(28 + 16 + 12 + 16 + 2 * 12, bytes.remaining());
        assertEquals(bytes.remaining(), RaceFrameCodec.sizeOf(frame()));
        ByteBuffer in = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals('R', in.get(0));
        assertEquals('C', in.get(1));
        assertEquals('L', in.get(2));
        assertEquals('L', in.get(3));
        assertEquals(1, in.getShort(4)); // version
        assertEquals(2, in.getShort(6)); // kind: race
        assertEquals(7, in.getInt(8)); // seq
        assertEquals(3, in.getInt(12)); // liveId
        assertEquals(42, in.getInt(16)); // epoch
        assertEquals(2, in.getShort(20)); // contestants
        assertEquals(2, in.getShort(22)); // curve points
        assertEquals(2, in.getShort(24)); // resolution
        assertEquals(1, in.get(28)); // status reached
        assertEquals(1, in.getShort(30)); // one channel
        assertEquals(40, in.getInt(32));
        assertEquals(40, in.getInt(36));
        assertEquals(0.049f, in.getFloat(40));
        assertEquals(-1f, in.getFloat(44)); // lo
        assertEquals(1f, in.getFloat(48)); // hi
        assertEquals(0, in.get(52) & 0xFF);
        assertEquals(128, in.get(53) & 0xFF);
        assertEquals(255, in.get(54) & 0xFF);
        assertEquals(191, in.get(55) & 0xFF);
        assertEquals(0, in.get(56)); // racing
        assertEquals(0, in.getShort(58)); // no map
        assertEquals(-1, in.getInt(64)); // not reached
        assertEquals(41, in.getInt(72)); // first curve point
        assertTrue(Float.isNaN(in.getFloat(76)));
        assertEquals(0.31f, in.getFloat(80));
    }

    @Test
    void theReferenceReaderReadsWhatWasWritten() {
        RaceFrameCodec.DecodedFrame decoded = RaceFrameCodec.decode(RaceFrameCodec.encode(frame()));
        assertEquals(7, decoded.seq());
        assertEquals(3, decoded.liveId());
        assertEquals(42, decoded.epoch());
        assertEquals("reached", decoded.contestants().get(0).statusName());
        assertEquals(40, decoded.contestants().get(0).reachedAt());
        assertEquals(0.5, decoded.contestants().get(0).map()[0].value(3), 1.0 / 255);
        assertEquals("racing", decoded.contestants().get(1).statusName());
        assertNull(decoded.contestants().get(1).map());
        assertArrayEquals(new int[] {41, 42}, decoded.curveEpochs());
        assertArrayEquals(new float[] {0.31f, 0.3f}, decoded.curveLosses()[1]);
    }

    @Test
    void brokenFramesAreRefusedWithTheirOffset() {
        byte[] good = new byte[RaceFrameCodec.sizeOf(frame())];
        RaceFrameCodec.encode(frame()).get(good);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RaceFrameCodec.decode(ByteBuffer.wrap(truncated)));
        assertTrue(e.getMessage().contains("the curve"), e.getMessage());
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThrows(IllegalArgumentException.class, () -> RaceFrameCodec.decode(ByteBuffer.wrap(magic)));
        assertThrows(IllegalArgumentException.class, () -> new RaceFrameCodec.Contestant(4, 0, -1, 0, null));
        assertThrows(IllegalArgumentException.class, () -> new RaceFrameCodec.Frame(-1, 0, 0, 2, List.of(),
                new int[0], new float[0][]));
    }
}
