package dev.meridian.coordinator.remoteread;

import static dev.meridian.coordinator.remoteread.ReadRequestDecoderTest.matcher;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.stream.ClosedStreamException;
import com.linecorp.armeria.server.Server;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.Querier;
import dev.meridian.promql.storage.Queryable;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.promql.storage.Series;
import dev.meridian.promql.storage.SeriesSet;
import dev.meridian.promql.storage.StaleMarker;
import dev.meridian.promql.storage.StorageException;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.proto.remote.Chunk;
import dev.meridian.proto.remote.ChunkedReadResponse;
import dev.meridian.proto.remote.ChunkedSeries;
import dev.meridian.proto.remote.Label;
import dev.meridian.proto.remote.LabelMatcher.Type;
import dev.meridian.proto.remote.Query;
import dev.meridian.proto.remote.ReadRequest;
import dev.meridian.proto.remote.ReadResponse;
import dev.meridian.proto.remote.Sample;
import dev.meridian.proto.remote.TimeSeries;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xerial.snappy.Snappy;

/**
 * {@link RemoteReadService} on an Armeria server on 127.0.0.1 over an {@link InMemoryStorage}: both
 * response types decoded by the tests' own readers of Prometheus' formats, every refusal with its
 * status and message, the limits, and storage failures before and after a stream started.
 */
class RemoteReadServiceIT {
    private static final long T0 = 1_700_000_000_000L;
    private static final long STEP = 15_000;

    /**
     * Every test starts its own server; they are stopped together after the class, because each
     * stop takes about two seconds whatever its graceful-shutdown settings.
     */
    private static final List<Server> servers = new ArrayList<>();
    private static final ExecutorService executor = Executors.newCachedThreadPool();
    private static final ClientFactory clients = ClientFactory.builder().build();
    private final InMemoryStorage storage = new InMemoryStorage();

    RemoteReadServiceIT() {
        InMemoryStorage.Appender appender = storage.appender();
        for (int i = 0; i < 300; i++) {
            long t = T0 + i * STEP;
            appender.add(Labels.of("__name__", "up", "job", "api", "instance", "a"), t, i == 100 ? StaleMarker.VALUE : 1);
            appender.add(Labels.of("__name__", "up", "job", "api", "instance", "b"), t, i % 7);
            appender.add(Labels.of("__name__", "up", "job", "db", "instance", "c"), t, 0);
            appender.add(Labels.of("__name__", "requests_total", "job", "api"), t, i * 2.5);
        }
        appender.commit();
    }

    @AfterAll
    static void stop() {
        clients.close();
        CompletableFuture.allOf(servers.stream().map(Server::stop).toArray(CompletableFuture[]::new)).join();
        executor.shutdownNow();
    }

    private WebClient start(Queryable queryable, RemoteReadLimits limits) {
        Server server = Server.builder().http(new InetSocketAddress("127.0.0.1", 0))
                .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO)
                .service("/api/v1/read", new RemoteReadService(queryable, limits, executor))
                .build();
        server.start().join();
        servers.add(server);
        return WebClient.builder("http://127.0.0.1:" + server.activeLocalPort()).factory(clients).build();
    }

    private WebClient start() {
        return start(storage, RemoteReadLimits.DEFAULT);
    }

    private static AggregatedHttpResponse post(WebClient http, byte[] body) {
        RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, "/api/v1/read")
                .contentType(MediaType.parse("application/x-protobuf"))
                .set("Content-Encoding", "snappy")
                .set("X-Prometheus-Remote-Read-Version", "0.1.0")
                .build();
        return http.execute(HttpRequest.of(headers, HttpData.wrap(body))).aggregate().join();
    }

    private static AggregatedHttpResponse read(WebClient http, ReadRequest request) throws IOException {
        return post(http, Snappy.compress(request.toByteArray()));
    }

    private static Query query(long start, long end, dev.meridian.proto.remote.LabelMatcher... matchers) {
        return Query.newBuilder().setStartTimestampMs(start).setEndTimestampMs(end).addAllMatchers(List.of(matchers)).build();
    }

    private static ReadRequest streamed(Query... queries) {
        return ReadRequest.newBuilder().addAllQueries(List.of(queries))
                .addAcceptedResponseTypes(ReadRequest.ResponseType.STREAMED_XOR_CHUNKS).build();
    }

    private static TimeSeries series(String[] labels, long[] t, double[] v) {
        TimeSeries.Builder out = TimeSeries.newBuilder();
        for (int i = 0; i < labels.length; i += 2) {
            out.addLabels(Label.newBuilder().setName(labels[i]).setValue(labels[i + 1]));
        }
        for (int i = 0; i < t.length; i++) {
            out.addSamples(Sample.newBuilder().setTimestamp(t[i]).setValue(v[i]));
        }
        return out.build();
    }

    @Test
    void samplesAnswerHasOneResultPerQueryInOrderWithSortedLabelsAndTrimmedSamples() throws IOException {
        WebClient http = start();
        long start = T0 + 99 * STEP;
        long end = T0 + 101 * STEP;
        ReadRequest request = ReadRequest.newBuilder()
                .addQueries(query(start, end, matcher(Type.EQ, "__name__", "up"), matcher(Type.RE, "job", "api")))
                .addQueries(query(start, end, matcher(Type.EQ, "__name__", "nothing")))
                .addQueries(query(T0 - 1, T0, matcher(Type.NRE, "job", "api|db"), matcher(Type.NEQ, "__name__", "")))
                .addQueries(query(T0, T0 + STEP, matcher(Type.EQ, "job", "db")))
                .build();

        AggregatedHttpResponse response = read(http, request);

        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        assertThat(response.headers().get("content-type")).isEqualTo("application/x-protobuf");
        assertThat(response.headers().get("content-encoding")).isEqualTo("snappy");
        ReadResponse decoded = ReadResponse.parseFrom(Snappy.uncompress(response.content().array()));
        long[] times = {T0 + 99 * STEP, T0 + 100 * STEP, T0 + 101 * STEP};
        assertThat(decoded.getResultsCount()).isEqualTo(4);
        assertThat(decoded.getResults(0).getTimeseriesList()).containsExactly(
                series(new String[] {"__name__", "up", "instance", "a", "job", "api"}, times,
                        new double[] {1, StaleMarker.VALUE, 1}),
                series(new String[] {"__name__", "up", "instance", "b", "job", "api"}, times, new double[] {99 % 7, 100 % 7, 101 % 7}));
        // The staleness marker comes back bit for bit, not as some other NaN.
        assertThat(Double.doubleToRawLongBits(decoded.getResults(0).getTimeseries(0).getSamples(1).getValue()))
                .isEqualTo(StaleMarker.BITS);
        assertThat(decoded.getResults(1).getTimeseriesCount()).isZero();
        assertThat(decoded.getResults(2).getTimeseriesCount()).isZero();
        assertThat(decoded.getResults(3).getTimeseriesList()).containsExactly(series(
                new String[] {"__name__", "up", "instance", "c", "job", "db"}, new long[] {T0, T0 + STEP}, new double[] {0, 0}));
    }

    @Test
    void noQueriesAndQueriesWithoutMatchersAnswerEmpty() throws IOException {
        WebClient http = start();

        AggregatedHttpResponse none = read(http, ReadRequest.getDefaultInstance());
        AggregatedHttpResponse unmatched = read(http, ReadRequest.newBuilder().addQueries(query(T0, T0 + 10 * STEP)).build());

        assertThat(none.status().code()).isEqualTo(200);
        assertThat(ReadResponse.parseFrom(Snappy.uncompress(none.content().array())).getResultsCount()).isZero();
        assertThat(unmatched.status().code()).isEqualTo(200);
        ReadResponse decoded = ReadResponse.parseFrom(Snappy.uncompress(unmatched.content().array()));
        assertThat(decoded.getResultsCount()).isEqualTo(1);
        assertThat(decoded.getResults(0).getTimeseriesCount()).isZero();
    }

    @Test
    void streamedAnswerCarriesEverySampleInXorChunksOfAtMost120() throws IOException {
        // 200-byte frames: the 300 samples of a series need several frames.
        WebClient http = start(storage, new RemoteReadLimits(100, 10_000, 10, 200));
        ReadRequest request = streamed(
                query(T0, T0 + 299 * STEP, matcher(Type.EQ, "__name__", "up"), matcher(Type.EQ, "job", "api")),
                query(T0 + 10 * STEP, T0 + 20 * STEP, matcher(Type.EQ, "__name__", "requests_total")));

        AggregatedHttpResponse response = read(http, request);

        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        assertThat(response.headers().get("content-type"))
                .isEqualTo("application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse");
        List<ChunkedReadResponse> frames = ChunkedFrameReader.read(response.content().array());
        assertThat(frames.size()).isGreaterThan(3);
        List<String> order = new ArrayList<>();
        List<List<PrometheusXorDecoder.Sample>> samples = new ArrayList<>();
        for (ChunkedReadResponse frame : frames) {
            assertThat(frame.getChunkedSeriesCount()).isEqualTo(1);
            ChunkedSeries series = frame.getChunkedSeries(0);
            String key = frame.getQueryIndex() + " " + series.getLabelsList().stream()
                    .map(l -> l.getName() + "=" + l.getValue()).toList();
            if (order.isEmpty() || !order.get(order.size() - 1).equals(key)) {
                order.add(key);
                samples.add(new ArrayList<>());
            }
            for (Chunk chunk : series.getChunksList()) {
                assertThat(chunk.getType()).isEqualTo(Chunk.Encoding.XOR);
                List<PrometheusXorDecoder.Sample> decoded = PrometheusXorDecoder.decode(chunk.getData().toByteArray());
                assertThat(decoded).hasSizeBetween(1, 120);
                assertThat(chunk.getMinTimeMs()).isEqualTo(decoded.get(0).t());
                assertThat(chunk.getMaxTimeMs()).isEqualTo(decoded.get(decoded.size() - 1).t());
                samples.get(samples.size() - 1).addAll(decoded);
            }
        }
        // Series sent whole, in label order, queries in request order.
        assertThat(order).containsExactly(
                "0 [__name__=up, instance=a, job=api]",
                "0 [__name__=up, instance=b, job=api]",
                "1 [__name__=requests_total, job=api]");
        for (int s = 0; s < 2; s++) {
            assertThat(samples.get(s)).hasSize(300);
            for (int i = 0; i < 300; i++) {
                double expected = s == 0 ? (i == 100 ? StaleMarker.VALUE : 1) : i % 7;
                assertThat(samples.get(s).get(i))
                        .isEqualTo(new PrometheusXorDecoder.Sample(T0 + i * STEP, Double.doubleToRawLongBits(expected)));
            }
        }
        assertThat(samples.get(2)).extracting(PrometheusXorDecoder.Sample::value)
                .containsExactly(25.0, 27.5, 30.0, 32.5, 35.0, 37.5, 40.0, 42.5, 45.0, 47.5, 50.0);
    }

    @Test
    void streamedAnswerWithNothingSelectedIsAnEmptyStream() throws IOException {
        AggregatedHttpResponse response = read(start(), streamed(query(T0, T0, matcher(Type.EQ, "__name__", "nothing"))));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.content().isEmpty()).isTrue();
    }

    static Stream<Arguments> badRequests() throws IOException {
        Query good = query(T0, T0 + STEP, matcher(Type.EQ, "__name__", "up"));
        return Stream.of(
                Arguments.of("empty body", new byte[0], 400, "empty body: expected a snappy-compressed ReadRequest"),
                Arguments.of("not snappy", new byte[] {0x05, (byte) 0xff, (byte) 0xff, 0x01}, 400, "bad snappy block"),
                Arguments.of("snappy framed format", new byte[] {(byte) 0xff, 0x06, 0, 0, 's', 'N', 'a', 'P', 'p', 'Y'}, 400,
                        "bad snappy block"),
                Arguments.of("uncompressed protobuf", ReadRequest.newBuilder().addQueries(good).build().toByteArray(), 400,
                        "bad snappy block"),
                Arguments.of("truncated snappy header", new byte[] {(byte) 0x80}, 400, "bad snappy block: truncated length header"),
                Arguments.of("snappy bomb", new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 0}, 413,
                        "snappy header claims 268435455 bytes uncompressed, over the limit of 67108864 bytes"),
                Arguments.of("not a protobuf", Snappy.compress(new byte[] {0x0a, 0x7f, 0x01}), 400, "invalid ReadRequest protobuf"),
                Arguments.of("start after end", body(ReadRequest.newBuilder()
                                .addQueries(good).addQueries(query(5000, 1000, matcher(Type.EQ, "__name__", "up")))),
                        400, "query 1: start 5000 is after end 1000 (milliseconds since the epoch)"),
                Arguments.of("invalid regex", body(ReadRequest.newBuilder()
                                .addQueries(query(T0, T0, matcher(Type.EQ, "__name__", "up"), matcher(Type.RE, "job", "(api")))),
                        400, "query 0, matcher 1 on label \"job\": invalid regular expression \"(api\": missing closing )"),
                Arguments.of("regex repeat over RE2's limit", body(ReadRequest.newBuilder()
                                .addQueries(query(T0, T0, matcher(Type.NRE, "job", "a{1001}")))),
                        400, "query 0, matcher 0 on label \"job\": invalid regular expression \"a{1001}\": invalid repeat count"),
                Arguments.of("unknown matcher type", body(ReadRequest.newBuilder().addQueries(Query.newBuilder()
                                .addMatchers(dev.meridian.proto.remote.LabelMatcher.newBuilder().setTypeValue(9).setName("job")))),
                        400, "query 0, matcher 0 on label \"job\": unknown type 9 (expected 0 EQ, 1 NEQ, 2 RE or 3 NRE)"),
                Arguments.of("unsupported response type", body(ReadRequest.newBuilder().addQueries(good).addAcceptedResponseTypesValue(5)),
                        400, "none of the accepted response types [5] is supported"));
    }

    private static byte[] body(ReadRequest.Builder request) throws IOException {
        return Snappy.compress(request.build().toByteArray());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestsAreRefusedWithTheirReason(String name, byte[] body, int status, String message) {
        AggregatedHttpResponse response = post(start(), body);

        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(status);
        assertThat(response.headers().contentType()).isEqualTo(MediaType.PLAIN_TEXT_UTF_8);
        assertThat(response.contentUtf8()).startsWith(message).endsWith("\n");
    }

    @Test
    void otherMethodsAreNotAllowed() {
        AggregatedHttpResponse response = start().get("/api/v1/read").aggregate().join();

        assertThat(response.status().code()).isEqualTo(405);
    }

    @Test
    void seriesAndSampleLimitsAreNamedForBothResponseTypes() throws IOException {
        WebClient seriesLimited = start(storage, new RemoteReadLimits(2, 10_000, 10, 1 << 20));
        WebClient samplesLimited = start(storage, new RemoteReadLimits(100, 500, 10, 1 << 20));
        Query twoSeries = query(T0, T0 + 10 * STEP, matcher(Type.EQ, "job", "api"), matcher(Type.EQ, "__name__", "up"));
        Query oneSeries = query(T0, T0 + 10 * STEP, matcher(Type.EQ, "job", "db"));
        Query allSamplesOfTwo = query(T0, T0 + 299 * STEP, matcher(Type.EQ, "job", "api"), matcher(Type.EQ, "__name__", "up"));

        // Counted per request: two series in one query pass, a third in the next query does not.
        assertThat(read(seriesLimited, ReadRequest.newBuilder().addQueries(twoSeries).build()).status().code()).isEqualTo(200);
        for (ReadRequest.Builder request : List.of(ReadRequest.newBuilder(), streamed().toBuilder())) {
            AggregatedHttpResponse tooManySeries = read(seriesLimited, request.clone().addQueries(twoSeries).addQueries(oneSeries).build());
            assertThat(tooManySeries.status().code()).isEqualTo(400);
            assertThat(tooManySeries.contentUtf8()).startsWith("exceeded series limit (2, maxSeriesPerRequest): query 1 brings");

            AggregatedHttpResponse tooManySamples = read(samplesLimited, request.clone().addQueries(allSamplesOfTwo).build());
            assertThat(tooManySamples.status().code()).isEqualTo(400);
            assertThat(tooManySamples.contentUtf8()).startsWith("exceeded sample limit (500, maxSamplesPerRequest): query 0 brings");
        }
    }

    /** Fails every select with the message a ReplicatedQueryable gives when a shard is short of replicas. */
    private static final Queryable FAILING = (mint, maxt) -> new Querier() {
        @Override
        public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
            throw new StorageException("cannot read series at consistency majority: shard 7: node-2 (127.0.0.1:1) refused");
        }

        @Override
        public List<String> labelNames(List<LabelMatcher> matchers) {
            return List.of();
        }

        @Override
        public List<String> labelValues(String name, List<LabelMatcher> matchers) {
            return List.of();
        }

        @Override
        public void close() {}
    };

    @Test
    void storageFailureIs500WithTheStoragesMessage() throws IOException {
        WebClient http = start(FAILING, RemoteReadLimits.DEFAULT);
        Query q = query(T0, T0, matcher(Type.EQ, "__name__", "up"));

        for (ReadRequest request : List.of(ReadRequest.newBuilder().addQueries(q).build(), streamed(q))) {
            AggregatedHttpResponse response = read(http, request);
            assertThat(response.status().code()).isEqualTo(500);
            assertThat(response.contentUtf8())
                    .isEqualTo("query 0: cannot read series at consistency majority: shard 7: node-2 (127.0.0.1:1) refused\n");
        }
    }

    /** The series of {@link #storage}, then a failure while iterating, as a node dying mid-read. */
    private Queryable failingAfterTwoSeries() {
        return (mint, maxt) -> {
            Querier inner = storage.querier(mint, maxt);
            return new Querier() {
                @Override
                public SeriesSet select(SelectHints hints, List<LabelMatcher> matchers) {
                    SeriesSet set = inner.select(hints, matchers);
                    return new SeriesSet() {
                        private int returned;

                        @Override
                        public boolean next() {
                            if (returned++ == 2) {
                                throw new StorageException("node-3 went away mid-read");
                            }
                            return set.next();
                        }

                        @Override
                        public Series at() {
                            return set.at();
                        }
                    };
                }

                @Override
                public List<String> labelNames(List<LabelMatcher> matchers) {
                    return inner.labelNames(matchers);
                }

                @Override
                public List<String> labelValues(String name, List<LabelMatcher> matchers) {
                    return inner.labelValues(name, matchers);
                }

                @Override
                public void close() {
                    inner.close();
                }
            };
        };
    }

    @Test
    void failureBeforeTheFirstBytesOfAStreamGetsItsStatus() throws IOException {
        WebClient http = start(failingAfterTwoSeries(), RemoteReadLimits.DEFAULT);

        AggregatedHttpResponse response = read(http, streamed(query(T0, T0 + 299 * STEP, matcher(Type.RE, "__name__", ".+"))));

        assertThat(response.status().code()).isEqualTo(500);
        assertThat(response.contentUtf8()).isEqualTo("query 0: node-3 went away mid-read\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocols")
    void failureAfterTheFirstBytesOfAStreamAbortsIt(SessionProtocol protocol, Class<? extends Throwable> abort)
            throws IOException {
        // 100-byte frames: the first series' frames go out before the failure.
        WebClient started = start(failingAfterTwoSeries(), new RemoteReadLimits(100, 10_000, 10, 100));
        WebClient http = WebClient.builder(protocol, started.endpointGroup()).factory(clients).build();
        byte[] body = Snappy.compress(streamed(query(T0, T0 + 299 * STEP, matcher(Type.RE, "__name__", ".+"))).toByteArray());

        HttpResponse response = http.execute(HttpRequest.of(RequestHeaders.of(HttpMethod.POST, "/api/v1/read"), HttpData.wrap(body)));

        // HTTP/1.1: the connection closes inside the chunked body; HTTP/2: the stream is reset.
        assertThatThrownBy(() -> response.aggregate().join()).hasRootCauseInstanceOf(abort);
    }

    static Stream<Arguments> protocols() {
        return Stream.of(Arguments.of(SessionProtocol.H1C, ClosedSessionException.class),
                Arguments.of(SessionProtocol.H2C, ClosedStreamException.class));
    }

    @Test
    void limitHitAfterTheFirstBytesOfAStreamAbortsIt() throws IOException {
        // 100-byte frames go out at once; the third series is over the limit.
        WebClient http = start(storage, new RemoteReadLimits(2, 10_000, 10, 100));
        byte[] body = Snappy.compress(streamed(query(T0, T0 + 10 * STEP, matcher(Type.RE, "__name__", ".+"))).toByteArray());

        HttpResponse response = http.execute(HttpRequest.of(RequestHeaders.of(HttpMethod.POST, "/api/v1/read"), HttpData.wrap(body)));

        assertThatThrownBy(() -> response.aggregate().join()).hasRootCauseInstanceOf(ClosedStreamException.class);
    }

    @Test
    void readsOverTheConcurrencyLimitAre503() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Queryable blocking = (mint, maxt) -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return storage.querier(mint, maxt);
        };
        WebClient http = start(blocking, new RemoteReadLimits(100, 10_000, 1, 1 << 20));
        byte[] body = Snappy.compress(ReadRequest.newBuilder()
                .addQueries(query(T0, T0, matcher(Type.EQ, "job", "db"))).build().toByteArray());

        CompletableFuture<AggregatedHttpResponse> first = CompletableFuture.supplyAsync(() -> post(http, body), executor);
        entered.await();
        AggregatedHttpResponse second = post(http, body);
        release.countDown();

        assertThat(second.status().code()).isEqualTo(503);
        assertThat(second.contentUtf8())
                .isEqualTo("too many concurrent remote reads: 1 are running, the limit (maxConcurrentRequests); retry later\n");
        assertThat(first.join().status().code()).isEqualTo(200);
        // The slot is free again.
        assertThat(post(http, body).status().code()).isEqualTo(200);
    }
}
