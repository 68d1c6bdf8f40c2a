package dev.meridian.coordinator.write;

import dev.meridian.promql.syntax.Quoting;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.Sample;
import dev.meridian.proto.remote.TimeSeries;
import dev.meridian.storage.SeriesError;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.series.SeriesLabels;
import dev.meridian.storage.series.SeriesValidator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one {@code TimeSeries} message and checks it, reusing its arrays from series to series
 * (one per decode, not thread-safe).
 *
 * <p>Labels are kept as offsets into the request buffer and copied once, into the canonical bytes
 * of {@link SeriesLabels}; Strings are made only to describe a series that is refused. The
 * storage engine's {@link SeriesValidator} decides whether the label bytes are a valid series;
 * this class adds the rules of a remote write on top (a metric name, sample timestamps).
 */
final class SeriesReader {
    static final String METRIC_NAME = "__name__";
    private static final byte[] METRIC_NAME_BYTES = METRIC_NAME.getBytes(StandardCharsets.US_ASCII);
    /** Longest series description in an error message, in chars. */
    private static final int MAX_DESCRIPTION = 1024;

    private final SeriesValidator validator;
    private final ExternalLabels external;
    // per external label, the index of the request label it replaces, or -1
    private final int[] replaced;

    private byte[] buf;
    // labels[4*i ..]: name offset, name length, value offset, value length
    private int[] labels = new int[4 * 16];
    private int labelCount;
    private long[] timestamps = new long[64];
    private double[] values = new double[64];
    private int sampleCount;
    private byte[] canonical = new byte[256];
    private String labelProblem;

    SeriesReader(SeriesValidator validator, ExternalLabels external) {
        this.validator = validator;
        this.external = external;
        this.replaced = new int[external.size()];
    }

    /** Reads the TimeSeries the reader is positioned on (already {@link WireReader#enter entered}). */
    void read(WireReader in) {
        buf = in.buffer();
        labelCount = 0;
        sampleCount = 0;
        while (!in.atEnd()) {
            int tag = in.readTag();
            int field = WireReader.fieldNumber(tag);
            if (field == TimeSeries.LABELS_FIELD_NUMBER && WireReader.wireType(tag) == WireReader.LENGTH_DELIMITED) {
                readLabel(in);
            } else if (field == TimeSeries.SAMPLES_FIELD_NUMBER && WireReader.wireType(tag) == WireReader.LENGTH_DELIMITED) {
                readSample(in);
            } else {
                // exemplars (3) and native histograms (4) are not stored yet
                in.skip(tag);
            }
        }
    }

    private void readLabel(WireReader in) {
        int outer = in.enter();
        int nameOffset = in.position();
        int nameLength = 0;
        int valueOffset = in.position();
        int valueLength = 0;
        while (!in.atEnd()) {
            int tag = in.readTag();
            int field = WireReader.fieldNumber(tag);
            boolean bytes = WireReader.wireType(tag) == WireReader.LENGTH_DELIMITED;
            if (field == Label.NAME_FIELD_NUMBER && bytes) {
                nameLength = in.readLength();
                nameOffset = in.skipLengthDelimited(nameLength);
            } else if (field == Label.VALUE_FIELD_NUMBER && bytes) {
                valueLength = in.readLength();
                valueOffset = in.skipLengthDelimited(valueLength);
            } else {
                in.skip(tag);
            }
        }
        in.leave(outer);
        if (4 * labelCount == labels.length) {
            labels = Arrays.copyOf(labels, labels.length * 2);
        }
        int at = 4 * labelCount++;
        labels[at] = nameOffset;
        labels[at + 1] = nameLength;
        labels[at + 2] = valueOffset;
        labels[at + 3] = valueLength;
    }

    private void readSample(WireReader in) {
        int outer = in.enter();
        long timestamp = 0;
        long valueBits = 0;
        while (!in.atEnd()) {
            int tag = in.readTag();
            int field = WireReader.fieldNumber(tag);
            if (field == Sample.VALUE_FIELD_NUMBER && WireReader.wireType(tag) == WireReader.FIXED64) {
                valueBits = in.readFixed64();
            } else if (field == Sample.TIMESTAMP_FIELD_NUMBER && WireReader.wireType(tag) == WireReader.VARINT) {
                timestamp = in.readVarint();
            } else {
                in.skip(tag);
            }
        }
        in.leave(outer);
        if (sampleCount == timestamps.length) {
            timestamps = Arrays.copyOf(timestamps, sampleCount * 2);
            values = Arrays.copyOf(values, sampleCount * 2);
        }
        timestamps[sampleCount] = timestamp;
        // longBitsToDouble keeps NaN payloads, so the staleness marker 0x7ff0000000000002 survives
        values[sampleCount] = Double.longBitsToDouble(valueBits);
        sampleCount++;
    }

    int sampleCount() {
        return sampleCount;
    }

    long[] timestamps() {
        return timestamps;
    }

    double[] values() {
        return values;
    }

    /**
     * The series' labels in canonical form with the {@link ExternalLabels} merged in, or null with
     * the reason in {@link #labelProblem()}. Rules, in order: a label the series shares with the
     * external labels must have their value; then the storage engine's ({@link SeriesValidator}: at
     * least one label, valid names sorted and unique, non-empty UTF-8 values, the limits) on the
     * merged labels; then a {@code __name__} label whose value is a valid metric name.
     */
    SeriesLabels labels() {
        labelProblem = null;
        // a request label equal to an external label is dropped here and written as the external one
        int count = labelCount + external.size();
        for (int e = 0; e < external.size(); e++) {
            int i = labelNamed(external.nameBytes(e));
            replaced[e] = i;
            if (i < 0) {
                continue;
            }
            if (!Arrays.equals(buf, labels[4 * i + 2], labels[4 * i + 2] + labels[4 * i + 3], external.valueBytes(e), 0,
                    external.valueBytes(e).length)) {
                labelProblem = "label " + string(labels[4 * i], labels[4 * i + 1]) + "="
                        + Quoting.quote(string(labels[4 * i + 2], labels[4 * i + 3])) + " conflicts with the external label "
                        + external.labels().name(e) + "=" + Quoting.quote(external.labels().value(e))
                        + " this region adds to every series";
                return null;
            }
            count--;
        }
        int size = uvarintSize(count);
        for (int i = 0; i < labelCount; i++) {
            size += uvarintSize(labels[4 * i + 1]) + labels[4 * i + 1] + uvarintSize(labels[4 * i + 3]) + labels[4 * i + 3];
        }
        for (int e = 0; e < external.size(); e++) {
            size += uvarintSize(external.nameBytes(e).length) + external.nameBytes(e).length
                    + uvarintSize(external.valueBytes(e).length) + external.valueBytes(e).length;
        }
        if (canonical.length < size) {
            canonical = new byte[Math.max(size, canonical.length * 2)];
        }
        // Merge the external labels (sorted) into the request's (sorted, if the request is valid).
        // The request's labels keep their order, so the validator still sees any disorder in them.
        int pos = putUvarint(canonical, 0, count);
        int e = 0;
        for (int i = 0; i < labelCount; i++) {
            if (replacedByExternal(i)) {
                continue;
            }
            for (; e < external.size() && compareToLabelName(external.nameBytes(e), i) < 0; e++) {
                pos = putExternal(canonical, pos, e);
            }
            pos = putBytes(canonical, pos, labels[4 * i], labels[4 * i + 1]);
            pos = putBytes(canonical, pos, labels[4 * i + 2], labels[4 * i + 3]);
        }
        for (; e < external.size(); e++) {
            pos = putExternal(canonical, pos, e);
        }
        byte[] bytes = Arrays.copyOf(canonical, pos);
        String storageProblem = validator.problem(bytes);
        if (storageProblem != null) {
            labelProblem = storageProblem;
            return null;
        }
        int name = metricNameLabel();
        if (name < 0) {
            labelProblem = "no metric name: label " + METRIC_NAME + " is missing";
            return null;
        }
        if (!validMetricName(labels[4 * name + 2], labels[4 * name + 3])) {
            labelProblem = "invalid metric name \"" + string(labels[4 * name + 2], labels[4 * name + 3])
                    + "\": must match [a-zA-Z_:][a-zA-Z0-9_:]*";
            return null;
        }
        return SeriesLabels.wrap(bytes);
    }

    /** Why the last {@link #labels()} returned null. */
    String labelProblem() {
        return labelProblem;
    }

    /**
     * Checks the samples read: timestamps not negative and in increasing order. A sample that
     * repeats the previous one exactly (same timestamp, same value bits) is dropped, as the
     * storage engine would; the same timestamp with another value refuses the series. Returns
     * null if the series is good.
     */
    SeriesError checkSamples() {
        int kept = 0;
        for (int i = 0; i < sampleCount; i++) {
            long t = timestamps[i];
            if (t < 0) {
                return error(StorageErrorCode.SAMPLE_OUT_OF_BOUNDS,
                        "sample timestamp " + t + " is negative (before 1970-01-01T00:00:00Z)");
            }
            if (kept > 0) {
                long previous = timestamps[kept - 1];
                if (t < previous) {
                    return error(StorageErrorCode.INVALID_SERIES,
                            "samples out of timestamp order: " + t + " after " + previous + " (sample " + i + ")");
                }
                if (t == previous) {
                    if (Double.doubleToRawLongBits(values[i]) == Double.doubleToRawLongBits(values[kept - 1])) {
                        continue;
                    }
                    return error(StorageErrorCode.DUPLICATE_SAMPLE, "two samples at timestamp " + t
                            + " with different values (" + values[kept - 1] + " and " + values[i] + ")");
                }
            }
            timestamps[kept] = t;
            values[kept] = values[i];
            kept++;
        }
        sampleCount = kept;
        return null;
    }

    /** A refusal of the whole series read. */
    SeriesError error(StorageErrorCode code, String reason) {
        return new SeriesError(describe(), code, reason, sampleCount);
    }

    /**
     * The series as received, in PromQL form ({@code {__name__="up", job="a"}}), labels in the
     * order sent, cut at {@value #MAX_DESCRIPTION} chars; invalid UTF-8 shows as U+FFFD.
     */
    String describe() {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < labelCount; i++) {
            if (out.length() > MAX_DESCRIPTION) {
                return out.append("...}").toString();
            }
            if (i > 0) {
                out.append(", ");
            }
            out.append(string(labels[4 * i], labels[4 * i + 1])).append('=');
            Quoting.appendQuoted(out, string(labels[4 * i + 2], labels[4 * i + 3]));
        }
        return out.append('}').toString();
    }

    private int metricNameLabel() {
        return labelNamed(METRIC_NAME_BYTES);
    }

    /** The index of the first request label with this name, or -1. */
    private int labelNamed(byte[] name) {
        for (int i = 0; i < labelCount; i++) {
            if (Arrays.equals(buf, labels[4 * i], labels[4 * i] + labels[4 * i + 1], name, 0, name.length)) {
                return i;
            }
        }
        return -1;
    }

    private boolean replacedByExternal(int label) {
        for (int index : replaced) {
            if (index == label) {
                return true;
            }
        }
        return false;
    }

    private int compareToLabelName(byte[] name, int label) {
        return Arrays.compareUnsigned(name, 0, name.length, buf, labels[4 * label], labels[4 * label] + labels[4 * label + 1]);
    }

    private int putExternal(byte[] out, int pos, int index) {
        pos = putArray(out, pos, external.nameBytes(index));
        return putArray(out, pos, external.valueBytes(index));
    }

    private static int putArray(byte[] out, int pos, byte[] bytes) {
        int p = putUvarint(out, pos, bytes.length);
        System.arraycopy(bytes, 0, out, p, bytes.length);
        return p + bytes.length;
    }

    private boolean validMetricName(int offset, int length) {
        for (int i = 0; i < length; i++) {
            int c = buf[offset + i];
            boolean first = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!first && !(i > 0 && c >= '0' && c <= '9')) {
                return false;
            }
        }
        return length > 0;
    }

    private String string(int offset, int length) {
        return new String(buf, offset, Math.min(length, MAX_DESCRIPTION), StandardCharsets.UTF_8);
    }

    private int putBytes(byte[] out, int pos, int offset, int length) {
        int p = putUvarint(out, pos, length);
        System.arraycopy(buf, offset, out, p, length);
        return p + length;
    }

    private static int putUvarint(byte[] out, int pos, int value) {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out[pos++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[pos++] = (byte) v;
        return pos;
    }

    private static int uvarintSize(int value) {
        return (38 - Integer.numberOfLeadingZeros(value | 1)) / 7;
    }
}
