package dev.meridian.coordinator.write;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.AbstractHttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.meridian.coordinator.replication.ReplicatedWrite;
import dev.meridian.coordinator.replication.ReplicatedWriter;
import dev.meridian.coordinator.replication.ShardFailure;
import dev.meridian.storage.SeriesError;
import dev.meridian.storage.metadata.FamilyMetadata;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;

/**
 * {@code POST /api/v1/write} (and Prometheus' older {@code /api/v1/prom/remote/write}): a
 * remote-write 1.0 request is decoded and validated ({@link RemoteWriteDecoder}), and its good
 * series and metric metadata are written to every replica of their shards ({@link
 * ReplicatedWriter}; a family's shard is {@link FamilyMetadata#shard}), the metadata stamped with
 * the time this service received it, which decides between entries of a family. The answer
 * follows the remote-write spec (docs/remote-write.md):
 *
 * <ul>
 *   <li>204: every series and metadata entry stored at the write consistency;
 *   <li>400: bad data, never retried — a malformed body, or series refused by the decoder or by
 *       the storage nodes (e.g. samples too old), or metadata entries the nodes would refuse, each
 *       named with its reason; the request's other series and entries are stored;
 *   <li>413 and 415: the request is too large or not remote write 1.0;
 *   <li>503: some shard did not reach the write consistency (storage nodes down or slow), for
 *       samples or metadata alike; the sender retries the whole request, which the nodes store
 *       idempotently.
 * </ul>
 *
 * The decode and the blocking replica writes run on {@code blocking}, never on the event loop.
 */
public final class RemoteWriteService extends AbstractHttpService {
    private static final int SHARD_FAILURES_LISTED = 5;

    private final RemoteWriteDecoder decoder;
    private final ReplicatedWriter writer;
    private final String namespace;
    private final Executor blocking;
    private final Clock clock;

    /** A service stamping metadata with the system clock. */
    public RemoteWriteService(RemoteWriteDecoder decoder, ReplicatedWriter writer, String namespace, Executor blocking) {
        this(decoder, writer, namespace, blocking, Clock.systemUTC());
    }

    /** @param clock stamps each request's metadata with its receive time */
    public RemoteWriteService(RemoteWriteDecoder decoder, ReplicatedWriter writer, String namespace, Executor blocking,
            Clock clock) {
        this.decoder = requireNonNull(decoder, "decoder is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.namespace = requireNonNull(namespace, "namespace is null");
        this.blocking = requireNonNull(blocking, "blocking is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    protected HttpResponse doPost(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(req.aggregate().thenApplyAsync(this::handle, blocking));
    }

    private HttpResponse handle(AggregatedHttpRequest request) {
        long receivedMs = clock.millis();
        RequestHeaders headers = request.headers();
        DecodedWrite decoded;
        try {
            decoded = decoder.decode(headers.get(HttpHeaderNames.CONTENT_TYPE), headers.get(HttpHeaderNames.CONTENT_ENCODING),
                    headers.get(RemoteWriteDecoder.VERSION_HEADER), request.content().array());
        } catch (RemoteWriteException e) {
            return text(HttpStatus.valueOf(e.httpStatus()), e.getMessage());
        }
        List<FamilyMetadata> metadata = new ArrayList<>(decoded.metadata().size());
        decoded.metadata().forEach(entry -> metadata.add(MetadataMapping.toStorage(entry, receivedMs)));
        ReplicatedWrite written;
        try {
            written = writer.write(namespace, decoded.batchesByShard(), metadata);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return text(HttpStatus.SERVICE_UNAVAILABLE, "interrupted while writing to the storage nodes; retry");
        }
        if (!written.acknowledged()) {
            return text(HttpStatus.SERVICE_UNAVAILABLE, notStored(written.failedShards()));
        }
        List<SeriesError> refused = new ArrayList<>(decoded.errors());
        refused.addAll(written.seriesErrors());
        if (!refused.isEmpty() || !decoded.metadataErrors().isEmpty()) {
            RemoteWriteException e = RemoteWriteException.refused(refused, decoded.seriesInRequest(),
                    decoded.metadataErrors(), decoded.metadataInRequest());
            return text(HttpStatus.valueOf(e.httpStatus()), e.getMessage());
        }
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    private String notStored(List<ShardFailure> failures) {
        StringBuilder message = new StringBuilder("not stored at write consistency ")
                .append(writer.consistency().name().toLowerCase(Locale.ROOT)).append(" (retry): ")
                .append(failures.size()).append(failures.size() == 1 ? " shard" : " shards").append(" short of replicas; ");
        for (int i = 0; i < Math.min(SHARD_FAILURES_LISTED, failures.size()); i++) {
            message.append(i == 0 ? "" : "; ").append(failures.get(i));
        }
        if (failures.size() > SHARD_FAILURES_LISTED) {
            message.append("; and ").append(failures.size() - SHARD_FAILURES_LISTED).append(" more");
        }
        return message.toString();
    }

    private static HttpResponse text(HttpStatus status, String message) {
        return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message + "\n");
    }
}
