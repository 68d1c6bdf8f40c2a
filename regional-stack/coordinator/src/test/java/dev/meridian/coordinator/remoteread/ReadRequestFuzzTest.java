package dev.meridian.coordinator.remoteread;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.meridian.promql.labels.Labels;
import dev.meridian.promql.storage.StaleMarker;
import dev.meridian.promql.storage.memory.InMemoryStorage;
import dev.meridian.proto.remote.ChunkedReadResponse;
import dev.meridian.proto.remote.ReadResponse;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.xerial.snappy.Snappy;

/**
 * Jazzer fuzz targets for remote-read request handling: whatever the body, {@link
 * ReadRequestDecoder} returns a request or throws {@link RemoteReadException} with a 4xx status,
 * and {@link RemoteReadService} answers 200 with a well-formed body of the negotiated type or a 4xx
 * — never a 5xx (the storage here cannot fail), never an exception. The one other outcome is a
 * streamed answer aborted because a series or sample limit was hit after its first bytes went out
 * (docs/remote-read.md); the abort must carry that limit's error.
 *
 * <p>{@code decodeBody} takes the input as the HTTP body (snappy and all); {@code decodeProtobuf}
 * and {@code serveProtobuf} snappy-compress it first, so the fuzzer spends its time in the
 * protobuf, the matchers and the reads rather than in snappy's checks. {@code serveProtobuf} runs
 * the whole service (no network) over a few series at 1700000000000 ms and after, with limits low
 * enough to be hit.
 *
 * <p><b>Normal test runs</b> do not fuzz: each target runs once per file of its seed corpus,
 * {@code src/test/resources/dev/meridian/coordinator/remoteread/ReadRequestFuzzTestInputs/<method>/}.
 * <b>To fuzz one target for N minutes</b> (from the repository root):
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -pl regional-stack/coordinator test -Dtest='ReadRequestFuzzTest#serveProtobuf' -Djazzer.max_duration=Nm
 * </pre>
 *
 * A failing input is written to the target's inputs directory as {@code crash-<sha1>} and replayed
 * by every normal run from then on; minimize it and give it a descriptive name before committing.
 */
class ReadRequestFuzzTest {
    private static final ReadRequestDecoder DECODER = new ReadRequestDecoder();
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "remote-read-fuzz");
        thread.setDaemon(true);
        return thread;
    });
    private static final RemoteReadService SERVICE =
            new RemoteReadService(storage(), new RemoteReadLimits(5, 2_000, 1_000, 4_096), EXECUTOR);

    private static InMemoryStorage storage() {
        InMemoryStorage storage = new InMemoryStorage();
        InMemoryStorage.Appender appender = storage.appender();
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < 400; i++) {
            long t = t0 + i * 15_000L + (i % 3);
            appender.add(Labels.of("__name__", "up", "job", "api", "instance", "a"), t, i == 200 ? StaleMarker.VALUE : 1);
            appender.add(Labels.of("__name__", "up", "job", "db", "instance", "b"), t, i * 0.25);
            appender.add(Labels.of("__name__", "x", "job", "api"), t, Double.NaN);
        }
        appender.commit();
        return storage;
    }

    @FuzzTest(maxDuration = "5m")
    void decodeBody(byte[] input) {
        decode(input);
    }

    @FuzzTest(maxDuration = "5m")
    void decodeProtobuf(byte[] input) throws IOException {
        decode(Snappy.compress(input));
    }

    @FuzzTest(maxDuration = "5m")
    void serveProtobuf(byte[] input) throws Exception {
        HttpRequest request = HttpRequest.of(RequestHeaders.of(HttpMethod.POST, "/api/v1/read"),
                HttpData.wrap(Snappy.compress(input)));
        ServiceRequestContext ctx = ServiceRequestContext.of(request);

        AggregatedHttpResponse response;
        try {
            response = SERVICE.serve(ctx, request).aggregate().join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(RemoteReadException.class, r -> assertThat(r.code())
                    .isIn(RemoteReadErrorCode.TOO_MANY_SERIES, RemoteReadErrorCode.TOO_MANY_SAMPLES));
            return;
        }

        int status = response.status().code();
        assertThat(status).as(response.contentUtf8()).isIn(200, 400, 413);
        if (status != 200) {
            assertThat(response.contentUtf8()).isNotBlank();
            return;
        }
        String contentType = response.headers().get("content-type");
        if (contentType.equals(ResponseType.SAMPLES.contentType())) {
            ReadResponse.parseFrom(Snappy.uncompress(response.content().array()));
        } else {
            assertThat(contentType).isEqualTo(ResponseType.STREAMED_XOR_CHUNKS.contentType());
            for (ChunkedReadResponse frame : ChunkedFrameReader.read(response.content().array())) {
                frame.getChunkedSeries(0).getChunksList().forEach(c -> PrometheusXorDecoder.decode(c.getData().toByteArray()));
            }
        }
    }

    private static void decode(byte[] body) {
        try {
            DecodedRead read = DECODER.decode(body);
            for (ReadQuery query : read.queries()) {
                assertThat(query.start()).isLessThanOrEqualTo(query.end());
            }
        } catch (RemoteReadException e) {
            assertThat(e.httpStatus()).isIn(400, 413);
        }
    }
}
