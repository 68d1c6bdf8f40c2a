package dev.meridian.storage.series;

import static java.util.Objects.requireNonNull;

import dev.meridian.promql.labels.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * A series' label set in its canonical byte form, which is what the write path hashes and
 * compares, so that Strings are only made when a series is new (docs/format/labels.md):
 *
 * <pre>
 * uvarint count
 * count × ( uvarint nameLength, name (UTF-8), uvarint valueLength, value (UTF-8) )
 * </pre>
 *
 * Labels are sorted by name in byte order with unique names and non-empty values; {@link
 * SeriesValidator} checks bytes from outside against that. Equality is byte equality, and the
 * hash is XXH64 of the bytes.
 */
public final class SeriesLabels {
    private final byte[] bytes;
    private final long hash;

    private SeriesLabels(byte[] bytes) {
        this.bytes = bytes;
        this.hash = XxHash64.hash(bytes);
    }

    /** Wraps canonical bytes without validating them; the array must not change afterwards. */
    public static SeriesLabels wrap(byte[] canonical) {
        return new SeriesLabels(requireNonNull(canonical, "canonical is null"));
    }

    /** The canonical form of a label set. */
    public static SeriesLabels of(Labels labels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * labels.size() + 1);
        writeUvarint(out, labels.size());
        for (int i = 0; i < labels.size(); i++) {
            writeString(out, labels.name(i));
            writeString(out, labels.value(i));
        }
        return new SeriesLabels(out.toByteArray());
    }

    /** The canonical form of alternating names and values, e.g. {@code of("__name__", "up", "job", "a")}. */
    public static SeriesLabels of(String... namesAndValues) {
        return of(Labels.of(namesAndValues));
    }

    public byte[] bytes() {
        return bytes;
    }

    /** XXH64 of the canonical bytes. */
    public long hash() {
        return hash;
    }

    /** The virtual shard this series belongs to among {@code shards}. */
    public int shard(int shards) {
        return (int) Long.remainderUnsigned(hash, shards);
    }

    /**
     * The series order of PromQL ({@code Labels.compareTo}): label by label, name then value, in
     * UTF-8 byte order (which is code point order), a set that is a prefix of the other first.
     * Works on the canonical bytes, so sorting series for a block makes no Strings.
     */
    public static final Comparator<SeriesLabels> ORDER = (a, b) -> compare(a.bytes, b.bytes);

    static int compare(byte[] a, byte[] b) {
        int[] pa = {0};
        int[] pb = {0};
        long ca = readUvarint(a, pa);
        long cb = readUvarint(b, pb);
        long n = Math.min(ca, cb);
        for (long i = 0; i < 2 * n; i++) {
            int la = (int) readUvarint(a, pa);
            int lb = (int) readUvarint(b, pb);
            int c = Arrays.compareUnsigned(a, pa[0], pa[0] + la, b, pb[0], pb[0] + lb);
            if (c != 0) {
                return c;
            }
            pa[0] += la;
            pb[0] += lb;
        }
        return Long.compare(ca, cb);
    }

    /** Decodes the labels; assumes the bytes are canonical (validated). */
    public Labels toLabels() {
        Labels.Builder b = Labels.builder();
        int[] pos = {0};
        long count = readUvarint(bytes, pos);
        for (long i = 0; i < count; i++) {
            String name = readString(bytes, pos);
            String value = readString(bytes, pos);
            b.set(name, value);
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesLabels other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return (int) (hash ^ (hash >>> 32));
    }

    /** The labels in PromQL form, or a hex dump if the bytes are not canonical. */
    @Override
    public String toString() {
        try {
            return toLabels().toString();
        } catch (RuntimeException malformed) {
            StringBuilder hex = new StringBuilder("<malformed labels 0x");
            for (int i = 0; i < Math.min(bytes.length, 64); i++) {
                hex.append(String.format("%02x", bytes[i]));
            }
            return hex.append(bytes.length > 64 ? "...>" : ">").toString();
        }
    }

    static void writeUvarint(ByteArrayOutputStream out, long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeUvarint(out, utf8.length);
        out.write(utf8, 0, utf8.length);
    }

    /**
     * Reads a uvarint at {@code pos[0]} and advances it.
     *
     * @throws IllegalArgumentException if the varint runs past the end or over 64 bits
     */
    static long readUvarint(byte[] b, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= b.length) {
                throw new IllegalArgumentException("truncated varint at byte " + pos[0]);
            }
            byte x = b[pos[0]++];
            result |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint longer than 64 bits at byte " + pos[0]);
    }

    private static String readString(byte[] b, int[] pos) {
        long length = readUvarint(b, pos);
        if (length > b.length - pos[0]) {
            throw new IllegalArgumentException("string of " + length + " bytes runs past the end at byte " + pos[0]);
        }
        String s = new String(b, pos[0], (int) length, StandardCharsets.UTF_8);
        pos[0] += (int) length;
        return s;
    }
}
