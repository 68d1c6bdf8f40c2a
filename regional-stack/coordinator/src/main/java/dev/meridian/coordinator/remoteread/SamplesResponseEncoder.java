package dev.meridian.coordinator.remoteread;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.meridian.promql.labels.Labels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes the protobuf of a SAMPLES answer, a {@code ReadResponse} (remote.proto), straight from
 * sample arrays: building the generated {@code Sample} objects would cost about 40 heap bytes per
 * sample on top of the encoding. The bytes are exactly what the generated classes' {@code
 * toByteArray()} writes ({@code SamplesResponseEncoderTest} compares them), proto3 style: fields in
 * number order, fields at their default (an empty string, a 0 timestamp, a value whose bits are all
 * 0, i.e. +0.0) left out.
 *
 * <pre>
 * ReadResponse  1: QueryResult results (repeated, one per query, in query order)
 * QueryResult   1: TimeSeries timeseries (repeated)
 * TimeSeries    1: Label labels (repeated, in label order), 2: Sample samples (repeated, time order)
 * Label         1: string name, 2: string value
 * Sample        1: double value (fixed64, bits as stored), 2: int64 timestamp (varint, ms)
 * </pre>
 *
 * Each series is encoded on its own as soon as it is read ({@link #timeSeries}), so the request
 * holds encoded bytes, not samples; {@link #readResponse} then joins them.
 */
final class SamplesResponseEncoder {
    private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private SamplesResponseEncoder() {}

    /** The bytes of one {@code TimeSeries} message (without its tag and length). */
    static byte[] timeSeries(SeriesSamples series) {
        Labels labels = series.labels();
        long size = 0;
        for (int i = 0; i < labels.size(); i++) {
            size += delimitedSize(1, labelSize(labels.name(i), labels.value(i)));
        }
        for (int i = 0; i < series.count(); i++) {
            size += delimitedSize(2, sampleSize(series.timestamps()[i], series.values()[i]));
        }
        if (size > Integer.MAX_VALUE - 64) {
            throw tooLarge(size);
        }
        byte[] out = new byte[(int) size];
        CodedOutputStream os = CodedOutputStream.newInstance(out);
        try {
            for (int i = 0; i < labels.size(); i++) {
                String name = labels.name(i);
                String value = labels.value(i);
                os.writeTag(1, LENGTH_DELIMITED);
                os.writeUInt32NoTag(labelSize(name, value));
                if (!name.isEmpty()) {
                    os.writeString(1, name);
                }
                if (!value.isEmpty()) {
                    os.writeString(2, value);
                }
            }
            for (int i = 0; i < series.count(); i++) {
                long t = series.timestamps()[i];
                long bits = Double.doubleToRawLongBits(series.values()[i]);
                os.writeTag(2, LENGTH_DELIMITED);
                os.writeUInt32NoTag(sampleSize(t, series.values()[i]));
                if (bits != 0) {
                    os.writeFixed64(1, bits);
                }
                if (t != 0) {
                    os.writeInt64(2, t);
                }
            }
            os.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("sizing a TimeSeries went wrong", e);
        }
        return out;
    }

    /**
     * The bytes of the {@code ReadResponse} holding, per query, the {@link #timeSeries} messages of
     * its series.
     *
     * @throws RemoteReadException {@link RemoteReadErrorCode#RESPONSE_TOO_LARGE} if the result does
     *     not fit in one array
     */
    static byte[] readResponse(List<List<byte[]>> results) {
        long total = 0;
        int[] resultSizes = new int[results.size()];
        for (int q = 0; q < results.size(); q++) {
            long size = 0;
            for (byte[] series : results.get(q)) {
                size += delimitedSize(1, series.length);
            }
            if (size > Integer.MAX_VALUE - 64) {
                throw tooLarge(size);
            }
            resultSizes[q] = (int) size;
            total += delimitedSize(1, resultSizes[q]);
        }
        if (total > Integer.MAX_VALUE - 64) {
            throw tooLarge(total);
        }
        byte[] out = new byte[(int) total];
        CodedOutputStream os = CodedOutputStream.newInstance(out);
        try {
            for (int q = 0; q < results.size(); q++) {
                os.writeTag(1, LENGTH_DELIMITED);
                os.writeUInt32NoTag(resultSizes[q]);
                for (byte[] series : results.get(q)) {
                    os.writeTag(1, LENGTH_DELIMITED);
                    os.writeUInt32NoTag(series.length);
                    os.writeRawBytes(series);
                }
            }
            os.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("sizing a ReadResponse went wrong", e);
        }
        return out;
    }

    private static RemoteReadException tooLarge(long bytes) {
        return new RemoteReadException(RemoteReadErrorCode.RESPONSE_TOO_LARGE, "the response would take " + bytes
                + " bytes before compression, more than one array holds (2 GiB); read a shorter time range or fewer series,"
                + " or use STREAMED_XOR_CHUNKS");
    }

    private static int labelSize(String name, String value) {
        return (name.isEmpty() ? 0 : CodedOutputStream.computeStringSize(1, name))
                + (value.isEmpty() ? 0 : CodedOutputStream.computeStringSize(2, value));
    }

    private static int sampleSize(long t, double v) {
        return (Double.doubleToRawLongBits(v) == 0 ? 0 : CodedOutputStream.computeFixed64Size(1, 0))
                + (t == 0 ? 0 : CodedOutputStream.computeInt64Size(2, t));
    }

    /** Bytes of a length-delimited field: tag, length, content. */
    private static long delimitedSize(int field, long length) {
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag((int) length) + length;
    }
}
