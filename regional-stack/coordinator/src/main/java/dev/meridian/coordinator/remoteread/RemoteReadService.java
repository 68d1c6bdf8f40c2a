package dev.meridian.coordinator.remoteread;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.AbstractHttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.meridian.promql.storage.Queryable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xerial.snappy.Snappy;

/**
 * {@code POST /api/v1/read}: Prometheus remote read over a region's data, behaving as Prometheus
 * 2.42's read handler ({@code storage/remote/read_handler.go}) except where {@code
 * docs/remote-read.md} says otherwise.
 *
 * <p>The body is a snappy-compressed {@code ReadRequest} ({@link ReadRequestDecoder}). Each query
 * selects, from {@code storage}, the series matching all its matchers with their samples in
 * {@code [start, end]}, values bit for bit as stored (staleness markers included: Prometheus sends
 * them too, and its engine needs them to end a series). The answer has the first response type
 * of the client's {@code accepted_response_types} this service speaks:
 *
 * <ul>
 *   <li>{@link ResponseType#SAMPLES} (also when the list is empty): 200 with {@code Content-Type:
 *       application/x-protobuf}, {@code Content-Encoding: snappy} and a snappy block of a
 *       {@code ReadResponse} holding one {@code QueryResult} per query, in order
 *       ({@link SamplesResponseEncoder});
 *   <li>{@link ResponseType#STREAMED_XOR_CHUNKS}: 200 with {@code Content-Type:
 *       application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse} and a stream of
 *       frames ({@link ChunkedFrames}), one series per frame, series in label order and queries in
 *       request order, chunks in Prometheus' XOR format ({@link XorChunkEncoder}).
 * </ul>
 *
 * Errors are plain text naming the problem, with the status of its {@link RemoteReadErrorCode}:
 * 400 for a malformed request, a bad matcher, start after end, an unsupported response type or a
 * series or sample limit; 413 for a request too large; 503 when {@link
 * RemoteReadLimits#maxConcurrentRequests()} reads are running; 500 with the storage's message when
 * the storage fails. A streamed answer is held back until {@link RemoteReadLimits#maxBytesInFrame()}
 * bytes of frames are ready, so a failure before that still gets its status; a failure after the
 * first bytes were sent aborts the response (the connection is reset), so that a client never
 * takes a cut-short stream for a complete one.
 *
 * <p>Decoding and all storage work run on {@code blocking}, never on the event loop; a streamed
 * answer waits for the client to take each batch of frames before it reads more, so a slow client
 * costs a thread, not memory. The lead mounts it with {@code serverBuilder.service("/api/v1/read",
 * service)}; Armeria's request timeout (default 10 s) and maximum request length (default 10 MiB)
 * apply, and a long streamed read needs a longer timeout on its route. Formats, limits and errors:
 * {@code regional-stack/coordinator/docs/remote-read.md}.
 */
public final class RemoteReadService extends AbstractHttpService {
    private final Queryable storage;
    private final RemoteReadLimits limits;
    private final Executor blocking;
    private final ReadRequestDecoder decoder = new ReadRequestDecoder();
    private final Semaphore running;

    /**
     * @param storage the region's data; in production a {@code ReplicatedQueryable} at the read
     *     consistency
     * @param limits the series, sample, concurrency and frame-size limits
     * @param blocking runs decoding and storage reads, which block; e.g. the server's blocking task
     *     executor. A streamed answer holds one of its threads while it streams
     */
    public RemoteReadService(Queryable storage, RemoteReadLimits limits, Executor blocking) {
        this.storage = requireNonNull(storage, "storage is null");
        this.limits = requireNonNull(limits, "limits is null");
        this.blocking = requireNonNull(blocking, "blocking is null");
        this.running = new Semaphore(limits.maxConcurrentRequests());
    }

    @Override
    protected HttpResponse doPost(ServiceRequestContext ctx, HttpRequest req) {
        if (!running.tryAcquire()) {
            return error(new RemoteReadException(RemoteReadErrorCode.TOO_MANY_CONCURRENT_REQUESTS,
                    "too many concurrent remote reads: " + limits.maxConcurrentRequests()
                            + " are running, the limit (maxConcurrentRequests); retry later"));
        }
        Permit permit = new Permit();
        CompletableFuture<HttpResponse> response = req.aggregate()
                .thenApplyAsync(request -> handle(ctx, request, permit), blocking)
                .exceptionally(failure -> {
                    permit.release();
                    return unhandled(failure);
                });
        return HttpResponse.of(response);
    }

    private HttpResponse handle(ServiceRequestContext ctx, AggregatedHttpRequest request, Permit permit) {
        boolean handedOver = false;
        try {
            DecodedRead read = decoder.decode(request.content().array());
            return switch (read.responseType()) {
                case SAMPLES -> samples(ctx, read);
                case STREAMED_XOR_CHUNKS -> {
                    HttpResponse streamed = streamed(read, permit);
                    handedOver = true;
                    yield streamed;
                }
            };
        } catch (RemoteReadException e) {
            return error(e);
        } catch (RejectedExecutionException e) {
            return error(saturated());
        } catch (RuntimeException e) {
            return error(internal(e));
        } finally {
            if (!handedOver) {
                permit.release();
            }
        }
    }

    private HttpResponse samples(ServiceRequestContext ctx, DecodedRead read) {
        ReadBudget budget = new ReadBudget(limits);
        List<List<byte[]>> results = new ArrayList<>(read.queries().size());
        for (int i = 0; i < read.queries().size(); i++) {
            List<byte[]> series = new ArrayList<>();
            try (QueryReader reader = new QueryReader(storage, i, read.queries().get(i), budget)) {
                for (SeriesSamples s = reader.next(); s != null; s = reader.next()) {
                    series.add(SamplesResponseEncoder.timeSeries(s));
                    if (ctx.isCancelled()) {
                        // The client is gone or the request timed out: nobody reads the answer.
                        return HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE);
                    }
                }
            }
            results.add(series);
        }
        byte[] compressed;
        try {
            compressed = Snappy.compress(SamplesResponseEncoder.readResponse(results));
        } catch (IOException e) {
            throw new IllegalStateException("snappy failed to compress the response: " + e.getMessage(), e);
        }
        ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK)
                .set(HttpHeaderNames.CONTENT_TYPE, ResponseType.SAMPLES.contentType())
                .set(HttpHeaderNames.CONTENT_ENCODING, "snappy")
                .build();
        return HttpResponse.of(headers, HttpData.wrap(compressed));
    }

    /** Starts streaming on {@code blocking}; the permit is released when the stream ends. */
    private HttpResponse streamed(DecodedRead read, Permit permit) {
        HttpResponseWriter writer = HttpResponse.streaming();
        blocking.execute(() -> {
            try {
                stream(read, writer);
            } finally {
                permit.release();
            }
        });
        return writer;
    }

    private void stream(DecodedRead read, HttpResponseWriter writer) {
        ReadBudget budget = new ReadBudget(limits);
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        boolean committed = false;
        try {
            for (int i = 0; i < read.queries().size(); i++) {
                try (QueryReader reader = new QueryReader(storage, i, read.queries().get(i), budget)) {
                    for (SeriesSamples s = reader.next(); s != null; s = reader.next()) {
                        for (byte[] frame : ChunkedSeriesEncoder.frames(i, s, limits.maxBytesInFrame())) {
                            pending.writeBytes(frame);
                        }
                        if (pending.size() >= limits.maxBytesInFrame()) {
                            if (!send(writer, pending, committed)) {
                                return; // The client is gone.
                            }
                            committed = true;
                        }
                    }
                }
            }
            if (send(writer, pending, committed)) {
                writer.close();
            }
        } catch (RuntimeException e) {
            RemoteReadException failure = e instanceof RemoteReadException r ? r : internal(e);
            if (committed) {
                writer.close(failure);
            } else {
                writer.close(AggregatedHttpResponse.of(HttpStatus.valueOf(failure.httpStatus()), MediaType.PLAIN_TEXT_UTF_8,
                        failure.getMessage() + "\n"));
            }
        }
    }

    /**
     * Sends the pending frames (with the headers first, unless {@code committed}), after the
     * client took the ones sent before. Returns false if the response is closed.
     */
    private static boolean send(HttpResponseWriter writer, ByteArrayOutputStream pending, boolean committed) {
        if (!committed) {
            ResponseHeaders headers = ResponseHeaders.builder(HttpStatus.OK)
                    .set(HttpHeaderNames.CONTENT_TYPE, ResponseType.STREAMED_XOR_CHUNKS.contentType())
                    .build();
            if (!writer.tryWrite(headers)) {
                return false;
            }
        } else {
            try {
                CompletableFuture.anyOf(writer.whenConsumed(), writer.whenComplete()).join();
            } catch (CompletionException | CancellationException closed) {
                return false;
            }
        }
        if (pending.size() > 0) {
            if (!writer.tryWrite(HttpData.wrap(pending.toByteArray()))) {
                return false;
            }
            pending.reset();
        }
        return writer.isOpen();
    }

    private static RemoteReadException saturated() {
        return new RemoteReadException(RemoteReadErrorCode.TOO_MANY_CONCURRENT_REQUESTS,
                "the remote-read executor refused the work (saturated); retry later");
    }

    private static RemoteReadException internal(RuntimeException e) {
        return new RemoteReadException(RemoteReadErrorCode.STORAGE_FAILURE,
                "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }

    /** The answer when the request could not even reach {@link #handle}. */
    private static HttpResponse unhandled(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ContentTooLargeException) {
            return error(new RemoteReadException(RemoteReadErrorCode.REQUEST_TOO_LARGE,
                    "body is over the server's maximum request length: " + cause.getMessage()));
        }
        if (cause instanceof RejectedExecutionException) {
            return error(saturated());
        }
        return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.PLAIN_TEXT_UTF_8,
                "remote read failed: " + cause + "\n");
    }

    private static HttpResponse error(RemoteReadException e) {
        return HttpResponse.of(HttpStatus.valueOf(e.httpStatus()), MediaType.PLAIN_TEXT_UTF_8, e.getMessage() + "\n");
    }

    /** A concurrency slot, released exactly once. */
    private final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                running.release();
            }
        }
    }
}
