package dev.meridian.storage.chunk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.promql.storage.SampleIterator;
import java.util.Arrays;

/** A series as two parallel arrays, with the round-trip check every chunk test uses. */
record Samples(long[] timestamps, double[] values) {
    Samples {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length");
        }
    }

    int size() {
        return timestamps.length;
    }

    Samples prefix(int n) {
        return new Samples(Arrays.copyOf(timestamps, n), Arrays.copyOf(values, n));
    }

    /** Appends all samples; every one must be accepted. */
    ChunkAppender encode(ChunkEncoding encoding) {
        ChunkAppender appender = Chunks.newAppender(encoding);
        for (int i = 0; i < size(); i++) {
            if (!appender.append(timestamps[i], values[i])) {
                throw new AssertionError("appender refused sample " + i + " of " + size());
            }
        }
        return appender;
    }

    /** Reads the iterator to its end and checks it returns exactly these samples, bit for bit. */
    void assertIteratesTo(SampleIterator iterator, String description) {
        long[] times = new long[size()];
        long[] bits = new long[size()];
        int n = 0;
        while (iterator.next()) {
            assertThat(n).as("%s: more samples than appended", description).isLessThan(size());
            times[n] = iterator.timestamp();
            bits[n] = Double.doubleToRawLongBits(iterator.value());
            n++;
        }
        assertThat(n).as("%s: samples read", description).isEqualTo(size());
        assertThat(times).as("%s: timestamps", description).containsExactly(timestamps);
        assertThat(bits).as("%s: value bits", description).containsExactly(rawBits(values));
        assertThat(iterator.next()).as("%s: next() after the end", description).isFalse();
    }

    static long[] rawBits(double[] values) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Double.doubleToRawLongBits(values[i]);
        }
        return bits;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < size(); i++) {
            s.append(timestamps[i]).append('=').append(values[i])
                    .append(" (0x").append(Long.toHexString(Double.doubleToRawLongBits(values[i]))).append(") ");
        }
        return s.toString();
    }
}
