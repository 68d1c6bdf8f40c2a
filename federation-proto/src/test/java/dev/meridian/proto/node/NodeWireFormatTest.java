package dev.meridian.proto.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.MethodDescriptor.MethodType;
import io.grpc.ServiceDescriptor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins node.proto's field numbers and types to bytes derived by hand from the protobuf encoding
 * rules (see RemoteWireFormatTest for the rules). In particular the samples of a write travel as
 * two packed arrays, not as one message per sample.
 */
class NodeWireFormatTest {
    // Canonical labels of {__name__="up"}: count 1, then length-prefixed name and value.
    private static final byte[] UP_LABELS = bytes(1, 8, "__name__", 2, "up");

    @Test
    void writeRequestPacksTimestampsAndValues() throws InvalidProtocolBufferException {
        WriteRequest request = WriteRequest.newBuilder()
                .setNamespace("raw")
                .addSeries(SeriesSamples.newBuilder()
                        .setLabels(ByteString.copyFrom(UP_LABELS))
                        .addTimestamps(1_000)
                        .addTimestamps(16_000)
                        .addValues(1.0)
                        .addValues(0.5))
                .build();

        byte[] expected = bytes(
                0x0A, 3, "raw",                  // WriteRequest.namespace (1, LEN)
                0x12, 39,                        // WriteRequest.series (2, LEN) 39 bytes
                0x0A, 13, UP_LABELS,             //   SeriesSamples.labels (1, LEN)
                0x12, 4,                         //   SeriesSamples.timestamps (2, LEN): packed varints
                0xE8, 0x07,                      //     1000 = 0x3E8
                0x80, 0x7D,                      //     16000 = 0x3E80
                0x1A, 16,                        //   SeriesSamples.values (3, LEN): packed doubles
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x3F,   // 1.0 = 0x3FF0000000000000
                0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xE0, 0x3F);  // 0.5 = 0x3FE0000000000000

        assertThat(hex(request.toByteArray())).isEqualTo(hex(expected));
        assertThat(WriteRequest.parseFrom(expected)).isEqualTo(request);
    }

    @Test
    void writeResponseMatchesHandDerivedBytes() {
        WriteResponse response = WriteResponse.newBuilder()
                .setSamplesWritten(2)
                .addErrors(SeriesError.newBuilder()
                        .setSeries("{__name__=\"up\"}")
                        .setCode(ErrorCode.SAMPLE_OUT_OF_BOUNDS)
                        .setReason("too old")
                        .setSamplesRejected(1))
                .build();

        byte[] expected = bytes(
                0x08, 2,                         // WriteResponse.samples_written (1, VARINT)
                0x12, 30,                        // WriteResponse.errors (2, LEN) 30 bytes
                0x0A, 15, "{__name__=\"up\"}",   //   SeriesError.series (1, LEN)
                0x10, 2,                         //   SeriesError.code (2, VARINT) SAMPLE_OUT_OF_BOUNDS
                0x1A, 7, "too old",              //   SeriesError.reason (3, LEN)
                0x20, 1);                        //   SeriesError.samples_rejected (4, VARINT)

        assertThat(hex(response.toByteArray())).isEqualTo(hex(expected));
    }

    @Test
    void fetchRequestMatchesHandDerivedBytes() {
        FetchRequest request = FetchRequest.newBuilder()
                .setNamespace("raw")
                .addMatchers(LabelMatcher.newBuilder()
                        .setType(LabelMatcher.Type.RE)
                        .setName("job")
                        .setValue("api|web"))
                .setStartMs(1_000)
                .setEndMs(16_000)
                .build();

        byte[] expected = bytes(
                0x0A, 3, "raw",                  // FetchRequest.namespace (1, LEN)
                0x12, 16,                        // FetchRequest.matchers (2, LEN) 16 bytes
                0x08, 2,                         //   LabelMatcher.type (1, VARINT) RE = 2
                0x12, 3, "job",                  //   LabelMatcher.name (2, LEN)
                0x1A, 7, "api|web",              //   LabelMatcher.value (3, LEN)
                0x18, 0xE8, 0x07,                // FetchRequest.start_ms (3, VARINT) 1000
                0x20, 0x80, 0x7D);               // FetchRequest.end_ms (4, VARINT) 16000

        assertThat(hex(request.toByteArray())).isEqualTo(hex(expected));
    }

    @Test
    void fetchResponseMatchesHandDerivedBytes() {
        FetchResponse response = FetchResponse.newBuilder()
                .addSeries(SeriesChunks.newBuilder()
                        .setLabels(ByteString.copyFrom(UP_LABELS))
                        .addChunks(Chunk.newBuilder()
                                .setEncoding(1)
                                .setMinTimeMs(1_000)
                                .setMaxTimeMs(16_000)
                                .setNumSamples(2)
                                .setData(ByteString.copyFrom(new byte[] {0x00, 0x01, 0x02}))))
                .build();

        byte[] expected = bytes(
                0x0A, 32,                        // FetchResponse.series (1, LEN) 32 bytes
                0x0A, 13, UP_LABELS,             //   SeriesChunks.labels (1, LEN)
                0x12, 15,                        //   SeriesChunks.chunks (2, LEN) 15 bytes
                0x08, 1,                         //     Chunk.encoding (1, VARINT) XOR = 1
                0x10, 0xE8, 0x07,                //     Chunk.min_time_ms (2, VARINT) 1000
                0x18, 0x80, 0x7D,                //     Chunk.max_time_ms (3, VARINT) 16000
                0x20, 2,                         //     Chunk.num_samples (4, VARINT)
                0x2A, 3, 0x00, 0x01, 0x02);      //     Chunk.data (5, LEN)

        assertThat(hex(response.toByteArray())).isEqualTo(hex(expected));
    }

    @Test
    void serviceHasOneStreamingReadAndUnaryCalls() {
        ServiceDescriptor service = StorageNodeGrpc.getServiceDescriptor();

        assertThat(service.getName()).isEqualTo("meridian.node.StorageNode");
        assertThat(service.getMethods())
                .extracting(m -> m.getBareMethodName() + " " + m.getType())
                .containsExactlyInAnyOrder(
                        "Write " + MethodType.UNARY,
                        "Fetch " + MethodType.SERVER_STREAMING,
                        "LabelNames " + MethodType.UNARY,
                        "LabelValues " + MethodType.UNARY,
                        "WriteMetadata " + MethodType.UNARY,
                        "Metadata " + MethodType.UNARY,
                        "Health " + MethodType.UNARY,
                        "TimeRanges " + MethodType.UNARY);
        assertThat(StorageNodeGrpc.getFetchMethod().getFullMethodName()).isEqualTo("meridian.node.StorageNode/Fetch");
    }

    @Test
    void errorCodesKeepTheirNumbers() {
        assertThat(ErrorCode.values())
                .filteredOn(code -> code != ErrorCode.UNRECOGNIZED)
                .extracting(code -> code.name() + "=" + code.getNumber())
                .containsExactly("ERROR_CODE_UNSPECIFIED=0", "INVALID_SERIES=1", "SAMPLE_OUT_OF_BOUNDS=2",
                        "DUPLICATE_SAMPLE=3", "UNKNOWN_NAMESPACE=4", "NOT_READY=5", "IO=6", "CORRUPTION=7");
    }

    @Test
    void writeMetadataRequestMatchesHandDerivedBytes() {
        WriteMetadataRequest request = WriteMetadataRequest.newBuilder()
                .addMetadata(FamilyMetadata.newBuilder()
                        .setFamily("up")
                        .setType(MetricType.GAUGE)
                        .setHelp("1 if up")
                        .setUnit("s")
                        .setReceivedMs(1_000))
                .build();

        byte[] expected = bytes(
                0x0A, 21,                        // WriteMetadataRequest.metadata (1, LEN) 21 bytes
                0x0A, 2, "up",                   //   FamilyMetadata.family (1, LEN)
                0x10, 2,                         //   FamilyMetadata.type (2, VARINT) GAUGE = 2
                0x1A, 7, "1 if up",              //   FamilyMetadata.help (3, LEN)
                0x22, 1, "s",                    //   FamilyMetadata.unit (4, LEN)
                0x28, 0xE8, 0x07);               //   FamilyMetadata.received_ms (5, VARINT) 1000

        assertThat(hex(request.toByteArray())).isEqualTo(hex(expected));
    }

    @Test
    void metricTypesHaveTheNumbersOfRemoteProto() {
        assertThat(MetricType.values())
                .filteredOn(type -> type != MetricType.UNRECOGNIZED)
                .extracting(type -> type.name() + "=" + type.getNumber())
                .containsExactlyElementsOf(java.util.Arrays.stream(dev.meridian.proto.remote.MetricMetadata.MetricType.values())
                        .filter(type -> type != dev.meridian.proto.remote.MetricMetadata.MetricType.UNRECOGNIZED)
                        .map(type -> type.name() + "=" + type.getNumber())
                        .toList());
    }

    /**
     * Concatenates byte values ({@code Integer}, 0..255), raw bytes ({@code byte[]}) and ASCII
     * text ({@code String}).
     */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof Integer value) {
                if (value < 0 || value > 0xFF) {
                    throw new IllegalArgumentException("byte must be in 0..255 (got: " + value + ")");
                }
                out.write(value);
            } else if (part instanceof byte[] raw) {
                out.writeBytes(raw);
            } else if (part instanceof String ascii) {
                out.writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
            } else {
                throw new IllegalArgumentException("expected Integer, byte[] or String (got: " + part + ")");
            }
        }
        return out.toByteArray();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
