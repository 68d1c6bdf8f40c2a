package dev.meridian.coordinator.remoteread;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.proto.remote.Query;
import dev.meridian.proto.remote.ReadHints;
import dev.meridian.proto.remote.ReadRequest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class ReadRequestDecoderTest {
    private final ReadRequestDecoder decoder = new ReadRequestDecoder();

    static dev.meridian.proto.remote.LabelMatcher matcher(dev.meridian.proto.remote.LabelMatcher.Type type, String name,
            String value) {
        return dev.meridian.proto.remote.LabelMatcher.newBuilder().setType(type).setName(name).setValue(value).build();
    }

    private DecodedRead decode(ReadRequest request) throws IOException {
        return decoder.decode(Snappy.compress(request.toByteArray()));
    }

    @Test
    void decodesQueriesMatchersAndHints() throws IOException {
        ReadRequest request = ReadRequest.newBuilder()
                .addQueries(Query.newBuilder().setStartTimestampMs(1000).setEndTimestampMs(5000)
                        .addMatchers(matcher(dev.meridian.proto.remote.LabelMatcher.Type.EQ, "__name__", "up"))
                        .addMatchers(matcher(dev.meridian.proto.remote.LabelMatcher.Type.NEQ, "job", "db"))
                        .addMatchers(matcher(dev.meridian.proto.remote.LabelMatcher.Type.RE, "instance", "a|b"))
                        .addMatchers(matcher(dev.meridian.proto.remote.LabelMatcher.Type.NRE, "zone", "eu-.*"))
                        .setHints(ReadHints.newBuilder().setStartMs(2000).setEndMs(5000).setStepMs(60_000).setFunc("rate")
                                .setRangeMs(300_000).addGrouping("job").setBy(true)))
                .addQueries(Query.newBuilder().setStartTimestampMs(-10).setEndTimestampMs(-10))
                .build();

        DecodedRead read = decode(request);

        assertThat(read.responseType()).isEqualTo(ResponseType.SAMPLES);
        assertThat(read.queries()).containsExactly(
                new ReadQuery(1000, 5000, List.of(LabelMatcher.of(MatchType.EQUAL, "__name__", "up"),
                        LabelMatcher.of(MatchType.NOT_EQUAL, "job", "db"), LabelMatcher.of(MatchType.REGEX, "instance", "a|b"),
                        LabelMatcher.of(MatchType.NOT_REGEX, "zone", "eu-.*")),
                        new SelectHints(2000, 5000, 60_000, 300_000, "rate", List.of("job"), true)),
                new ReadQuery(-10, -10, List.of(), SelectHints.ofRange(-10, -10)));
        // Anchored: "a|b" matches a and b only.
        LabelMatcher regex = read.queries().get(0).matchers().get(2);
        assertThat(regex.matches("a")).isTrue();
        assertThat(regex.matches("ab")).isFalse();
    }

    @Test
    void hintsWithoutAUsableRangeGetTheQueryRange() throws IOException {
        ReadRequest request = ReadRequest.newBuilder()
                .addQueries(Query.newBuilder().setStartTimestampMs(1000).setEndTimestampMs(5000)
                        .setHints(ReadHints.newBuilder().setFunc("sum")))
                .addQueries(Query.newBuilder().setStartTimestampMs(1000).setEndTimestampMs(5000)
                        .setHints(ReadHints.newBuilder().setStartMs(4000).setEndMs(3000)))
                .build();

        DecodedRead read = decode(request);

        assertThat(read.queries()).extracting(ReadQuery::hints).containsExactly(
                new SelectHints(1000, 5000, 0, 0, "sum", List.of(), false),
                new SelectHints(1000, 5000, 0, 0, "", List.of(), false));
    }

    @Test
    void negotiatesTheFirstSupportedResponseType() throws IOException {
        ReadRequest.Builder request = ReadRequest.newBuilder();
        assertThat(decode(request.build()).responseType()).isEqualTo(ResponseType.SAMPLES);
        assertThat(decode(request.clone().addAcceptedResponseTypesValue(7)
                .addAcceptedResponseTypes(ReadRequest.ResponseType.STREAMED_XOR_CHUNKS)
                .addAcceptedResponseTypes(ReadRequest.ResponseType.SAMPLES).build()).responseType())
                .isEqualTo(ResponseType.STREAMED_XOR_CHUNKS);

        assertThatThrownBy(() -> decode(request.clone().addAcceptedResponseTypesValue(7).addAcceptedResponseTypesValue(9).build()))
                .isInstanceOfSatisfying(RemoteReadException.class,
                        e -> assertThat(e.code()).isEqualTo(RemoteReadErrorCode.UNSUPPORTED_RESPONSE_TYPE))
                .hasMessage("none of the accepted response types [7, 9] is supported; supported: 0 (SAMPLES), 1 (STREAMED_XOR_CHUNKS)");
    }

    @Test
    void snappyHeaderIsCheckedBeforeAllocating() {
        // A 5-byte uvarint claiming 4 GiB - 1, then garbage.
        byte[] bomb = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0, 0};

        assertThatThrownBy(() -> decoder.decode(bomb))
                .isInstanceOfSatisfying(RemoteReadException.class, e -> assertThat(e.httpStatus()).isEqualTo(413))
                .hasMessage("snappy header claims 4294967295 bytes uncompressed, over the limit of 67108864 bytes");
    }
}
