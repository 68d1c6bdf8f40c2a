package dev.meridian.storage.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.StaleMarker;
import dev.meridian.proto.node.Chunk;
import dev.meridian.proto.node.ErrorCode;
import dev.meridian.proto.node.SeriesChunks;
import dev.meridian.proto.node.SeriesSamples;
import dev.meridian.proto.node.WriteRequest;
import dev.meridian.proto.node.WriteResponse;
import dev.meridian.storage.ChunkedSeries;
import dev.meridian.storage.Health;
import dev.meridian.storage.SeriesError;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.chunk.ChunkEncoding;
import dev.meridian.storage.series.SeriesLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageMappingTest {
    @Test
    void writeBatchRoundTripsThroughTheWire() throws Exception {
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            WriteBatch batch = new WriteBatch();
            int entries = 1 + random.nextInt(20);
            for (int e = 0; e < entries; e++) {
                int count = 1 + random.nextInt(200);
                long[] ts = new long[count];
                double[] vs = new double[count];
                long t = random.nextLong() >> 20;
                for (int s = 0; s < count; s++) {
                    t += random.nextInt(30_000);
                    ts[s] = t;
                    vs[s] = switch (random.nextInt(4)) {
                        case 0 -> Double.longBitsToDouble(StaleMarker.BITS);
                        case 1 -> Double.longBitsToDouble(random.nextLong());
                        case 2 -> random.nextInt(1000);
                        default -> random.nextGaussian();
                    };
                }
                batch.add(SeriesLabels.of("__name__", "m" + random.nextInt(5), "i", Integer.toString(e)), ts, vs, count);
            }

            WriteRequest request = WriteRequest.parseFrom(MessageMapping.toWriteRequest("raw", batch).toByteArray());
            WriteBatch back = MessageMapping.toWriteBatch(request);

            assertThat(request.getNamespace()).isEqualTo("raw");
            assertThat(back.size()).isEqualTo(batch.size());
            assertThat(back.sampleCount()).isEqualTo(batch.sampleCount());
            for (int e = 0; e < batch.size(); e++) {
                assertThat(back.labels(e)).isEqualTo(batch.labels(e));
                assertThat(back.firstSample(e)).isEqualTo(batch.firstSample(e));
                assertThat(back.endSample(e)).isEqualTo(batch.endSample(e));
            }
            for (int s = 0; s < batch.sampleCount(); s++) {
                assertThat(back.timestamp(s)).isEqualTo(batch.timestamp(s));
                // Bit for bit: NaN payloads (staleness markers) must survive.
                assertThat(Double.doubleToRawLongBits(back.value(s))).isEqualTo(Double.doubleToRawLongBits(batch.value(s)));
            }
        }
    }

    @Test
    void labelBytesPassThroughUndecoded() {
        byte[] malformed = {5, 1, 'a'}; // claims five labels, has half of one
        WriteRequest request = WriteRequest.newBuilder()
                .addSeries(SeriesSamples.newBuilder().setLabels(ByteString.copyFrom(malformed)).addTimestamps(1).addValues(1))
                .build();

        assertThat(MessageMapping.toWriteBatch(request).labels(0).bytes()).isEqualTo(malformed);
    }

    @Test
    void writeRequestsWithUnpairedOrMissingSamplesAreInvalid() {
        SeriesSamples.Builder up = SeriesSamples.newBuilder().setLabels(ByteString.copyFrom(SeriesLabels.of("a", "b").bytes()));

        assertThatThrownBy(() -> MessageMapping.toWriteBatch(WriteRequest.newBuilder()
                        .addSeries(up.clone().addTimestamps(1).addValues(1))
                        .addSeries(up.clone().addTimestamps(1).addValues(1).addValues(2))
                        .build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("series[1] has 1 timestamps but 2 values; they must pair up");
        assertThatThrownBy(() -> MessageMapping.toWriteBatch(WriteRequest.newBuilder().addSeries(up).build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("series[0] has no samples");
    }

    @Test
    void writeResultRoundTrips() {
        WriteResult result = new WriteResult(1234, List.of(
                new SeriesError("{__name__=\"up\"}", StorageErrorCode.SAMPLE_OUT_OF_BOUNDS, "too old", 3),
                new SeriesError("<malformed labels 0x05>", StorageErrorCode.INVALID_SERIES, "truncated", 1)));

        WriteResponse response = MessageMapping.toWriteResponse(result);

        assertThat(response.getErrors(0).getCode()).isEqualTo(ErrorCode.SAMPLE_OUT_OF_BOUNDS);
        assertThat(MessageMapping.toWriteResult(response)).isEqualTo(result);
    }

    @ParameterizedTest
    @EnumSource(StorageErrorCode.class)
    void everyErrorCodeHasTheSameNameOnTheWire(StorageErrorCode code) {
        ErrorCode wire = MessageMapping.wireCode(code);

        assertThat(wire.name()).isEqualTo(code.name());
        assertThat(MessageMapping.storageCode(wire)).isEqualTo(code);
    }

    @Test
    void unknownWireErrorCodesAreRefused() {
        WriteResponse fromNewerNode = WriteResponse.newBuilder()
                .addErrors(dev.meridian.proto.node.SeriesError.newBuilder().setSeries("{}").setCodeValue(42))
                .build();

        assertThatThrownBy(() -> MessageMapping.toWriteResult(fromNewerNode))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown error code UNRECOGNIZED");
        assertThatThrownBy(() -> MessageMapping.storageCode(ErrorCode.ERROR_CODE_UNSPECIFIED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void matchersRoundTrip() {
        List<LabelMatcher> matchers = List.of(
                LabelMatcher.of(MatchType.EQUAL, "__name__", "up"),
                LabelMatcher.of(MatchType.NOT_EQUAL, "job", ""),
                LabelMatcher.of(MatchType.REGEX, "instance", "host-[0-9]+:.*"),
                LabelMatcher.of(MatchType.NOT_REGEX, "zone", "eu|us"));

        List<dev.meridian.proto.node.LabelMatcher> wire = MessageMapping.toWireMatchers(matchers);

        assertThat(wire).extracting(dev.meridian.proto.node.LabelMatcher::getType).containsExactly(
                dev.meridian.proto.node.LabelMatcher.Type.EQ, dev.meridian.proto.node.LabelMatcher.Type.NEQ,
                dev.meridian.proto.node.LabelMatcher.Type.RE, dev.meridian.proto.node.LabelMatcher.Type.NRE);
        assertThat(MessageMapping.toMatchers(wire)).isEqualTo(matchers);
    }

    @Test
    void malformedMatchersAreInvalidNamingTheMatcher() {
        assertThatThrownBy(() -> MessageMapping.toMatchers(List.of(
                        matcher(dev.meridian.proto.node.LabelMatcher.Type.EQ, "a", "b"),
                        dev.meridian.proto.node.LabelMatcher.newBuilder().setTypeValue(4).setName("a").build())))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("matchers[1] has an unknown type 4 (expected EQ, NEQ, RE or NRE)");
        assertThatThrownBy(() -> MessageMapping.toMatchers(List.of(
                        matcher(dev.meridian.proto.node.LabelMatcher.Type.NRE, "job", "[z-a]"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageStartingWith("matchers[0] (job): invalid regular expression \"[z-a]\"");
        assertThatThrownBy(() -> MessageMapping.toMatchers(List.of(
                        matcher(dev.meridian.proto.node.LabelMatcher.Type.EQ, "", "x"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("matchers[0] has an empty label name");
    }

    @Test
    void rangesMustNotEndBeforeTheyStart() {
        MessageMapping.checkRange(5, 5);
        MessageMapping.checkRange(Long.MIN_VALUE, Long.MAX_VALUE);

        assertThatThrownBy(() -> MessageMapping.checkRange(6, 5))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessage("end_ms must not be before start_ms (got: start_ms=6, end_ms=5)");
    }

    @Test
    void chunkedSeriesRoundTripsThroughTheWire() throws Exception {
        Random random = new Random(11);
        for (int round = 0; round < 50; round++) {
            List<dev.meridian.storage.chunk.Chunk> chunks = new ArrayList<>();
            long t = random.nextLong() >> 16;
            for (int c = random.nextInt(5); c > 0; c--) {
                byte[] data = new byte[random.nextInt(300)];
                random.nextBytes(data);
                long max = t + random.nextInt(1_000_000);
                chunks.add(new dev.meridian.storage.chunk.Chunk(
                        random.nextBoolean() ? ChunkEncoding.XOR : ChunkEncoding.TSZ, data, 1 + random.nextInt(120), t, max));
                t = max + 1;
            }
            ChunkedSeries series = new ChunkedSeries(
                    Labels.of("__name__", "m", "job", "j" + random.nextInt(), "unicode", "λ→" + round), chunks);

            ChunkedSeries back = MessageMapping.toChunkedSeries(
                    SeriesChunks.parseFrom(MessageMapping.toSeriesChunks(series).toByteArray()));

            assertThat(back.labels()).isEqualTo(series.labels());
            assertThat(back.chunks()).hasSameSizeAs(series.chunks());
            for (int c = 0; c < chunks.size(); c++) {
                dev.meridian.storage.chunk.Chunk expected = chunks.get(c);
                dev.meridian.storage.chunk.Chunk actual = back.chunks().get(c);
                assertThat(actual.encoding()).isEqualTo(expected.encoding());
                assertThat(actual.minTime()).isEqualTo(expected.minTime());
                assertThat(actual.maxTime()).isEqualTo(expected.maxTime());
                assertThat(actual.numSamples()).isEqualTo(expected.numSamples());
                assertThat(actual.data()).isEqualTo(expected.data());
            }
        }
    }

    @Test
    void fetchedLabelsGoOutCanonical() {
        Labels labels = Labels.of("job", "api", "__name__", "up");

        SeriesChunks wire = MessageMapping.toSeriesChunks(new ChunkedSeries(labels, List.of()));

        assertThat(wire.getLabels().toByteArray()).isEqualTo(SeriesLabels.of(labels).bytes());
    }

    @Test
    void malformedFetchedSeriesAreRefused() {
        Chunk.Builder chunk = Chunk.newBuilder().setEncoding(1).setMinTimeMs(1).setMaxTimeMs(2).setNumSamples(2)
                .setData(ByteString.copyFrom(new byte[] {1, 2}));
        ByteString labels = ByteString.copyFrom(SeriesLabels.of("a", "b").bytes());

        assertThatThrownBy(() -> MessageMapping.toChunkedSeries(
                        SeriesChunks.newBuilder().setLabels(labels).addChunks(chunk.clone().setEncoding(9)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown chunk encoding id 9");
        assertThatThrownBy(() -> MessageMapping.toChunkedSeries(
                        SeriesChunks.newBuilder().setLabels(labels).addChunks(chunk.clone().setEncoding(0x101)).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown chunk encoding id 257");
        assertThatThrownBy(() -> MessageMapping.toChunkedSeries(
                        SeriesChunks.newBuilder().setLabels(labels).addChunks(chunk.clone().setMaxTimeMs(0)).build()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MessageMapping.toChunkedSeries(
                        SeriesChunks.newBuilder().setLabels(ByteString.copyFrom(new byte[] {1, 9, 'a'})).build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void healthRoundTrips() {
        Health health = new Health(false, "replaying commit log");

        assertThat(MessageMapping.toHealth(MessageMapping.toHealthResponse(health))).isEqualTo(health);
    }

    private static dev.meridian.proto.node.LabelMatcher matcher(dev.meridian.proto.node.LabelMatcher.Type type, String name,
            String value) {
        return dev.meridian.proto.node.LabelMatcher.newBuilder().setType(type).setName(name).setValue(value).build();
    }
}
