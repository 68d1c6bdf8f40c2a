package dev.meridian.coordinator.write;

import static dev.meridian.coordinator.write.RemoteWriteDecoder.CONTENT_ENCODING;
import static dev.meridian.coordinator.write.RemoteWriteDecoder.CONTENT_TYPE;
import static dev.meridian.coordinator.write.RemoteWriteDecoder.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.meridian.api.MetricMetadata;
import dev.meridian.proto.remote.Exemplar;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.Sample;
import dev.meridian.proto.remote.TimeSeries;
import dev.meridian.proto.remote.WriteRequest;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.series.SeriesLabels;
import dev.meridian.storage.series.SeriesLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;
import org.xerial.snappy.SnappyFramedOutputStream;

class RemoteWriteDecoderTest {
    private static final int SHARDS = 64;
    private static final long STALE_NAN_BITS = 0x7ff0000000000002L;

    private final RemoteWriteDecoder decoder = new RemoteWriteDecoder(RemoteWriteLimits.DEFAULT, SHARDS);

    @Test
    void decodesSeriesSamplesAndMetadata() {
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(new long[] {1000, 2000}, new double[] {1, 2}, "__name__", "up", "job", "api"))
                .addTimeseries(series(new long[] {1500}, new double[] {0.5}, "__name__", "load", "host", "a"))
                .addMetadata(dev.meridian.proto.remote.MetricMetadata.newBuilder()
                        .setMetricFamilyName("up")
                        .setType(dev.meridian.proto.remote.MetricMetadata.MetricType.GAUGE)
                        .setHelp("1 if the target is up")
                        .setUnit(""))
                .build();

        DecodedWrite decoded = decode(snappy(request.toByteArray()));

        assertThat(decoded.errors()).isEmpty();
        assertThat(decoded.rejection()).isEmpty();
        assertThat(decoded.seriesInRequest()).isEqualTo(2);
        assertThat(decoded.seriesAccepted()).isEqualTo(2);
        assertThat(decoded.samplesAccepted()).isEqualTo(3);
        assertThat(samplesOf(decoded, SeriesLabels.of("__name__", "up", "job", "api")))
                .containsExactly(1000L, 1.0, 2000L, 2.0);
        assertThat(samplesOf(decoded, SeriesLabels.of("__name__", "load", "host", "a")))
                .containsExactly(1500L, 0.5);
        assertThat(decoded.metadata()).containsExactly(
                new MetricMetadata("up", MetricMetadata.Type.GAUGE, "1 if the target is up", ""));
    }

    @Test
    void keepsStalenessMarkersBitForBit() {
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(new long[] {1000, 2000}, new double[] {Double.NaN, Double.longBitsToDouble(STALE_NAN_BITS)},
                        "__name__", "up"))
                .build();

        WriteBatch batch = onlyBatch(decode(snappy(request.toByteArray())));

        assertThat(Double.doubleToRawLongBits(batch.value(1))).isEqualTo(STALE_NAN_BITS);
        assertThat(batch.value(0)).isNaN();
    }

    @Test
    void groupsSeriesByTheirStorageShard() {
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (int i = 0; i < 300; i++) {
            request.addTimeseries(series(new long[] {i}, new double[] {i}, "__name__", "m", "i", Integer.toString(i)));
        }

        DecodedWrite decoded = decode(snappy(request.build().toByteArray()));

        assertThat(decoded.seriesAccepted()).isEqualTo(300);
        assertThat(decoded.batchesByShard().size()).isGreaterThan(1);
        for (Map.Entry<Integer, WriteBatch> e : decoded.batchesByShard().entrySet()) {
            for (int entry = 0; entry < e.getValue().size(); entry++) {
                SeriesLabels labels = e.getValue().labels(entry);
                assertThat(labels.shard(SHARDS)).isEqualTo(e.getKey());
                String i = labels.toLabels().get("i");
                assertThat(labels).isEqualTo(SeriesLabels.of("__name__", "m", "i", i));
            }
        }
    }

    @Test
    void passesOverExemplarsAndUnknownFields() {
        TimeSeries withExemplar = series(new long[] {1000}, new double[] {1}, "__name__", "up").toBuilder()
                .addExemplars(Exemplar.newBuilder().addLabels(label("trace_id", "abc")).setValue(1).setTimestamp(1000))
                .build();
        byte[] histogramField = {0x22, 0x02, 0x08, 0x01}; // TimeSeries field 4 (native histograms), not modelled yet
        byte[] series = concat(withExemplar.toByteArray(), histogramField);
        byte[] request = concat(lengthDelimited(0x0a, series), new byte[] {0x28, 0x07}); // + unknown field 5

        DecodedWrite decoded = decode(snappy(request));

        assertThat(decoded.errors()).isEmpty();
        assertThat(samplesOf(decoded, SeriesLabels.of("__name__", "up"))).containsExactly(1000L, 1.0);
    }

    @Test
    void acceptsAnEmptyWriteRequest() {
        DecodedWrite decoded = decode(snappy(new byte[0]));

        assertThat(decoded.seriesInRequest()).isZero();
        assertThat(decoded.batchesByShard()).isEmpty();
        assertThat(decoded.rejection()).isEmpty();
    }

    @Test
    void passesOverSeriesWithoutSamples() {
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(TimeSeries.newBuilder().addLabels(label("__name__", "native_histogram_only")))
                .addTimeseries(series(new long[] {1000}, new double[] {1}, "__name__", "up"))
                .build();

        DecodedWrite decoded = decode(snappy(request.toByteArray()));

        assertThat(decoded.seriesWithoutSamples()).isEqualTo(1);
        assertThat(decoded.seriesAccepted()).isEqualTo(1);
        assertThat(decoded.errors()).isEmpty();
    }

    @Test
    void dropsAnExactRepeatOfASample() {
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(new long[] {1000, 1000, 2000}, new double[] {1, 1, 2}, "__name__", "up"))
                .build();

        assertThat(samplesOf(decode(snappy(request.toByteArray())), SeriesLabels.of("__name__", "up")))
                .containsExactly(1000L, 1.0, 2000L, 2.0);
    }

    static Stream<Arguments> badRequests() {
        byte[] good = WriteRequest.newBuilder()
                .addTimeseries(series(new long[] {1000}, new double[] {1}, "__name__", "up", "job", "api"))
                .build().toByteArray();
        return Stream.of(
                arguments("bad snappy", CONTENT_TYPE, CONTENT_ENCODING, VERSION,
                        new byte[] {0x10, (byte) 0xff, (byte) 0xff, 0x01, 0x02}, 400, "bad snappy block"),
                arguments("snappy framed format", CONTENT_TYPE, CONTENT_ENCODING, VERSION, framed(good), 400, "bad snappy block"),
                arguments("empty body", CONTENT_TYPE, CONTENT_ENCODING, VERSION, new byte[0], 400, "empty body"),
                arguments("truncated snappy header", CONTENT_TYPE, CONTENT_ENCODING, VERSION, new byte[] {(byte) 0x80}, 400,
                        "truncated length header"),
                arguments("snappy header claiming 4 GiB", CONTENT_TYPE, CONTENT_ENCODING, VERSION,
                        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 0x00}, 413,
                        "snappy header claims 4294967295 bytes uncompressed"),
                arguments("snappy header over 32 bits", CONTENT_TYPE, CONTENT_ENCODING, VERSION,
                        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}, 400,
                        "not a 32-bit uvarint"),
                arguments("truncated protobuf", CONTENT_TYPE, CONTENT_ENCODING, VERSION,
                        snappy(Arrays.copyOf(good, good.length - 3)), 400, "runs past the end"),
                arguments("protobuf with field number 0", CONTENT_TYPE, CONTENT_ENCODING, VERSION,
                        snappy(new byte[] {0x02, 0x00}), 400, "invalid field tag"),
                arguments("protobuf with a group", CONTENT_TYPE, CONTENT_ENCODING, VERSION,
                        snappy(new byte[] {0x0b}), 400, "wire type 3 (group)"),
                arguments("truncated sample inside a series", CONTENT_TYPE, CONTENT_ENCODING, VERSION,
                        snappy(new byte[] {0x0a, 0x04, 0x12, 0x02, 0x09, 0x00}), 400, "timeseries[0]: truncated protobuf"),
                arguments("JSON content type", "application/json", CONTENT_ENCODING, VERSION, snappy(good), 415,
                        "unsupported Content-Type \"application/json\""),
                arguments("missing content type", null, CONTENT_ENCODING, VERSION, snappy(good), 415, "missing Content-Type"),
                arguments("remote write 2.0 message", "application/x-protobuf;proto=io.prometheus.write.v2.Request",
                        CONTENT_ENCODING, VERSION, snappy(good), 415, "proto=io.prometheus.write.v2.Request"),
                arguments("gzip encoding", CONTENT_TYPE, "gzip", VERSION, snappy(good), 415, "unsupported Content-Encoding \"gzip\""),
                arguments("missing encoding", CONTENT_TYPE, null, VERSION, snappy(good), 415, "missing Content-Encoding"),
                arguments("version 2.0.0", CONTENT_TYPE, CONTENT_ENCODING, "2.0.0", snappy(good), 415,
                        "unsupported X-Prometheus-Remote-Write-Version 2.0.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusesTheWholeRequest(String name, String contentType, String encoding, String version, byte[] body,
            int status, String message) {
        assertThatThrownBy(() -> decoder.decode(contentType, encoding, version, body))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(status);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @Test
    void acceptsContentTypeParametersOfRemoteWrite1AndAnyCase() {
        byte[] body = snappy(WriteRequest.newBuilder()
                .addTimeseries(series(new long[] {1}, new double[] {1}, "__name__", "up")).build().toByteArray());

        assertThat(decoder.decode("Application/X-Protobuf; proto=prometheus.WriteRequest", "SNAPPY", null, body)
                .seriesAccepted()).isEqualTo(1);
    }

    @Test
    void refusesABodyOverTheCompressedLimit() {
        RemoteWriteDecoder small = new RemoteWriteDecoder(new RemoteWriteLimits(10, 1000, 10, SeriesLimits.DEFAULT), SHARDS);

        assertThatThrownBy(() -> small.decode(CONTENT_TYPE, CONTENT_ENCODING, VERSION, new byte[11]))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(413);
                    assertThat(e.getMessage()).isEqualTo("body of 11 bytes is over the limit of 10 bytes");
                });
    }

    @Test
    void refusesMoreSeriesThanTheLimit() {
        RemoteWriteDecoder small = new RemoteWriteDecoder(new RemoteWriteLimits(1000, 1000, 2, SeriesLimits.DEFAULT), SHARDS);
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (int i = 0; i < 3; i++) {
            request.addTimeseries(series(new long[] {1}, new double[] {1}, "__name__", "m" + i));
        }

        assertThatThrownBy(() -> small.decode(CONTENT_TYPE, CONTENT_ENCODING, VERSION, snappy(request.build().toByteArray())))
                .isInstanceOfSatisfying(RemoteWriteException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("more than 2 series");
                });
    }

    static Stream<Arguments> badSeries() {
        long[] t = {1000};
        double[] v = {1};
        return Stream.of(
                arguments(series(t, v, "job", "a", "__name__", "up"), StorageErrorCode.INVALID_SERIES,
                        "{job=\"a\", __name__=\"up\"}", "labels not sorted by name: \"__name__\" after \"job\""),
                arguments(series(t, v, "__name__", "up", "job", "a", "job", "b"), StorageErrorCode.INVALID_SERIES,
                        "{__name__=\"up\", job=\"a\", job=\"b\"}", "label name \"job\" repeated"),
                arguments(series(t, v, "__name__", "up", "1job", "a"), StorageErrorCode.INVALID_SERIES,
                        "{__name__=\"up\", 1job=\"a\"}", "invalid label name \"1job\""),
                arguments(series(t, v, "__name__", "up", "", "a"), StorageErrorCode.INVALID_SERIES,
                        "{__name__=\"up\", =\"a\"}", "invalid label name \"\""),
                arguments(series(t, v, "__name__", "up-time"), StorageErrorCode.INVALID_SERIES,
                        "{__name__=\"up-time\"}", "invalid metric name \"up-time\": must match [a-zA-Z_:][a-zA-Z0-9_:]*"),
                arguments(series(t, v, "job", "a"), StorageErrorCode.INVALID_SERIES,
                        "{job=\"a\"}", "no metric name: label __name__ is missing"),
                arguments(series(t, v), StorageErrorCode.INVALID_SERIES, "{}", "a series needs at least one label"),
                arguments(series(t, v, "__name__", "up", "job", ""), StorageErrorCode.INVALID_SERIES,
                        "{__name__=\"up\", job=\"\"}", "label \"job\" has an empty value"),
                arguments(series(t, v, "__name__", "up", "a", "1", "b", "2", "c", "3"), StorageErrorCode.INVALID_SERIES,
                        "{__name__=\"up\", a=\"1\"", "has 4 labels, more than the limit of 3"),
                arguments(series(t, v, "__name__", "up", "job", "x".repeat(17)), StorageErrorCode.INVALID_SERIES,
                        "{__name__=\"up\"", "value of label \"job\" has 17 bytes, more than the limit of 16"),
                arguments(series(t, v, "__name__", "up", "n".repeat(17), "a"), StorageErrorCode.INVALID_SERIES,
                        "{__name__=\"up\"", "label name of 17 bytes is longer than the limit of 16"),
                arguments(series(new long[] {-1}, v, "__name__", "up"), StorageErrorCode.SAMPLE_OUT_OF_BOUNDS,
                        "{__name__=\"up\"}", "sample timestamp -1 is negative"),
                arguments(series(new long[] {2000, 1000}, new double[] {1, 2}, "__name__", "up"), StorageErrorCode.INVALID_SERIES,
                        "{__name__=\"up\"}", "samples out of timestamp order: 1000 after 2000 (sample 1)"),
                arguments(series(new long[] {1000, 1000}, new double[] {1, 2}, "__name__", "up"), StorageErrorCode.DUPLICATE_SAMPLE,
                        "{__name__=\"up\"}", "two samples at timestamp 1000 with different values (1.0 and 2.0)"));
    }

    @ParameterizedTest(name = "{2}: {3}")
    @MethodSource("badSeries")
    void refusesABadSeriesAndKeepsTheGoodOnes(TimeSeries bad, StorageErrorCode code, String series, String reason) {
        RemoteWriteDecoder decoder = new RemoteWriteDecoder(new RemoteWriteLimits(1 << 20, 1 << 20, 100, new SeriesLimits(3, 16, 16)), SHARDS);
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(new long[] {1000}, new double[] {1}, "__name__", "before"))
                .addTimeseries(bad)
                .addTimeseries(series(new long[] {1000}, new double[] {2}, "__name__", "after"))
                .build();

        DecodedWrite decoded = decoder.decode(CONTENT_TYPE, CONTENT_ENCODING, VERSION, snappy(request.toByteArray()));

        assertThat(decoded.seriesAccepted()).isEqualTo(2);
        assertThat(samplesOf(decoded, SeriesLabels.of("__name__", "before"))).containsExactly(1000L, 1.0);
        assertThat(samplesOf(decoded, SeriesLabels.of("__name__", "after"))).containsExactly(1000L, 2.0);
        assertThat(decoded.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.series()).startsWith(series);
            assertThat(e.reason()).contains(reason);
            assertThat(e.samplesRejected()).isEqualTo(bad.getSamplesCount());
        });
        assertThat(decoded.samplesRejected()).isEqualTo(bad.getSamplesCount());
        RemoteWriteException rejection = decoded.rejection().orElseThrow();
        assertThat(rejection.httpStatus()).isEqualTo(400);
        assertThat(rejection.getMessage()).startsWith("1 of 3 series refused: " + series).contains(reason);
    }

    @Test
    void refusesALabelValueThatIsNotUtf8() {
        // protobuf-java's builders refuse invalid UTF-8, so the bytes are written by hand
        byte[] label = {0x0a, 0x03, 'j', 'o', 'b', 0x12, 0x02, (byte) 0xc3, 0x28};
        byte[] name = label("__name__", "up").toByteArray();
        byte[] sample = Sample.newBuilder().setTimestamp(1).setValue(1).build().toByteArray();
        byte[] series = concat(lengthDelimited(0x0a, name), lengthDelimited(0x0a, label), lengthDelimited(0x12, sample));
        byte[] request = lengthDelimited(0x0a, series);

        DecodedWrite decoded = decode(snappy(request));

        assertThat(decoded.errors()).singleElement().satisfies(e -> {
            assertThat(e.series()).isEqualTo("{__name__=\"up\", job=\"\uFFFD(\"}");
            assertThat(e.reason()).isEqualTo("value of label \"job\" is not valid UTF-8");
        });
    }

    @Test
    void listsTenBadSeriesByNameAndCountsTheRest() {
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (int i = 0; i < 12; i++) {
            request.addTimeseries(series(new long[] {-1}, new double[] {1}, "__name__", "m" + i));
        }

        String message = decode(snappy(request.build().toByteArray())).rejection().orElseThrow().getMessage();

        assertThat(message).startsWith("12 of 12 series refused: {__name__=\"m0\"}: sample timestamp -1 is negative")
                .contains("{__name__=\"m9\"}").doesNotContain("m10").endsWith("; and 2 more");
    }

    @Test
    void addsTheExternalLabelsToEverySeriesInLabelOrder() {
        RemoteWriteDecoder regional = new RemoteWriteDecoder(RemoteWriteLimits.DEFAULT, SHARDS,
                ExternalLabels.of(Map.of("region", "eu", "cluster", "c1")));
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(new long[] {1000}, new double[] {1}, "__name__", "up", "job", "api"))
                .addTimeseries(series(new long[] {1000}, new double[] {2}, "__name__", "up", "zone", "a"))
                // already carries the region's own value: stored once, not refused
                .addTimeseries(series(new long[] {1000}, new double[] {3}, "__name__", "up", "region", "eu"))
                .build();

        DecodedWrite decoded = regional.decode(CONTENT_TYPE, CONTENT_ENCODING, VERSION, snappy(request.toByteArray()));

        assertThat(decoded.errors()).isEmpty();
        assertThat(samplesOf(decoded, SeriesLabels.of("__name__", "up", "cluster", "c1", "job", "api", "region", "eu")))
                .containsExactly(1000L, 1.0);
        assertThat(samplesOf(decoded, SeriesLabels.of("__name__", "up", "cluster", "c1", "region", "eu", "zone", "a")))
                .containsExactly(1000L, 2.0);
        assertThat(samplesOf(decoded, SeriesLabels.of("__name__", "up", "cluster", "c1", "region", "eu")))
                .containsExactly(1000L, 3.0);
        decoded.batchesByShard().forEach((shard, batch) -> {
            for (int entry = 0; entry < batch.size(); entry++) {
                assertThat(batch.labels(entry).shard(SHARDS)).isEqualTo(shard);
            }
        });
    }

    @Test
    void refusesASeriesWhoseLabelContradictsAnExternalLabel() {
        RemoteWriteDecoder regional = new RemoteWriteDecoder(RemoteWriteLimits.DEFAULT, SHARDS, ExternalLabels.of(Map.of("region", "eu")));
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(new long[] {1000}, new double[] {1}, "__name__", "up", "region", "us"))
                .addTimeseries(series(new long[] {1000}, new double[] {2}, "__name__", "down"))
                .build();

        DecodedWrite decoded = regional.decode(CONTENT_TYPE, CONTENT_ENCODING, VERSION, snappy(request.toByteArray()));

        assertThat(decoded.errors()).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(StorageErrorCode.INVALID_SERIES);
            assertThat(e.series()).isEqualTo("{__name__=\"up\", region=\"us\"}");
            assertThat(e.reason()).isEqualTo(
                    "label region=\"us\" conflicts with the external label region=\"eu\" this region adds to every series");
        });
        assertThat(samplesOf(decoded, SeriesLabels.of("__name__", "down", "region", "eu"))).containsExactly(1000L, 2.0);
    }

    @Test
    void stillRefusesUnsortedOrRepeatedLabelsWhenExternalLabelsAreMergedIn() {
        RemoteWriteDecoder regional = new RemoteWriteDecoder(RemoteWriteLimits.DEFAULT, SHARDS, ExternalLabels.of(Map.of("region", "eu")));
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(new long[] {1000}, new double[] {1}, "__name__", "up", "zone", "a", "job", "api"))
                .addTimeseries(series(new long[] {1000}, new double[] {1}, "__name__", "up", "job", "a", "job", "b"))
                .addTimeseries(series(new long[] {1000}, new double[] {1}, "__name__", "up", "region", "eu", "region", "eu"))
                .build();

        DecodedWrite decoded = regional.decode(CONTENT_TYPE, CONTENT_ENCODING, VERSION, snappy(request.toByteArray()));

        assertThat(decoded.seriesAccepted()).isZero();
        assertThat(decoded.errors()).hasSize(3).allSatisfy(e -> assertThat(e.code()).isEqualTo(StorageErrorCode.INVALID_SERIES));
    }

    @Test
    void refusesExternalLabelsThatCouldNotBeStored() {
        assertThatThrownBy(() -> ExternalLabels.of(Map.of("__region", "eu"))).hasMessageContaining("reserved");
        assertThatThrownBy(() -> ExternalLabels.of(Map.of("re-gion", "eu"))).hasMessageContaining("invalid external label name \"re-gion\"");
        assertThatThrownBy(() -> ExternalLabels.of(Map.of("region", ""))).hasMessage("external label region has an empty value");
    }

    @Test
    void refusesMetadataEntriesTheStorageNodesWouldRefuseAndKeepsTheOthers() {
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(new long[] {1000}, new double[] {1}, "__name__", "up"))
                .addTimeseries(series(new long[] {1000}, new double[] {1}, "__name__", "bad-name"))
                .addMetadata(metadata("up", "1 if the target is up"))
                .addMetadata(metadata("", "no name"))
                .addMetadata(metadata("http_requests", "Requests."))
                .addMetadata(metadata("rpc-latency", ""))
                .build();

        DecodedWrite decoded = decode(snappy(request.toByteArray()));

        assertThat(decoded.metadata()).extracting(MetricMetadata::family).containsExactly("up", "http_requests");
        assertThat(decoded.metadataErrors()).containsExactly(
                "metadata[1]: metric family name is empty",
                "metadata[3]: invalid metric family name \"rpc-latency\": must match [a-zA-Z_:][a-zA-Z0-9_:]*");
        assertThat(decoded.metadataInRequest()).isEqualTo(4);
        RemoteWriteException rejection = decoded.rejection().orElseThrow();
        assertThat(rejection.code()).isEqualTo(RemoteWriteErrorCode.INVALID_SERIES);
        assertThat(rejection.getMessage()).isEqualTo("1 of 2 series refused: {__name__=\"bad-name\"}: invalid metric name"
                + " \"bad-name\": must match [a-zA-Z_:][a-zA-Z0-9_:]*; 2 of 4 metadata entries refused: metadata[1]: metric"
                + " family name is empty; metadata[3]: invalid metric family name \"rpc-latency\": must match"
                + " [a-zA-Z_:][a-zA-Z0-9_:]*");

        DecodedWrite onlyMetadata = decode(snappy(WriteRequest.newBuilder().addMetadata(metadata("9lives", "")).build().toByteArray()));
        assertThat(onlyMetadata.rejection().orElseThrow()).satisfies(r -> {
            assertThat(r.code()).isEqualTo(RemoteWriteErrorCode.INVALID_METADATA);
            assertThat(r.httpStatus()).isEqualTo(400);
            assertThat(r.getMessage()).isEqualTo("1 of 1 metadata entries refused: metadata[0]: invalid metric family name"
                    + " \"9lives\": must match [a-zA-Z_:][a-zA-Z0-9_:]*");
        });
    }

    private static dev.meridian.proto.remote.MetricMetadata metadata(String family, String help) {
        return dev.meridian.proto.remote.MetricMetadata.newBuilder()
                .setMetricFamilyName(family)
                .setType(dev.meridian.proto.remote.MetricMetadata.MetricType.COUNTER)
                .setHelp(help)
                .build();
    }

    private DecodedWrite decode(byte[] body) {
        return decoder.decode(CONTENT_TYPE, CONTENT_ENCODING, VERSION, body);
    }

    /** A series with labels in the given order (not sorted), as a sender might send them. */
    static TimeSeries series(long[] timestamps, double[] values, String... namesAndValues) {
        TimeSeries.Builder series = TimeSeries.newBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            series.addLabels(label(namesAndValues[i], namesAndValues[i + 1]));
        }
        for (int i = 0; i < timestamps.length; i++) {
            series.addSamples(Sample.newBuilder().setTimestamp(timestamps[i]).setValue(values[i]));
        }
        return series.build();
    }

    static Label label(String name, String value) {
        return Label.newBuilder().setName(name).setValue(value).build();
    }

    static byte[] snappy(byte[] uncompressed) {
        try {
            return Snappy.compress(uncompressed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] framed(byte[] uncompressed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SnappyFramedOutputStream framed = new SnappyFramedOutputStream(out)) {
            framed.write(uncompressed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A field of wire type 2: the tag byte, the length as a uvarint, the data. */
    private static byte[] lengthDelimited(int tag, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = data.length;
        while (n >= 0x80) {
            out.write((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out.write(n);
        out.write(data, 0, data.length);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    private static WriteBatch onlyBatch(DecodedWrite decoded) {
        assertThat(decoded.batchesByShard()).hasSize(1);
        return decoded.batchesByShard().values().iterator().next();
    }

    /** The series' samples as alternating timestamp, value, from the batch of its shard. */
    private static Object[] samplesOf(DecodedWrite decoded, SeriesLabels labels) {
        WriteBatch batch = decoded.batchesByShard().get(labels.shard(SHARDS));
        assertThat(batch).as("batch of shard %d", labels.shard(SHARDS)).isNotNull();
        for (int entry = 0; entry < batch.size(); entry++) {
            if (batch.labels(entry).equals(labels)) {
                Object[] samples = new Object[2 * (batch.endSample(entry) - batch.firstSample(entry))];
                for (int s = batch.firstSample(entry), i = 0; s < batch.endSample(entry); s++) {
                    samples[i++] = batch.timestamp(s);
                    samples[i++] = batch.value(s);
                }
                return samples;
            }
        }
        throw new AssertionError(labels + " not in the batch of shard " + labels.shard(SHARDS));
    }
}
