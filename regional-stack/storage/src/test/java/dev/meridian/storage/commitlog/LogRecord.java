package dev.meridian.storage.commitlog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A record as a test wrote or read it, and helpers to make and replay them. */
record LogRecord(LogPosition position, byte[] payload) {
    /** Where the next record would start if this one is the last in its segment. */
    LogPosition end() {
        return new LogPosition(position.segment(), position.offset() + SegmentFormat.FRAME_HEADER_SIZE + payload.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogRecord other && position.equals(other.position) && Arrays.equals(payload, other.payload);
    }

    @Override
    public int hashCode() {
        return position.hashCode() * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "LogRecord[" + position + ", " + payload.length + " bytes]";
    }

    /** {@code length} bytes derived from {@code seed}, none of them zero (so zero-filling always changes them). */
    static byte[] payload(long seed, int length) {
        byte[] bytes = new byte[length];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bytes[i] = (byte) (1 + Long.remainderUnsigned(x, 255));
        }
        return bytes;
    }

    static LogRecord append(CommitLog log, byte[] payload) {
        return new LogRecord(log.append(payload), payload);
    }

    /** Everything a replay from {@code from} hands out, copied. */
    record Replay(List<LogRecord> records, ReplayResult result) {}

    static Replay replay(Path directory, LogPosition from) {
        List<LogRecord> records = new ArrayList<>();
        ReplayResult result = CommitLogReader.replay(directory, from,
                (position, buffer, offset, length) -> records.add(new LogRecord(position, Arrays.copyOfRange(buffer, offset, offset + length))));
        return new Replay(records, result);
    }
}
