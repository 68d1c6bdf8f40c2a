package dev.meridian.gateway.transport;

/**
 * Test-only: writes valid XOR chunks using only the widest encodings (every timestamp after the
 * second as a 64-bit delta of delta, every value as a new 64-bit window), so the writer stays
 * obviously correct; the decoder's compact cases are covered field by field in
 * {@link XorChunkDecoderTest}.
 */
final class SimpleXorChunks {
    private SimpleXorChunks() {}

    static byte[] encode(long[] timestamps, double[] values) {
        TestBitWriter out = new TestBitWriter();
        long previousDelta = 0;
        for (int i = 0; i < timestamps.length; i++) {
            long bits = Double.doubleToRawLongBits(values[i]);
            if (i == 0) {
                out.varint(timestamps[0]).bits(bits, 64);
                continue;
            }
            long delta = timestamps[i] - timestamps[i - 1];
            if (i == 1) {
                out.uvarint(delta);
            } else {
                out.bits("1111").bits(delta - previousDelta, 64);
            }
            previousDelta = delta;
            long xor = bits ^ Double.doubleToRawLongBits(values[i - 1]);
            // '11', 0 leading zeros, 0 meaning 64 meaningful bits, then all 64 bits of the XOR.
            out.bits("11").bits(0, 5).bits(0, 6).bits(xor, 64);
        }
        return out.chunk(timestamps.length);
    }
}
