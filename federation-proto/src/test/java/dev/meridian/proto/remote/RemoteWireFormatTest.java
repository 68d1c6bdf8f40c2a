package dev.meridian.proto.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.meridian.proto.remote.Chunk.Encoding;
import dev.meridian.proto.remote.LabelMatcher.Type;
import dev.meridian.proto.remote.MetricMetadata.MetricType;
import dev.meridian.proto.remote.ReadRequest.ResponseType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins remote.proto to the bytes Prometheus v2.42 prompb puts on the wire.
 *
 * <p>Every expected byte sequence is derived by hand from the protobuf encoding rules, not from
 * running an encoder: a field is a tag {@code field_number << 3 | wire_type} followed by its
 * payload, where wire type 0 (VARINT) is a base-128 varint (7 bits per byte, low group first,
 * high bit set on all but the last byte), 1 (I64) is 8 bytes little-endian (doubles are IEEE-754),
 * and 2 (LEN) is a varint length followed by that many bytes (strings, bytes, nested messages and
 * packed repeated scalars). proto3 omits fields holding their default (0, "", false, first enum
 * value), and protobuf-java writes fields in field-number order, so the encoding is canonical.
 * A field number or type that differs from prompb changes a tag byte and fails these tests.
 */
class RemoteWireFormatTest {

    // 1_700_000_000_000 ms = 0x18B_CFE5_6800; 7-bit groups, low first: 00 50 15 7F 3C 31.
    private static final long TIMESTAMP_MS = 1_700_000_000_000L;
    private static final int[] TIMESTAMP_VARINT = {0x80, 0xD0, 0x95, 0xFF, 0xBC, 0x31};

    @Test
    void writeRequestMatchesHandDerivedBytes() {
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(TimeSeries.newBuilder()
                        .addLabels(label("__name__", "uptime_seconds"))
                        .addLabels(label("job", "api"))
                        .addSamples(Sample.newBuilder().setValue(42.5).setTimestamp(TIMESTAMP_MS))
                        .addExemplars(Exemplar.newBuilder()
                                .addLabels(label("trace_id", "abc"))
                                .setValue(0.25)
                                .setTimestamp(TIMESTAMP_MS)))
                .addMetadata(MetricMetadata.newBuilder()
                        .setType(MetricType.GAUGE)
                        .setMetricFamilyName("uptime_seconds")
                        .setHelp("Uptime.")
                        .setUnit("seconds"))
                .build();

        byte[] expected = bytes(
                0x0A, 93,                        // WriteRequest.timeseries (1, LEN) 93 bytes
                0x0A, 26,                        //   TimeSeries.labels (1, LEN) 26 bytes
                0x0A, 8, "__name__",             //     Label.name (1, LEN)
                0x12, 14, "uptime_seconds",      //     Label.value (2, LEN)
                0x0A, 10,                        //   TimeSeries.labels (1, LEN) 10 bytes
                0x0A, 3, "job",                  //     Label.name
                0x12, 3, "api",                  //     Label.value
                0x12, 16,                        //   TimeSeries.samples (2, LEN) 16 bytes
                0x09,                            //     Sample.value (1, I64): 42.5 = 0x4045400000000000
                0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x45, 0x40,
                0x10, TIMESTAMP_VARINT,          //     Sample.timestamp (2, VARINT)
                0x1A, 33,                        //   TimeSeries.exemplars (3, LEN) 33 bytes
                0x0A, 15,                        //     Exemplar.labels (1, LEN) 15 bytes
                0x0A, 8, "trace_id",             //       Label.name
                0x12, 3, "abc",                  //       Label.value
                0x11,                            //     Exemplar.value (2, I64): 0.25 = 0x3FD0000000000000
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xD0, 0x3F,
                0x18, TIMESTAMP_VARINT,          //     Exemplar.timestamp (3, VARINT)
                0x1A, 36,                        // WriteRequest.metadata (3, LEN) 36 bytes
                0x08, 2,                         //   MetricMetadata.type (1, VARINT) GAUGE = 2
                0x12, 14, "uptime_seconds",      //   MetricMetadata.metric_family_name (2, LEN)
                0x22, 7, "Uptime.",              //   MetricMetadata.help (4, LEN)
                0x2A, 7, "seconds");             //   MetricMetadata.unit (5, LEN)

        assertThat(hex(request.toByteArray())).isEqualTo(hex(expected));
    }

    @Test
    void readRequestMatchesHandDerivedBytes() throws InvalidProtocolBufferException {
        ReadRequest request = ReadRequest.newBuilder()
                .addQueries(Query.newBuilder()
                        .setStartTimestampMs(600_000)
                        .setEndTimestampMs(900_000)
                        .addMatchers(LabelMatcher.newBuilder()
                                .setType(Type.RE)
                                .setName("job")
                                .setValue("api|web"))
                        .setHints(ReadHints.newBuilder()
                                .setStepMs(15_000)
                                .setFunc("rate")
                                .setStartMs(300_000)
                                .setEndMs(900_000)
                                .addGrouping("job")
                                .setBy(true)
                                .setRangeMs(300_000)))
                .addAcceptedResponseTypes(ResponseType.STREAMED_XOR_CHUNKS)
                .addAcceptedResponseTypes(ResponseType.SAMPLES)
                .build();

        byte[] expected = bytes(
                0x0A, 56,                        // ReadRequest.queries (1, LEN) 56 bytes
                0x08, 0xC0, 0xCF, 0x24,          //   Query.start_timestamp_ms (1, VARINT) 600000 = 0x927C0
                0x10, 0xA0, 0xF7, 0x36,          //   Query.end_timestamp_ms (2, VARINT) 900000 = 0xDBBA0
                0x1A, 16,                        //   Query.matchers (3, LEN) 16 bytes
                0x08, 2,                         //     LabelMatcher.type (1, VARINT) RE = 2
                0x12, 3, "job",                  //     LabelMatcher.name (2, LEN)
                0x1A, 7, "api|web",              //     LabelMatcher.value (3, LEN)
                0x22, 28,                        //   Query.hints (4, LEN) 28 bytes
                0x08, 0x98, 0x75,                //     ReadHints.step_ms (1, VARINT) 15000 = 0x3A98
                0x12, 4, "rate",                 //     ReadHints.func (2, LEN)
                0x18, 0xE0, 0xA7, 0x12,          //     ReadHints.start_ms (3, VARINT) 300000 = 0x493E0
                0x20, 0xA0, 0xF7, 0x36,          //     ReadHints.end_ms (4, VARINT) 900000
                0x2A, 3, "job",                  //     ReadHints.grouping (5, LEN)
                0x30, 1,                         //     ReadHints.by (6, VARINT) true
                0x38, 0xE0, 0xA7, 0x12,          //     ReadHints.range_ms (7, VARINT) 300000
                0x12, 2, 1, 0);                  // ReadRequest.accepted_response_types (2, LEN):
                                                 //   packed, as proto3 and prompb encode it:
                                                 //   STREAMED_XOR_CHUNKS = 1, SAMPLES = 0

        assertThat(hex(request.toByteArray())).isEqualTo(hex(expected));
        assertThat(ReadRequest.parseFrom(expected)).isEqualTo(request);
    }

    @Test
    void readRequestRoundTrips() throws InvalidProtocolBufferException {
        ReadRequest request = ReadRequest.newBuilder()
                .addQueries(Query.newBuilder()
                        .setStartTimestampMs(TIMESTAMP_MS - 3_600_000)
                        .setEndTimestampMs(TIMESTAMP_MS)
                        .addMatchers(matcher(Type.EQ, "__name__", "http_requests_total"))
                        .addMatchers(matcher(Type.NEQ, "env", "dev"))
                        .addMatchers(matcher(Type.RE, "code", "5.."))
                        .addMatchers(matcher(Type.NRE, "path", "/health|/ready"))
                        .setHints(ReadHints.newBuilder()
                                .setStepMs(60_000)
                                .setFunc("sum")
                                .setStartMs(TIMESTAMP_MS - 3_900_000)
                                .setEndMs(TIMESTAMP_MS)
                                .addGrouping("code")
                                .addGrouping("region")
                                .setBy(true)
                                .setRangeMs(300_000)))
                .addQueries(Query.newBuilder()
                        .setStartTimestampMs(0)
                        .setEndTimestampMs(TIMESTAMP_MS)
                        .addMatchers(matcher(Type.EQ, "__name__", "up")))
                .addAcceptedResponseTypes(ResponseType.STREAMED_XOR_CHUNKS)
                .addAcceptedResponseTypes(ResponseType.SAMPLES)
                .build();

        ReadRequest decoded = ReadRequest.parseFrom(request.toByteArray());

        assertThat(decoded).isEqualTo(request);
        assertThat(decoded.getQueries(0).getMatchersList())
                .extracting(LabelMatcher::getType)
                .containsExactly(Type.EQ, Type.NEQ, Type.RE, Type.NRE);
        assertThat(decoded.getQueries(0).getHints().getGroupingList()).containsExactly("code", "region");
        assertThat(decoded.getAcceptedResponseTypesList())
                .containsExactly(ResponseType.STREAMED_XOR_CHUNKS, ResponseType.SAMPLES);
    }

    @Test
    void readResponseMatchesHandDerivedBytes() {
        ReadResponse response = ReadResponse.newBuilder()
                .addResults(QueryResult.newBuilder()
                        .addTimeseries(TimeSeries.newBuilder()
                                .addLabels(label("__name__", "up"))
                                .addSamples(Sample.newBuilder().setValue(1.0).setTimestamp(1_000))))
                .build();

        byte[] expected = bytes(
                0x0A, 32,                        // ReadResponse.results (1, LEN) 32 bytes
                0x0A, 30,                        //   QueryResult.timeseries (1, LEN) 30 bytes
                0x0A, 14,                        //     TimeSeries.labels (1, LEN) 14 bytes
                0x0A, 8, "__name__",             //       Label.name
                0x12, 2, "up",                   //       Label.value
                0x12, 12,                        //     TimeSeries.samples (2, LEN) 12 bytes
                0x09,                            //       Sample.value (1, I64): 1.0 = 0x3FF0000000000000
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F,
                0x10, 0xE8, 0x07);               //       Sample.timestamp (2, VARINT) 1000 = 0x3E8

        assertThat(hex(response.toByteArray())).isEqualTo(hex(expected));
    }

    @Test
    void chunkedReadResponseMatchesHandDerivedBytes() {
        ChunkedReadResponse frame = ChunkedReadResponse.newBuilder()
                .addChunkedSeries(ChunkedSeries.newBuilder()
                        .addLabels(label("__name__", "up"))
                        .addChunks(Chunk.newBuilder()
                                .setMinTimeMs(1_000)
                                .setMaxTimeMs(2_000)
                                .setType(Encoding.XOR)
                                .setData(ByteString.copyFrom(new byte[] {0x00, 0x01, 0x02}))))
                .setQueryIndex(1)
                .build();

        byte[] expected = bytes(
                0x0A, 31,                        // ChunkedReadResponse.chunked_series (1, LEN) 31 bytes
                0x0A, 14,                        //   ChunkedSeries.labels (1, LEN) 14 bytes
                0x0A, 8, "__name__",             //     Label.name
                0x12, 2, "up",                   //     Label.value
                0x12, 13,                        //   ChunkedSeries.chunks (2, LEN) 13 bytes
                0x08, 0xE8, 0x07,                //     Chunk.min_time_ms (1, VARINT) 1000
                0x10, 0xD0, 0x0F,                //     Chunk.max_time_ms (2, VARINT) 2000 = 0x7D0
                0x18, 1,                         //     Chunk.type (3, VARINT) XOR = 1
                0x22, 3, 0x00, 0x01, 0x02,       //     Chunk.data (4, LEN)
                0x10, 1);                        // ChunkedReadResponse.query_index (2, VARINT)

        assertThat(hex(frame.toByteArray())).isEqualTo(hex(expected));
    }

    @Test
    void nativeHistogramFieldSurvivesParseAndSerialize() throws InvalidProtocolBufferException {
        // TimeSeries field 4 carries native histograms, which remote.proto does not model yet.
        byte[] withHistogram = bytes(
                0x0A, 14,                        // TimeSeries.labels (1, LEN)
                0x0A, 8, "__name__",
                0x12, 2, "up",
                0x22, 2,                         // TimeSeries.histograms (4, LEN) 2 bytes
                0x08, 5);                        //   Histogram.count_int (1, VARINT) 5

        TimeSeries series = TimeSeries.parseFrom(withHistogram);

        assertThat(series.getUnknownFields().hasField(4)).isTrue();
        assertThat(hex(series.toByteArray())).isEqualTo(hex(withHistogram));
    }

    private static Label label(String name, String value) {
        return Label.newBuilder().setName(name).setValue(value).build();
    }

    private static LabelMatcher matcher(Type type, String name, String value) {
        return LabelMatcher.newBuilder().setType(type).setName(name).setValue(value).build();
    }

    /**
     * Concatenates byte values ({@code Integer}, 0..255), byte runs ({@code int[]}) and ASCII
     * strings (their characters, no length prefix: the preceding length byte is written by hand).
     */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer value) {
                out.write(checkedByte(value));
            } else if (part instanceof int[] values) {
                for (int value : values) {
                    out.write(checkedByte(value));
                }
            } else if (part instanceof String ascii) {
                out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
            } else {
                throw new IllegalArgumentException("expected Integer, int[] or String (got: " + part + ")");
            }
        }
        return out.toByteArray();
    }

    private static int checkedByte(int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException("byte must be in 0..255 (got: " + value + ")");
        }
        return value;
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
