package dev.meridian.coordinator.remoteread;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.meridian.coordinator.snappy.SnappyBlock;
import dev.meridian.coordinator.snappy.SnappyBlockException;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.promql.storage.SelectHints;
import dev.meridian.proto.remote.Query;
import dev.meridian.proto.remote.ReadHints;
import dev.meridian.proto.remote.ReadRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the body of a remote read into a {@link DecodedRead}: the body is a snappy <em>block</em>
 * holding a {@code ReadRequest} (remote.proto, wire-identical to Prometheus' prompb). Everything it
 * refuses is a {@link RemoteReadException} with a 4xx status; no input makes it throw anything
 * else. Thread-safe.
 *
 * <p>Steps, each refusing the whole request:
 * <ol>
 *   <li>The body must be non-empty and at most {@link #MAX_COMPRESSED_BYTES} (Prometheus reads at
 *       most that much) — else 400 or 413.
 *   <li>The uncompressed length at the head of the snappy block (a uvarint, google/snappy
 *       format_description.txt) must be at most {@link #MAX_DECOMPRESSED_BYTES}; it is checked
 *       before anything is allocated — else 413.
 *   <li>The snappy data and the protobuf must be well formed — else 400.
 *   <li>The response type is the first of {@code accepted_response_types} this server speaks,
 *       SAMPLES when the list is empty — else 400, as Prometheus' {@code NegotiateResponseType}.
 *   <li>Per query: start must not be after end (400; Prometheus would answer an empty result), and
 *       every matcher must have a known type and, for {@code =~} and {@code !~}, a valid RE2
 *       expression (anchored at both ends, as Prometheus) — else 400 (Prometheus answers 500).
 * </ol>
 * Request headers are not checked, as in Prometheus 2.42: the body format is the only one there is.
 */
public final class ReadRequestDecoder {
    /** Largest body read: Prometheus' {@code decodeReadLimit}. */
    public static final int MAX_COMPRESSED_BYTES = 32 << 20;
    /** Largest uncompressed ReadRequest; read requests are a few hundred bytes in practice. */
    public static final int MAX_DECOMPRESSED_BYTES = 64 << 20;

    /**
     * Decodes one request body.
     *
     * @throws RemoteReadException if the request is refused
     */
    public DecodedRead decode(byte[] body) {
        ReadRequest request = parse(decompress(body));
        ResponseType responseType = negotiate(request);
        List<ReadQuery> queries = new ArrayList<>(request.getQueriesCount());
        for (int i = 0; i < request.getQueriesCount(); i++) {
            queries.add(query(i, request.getQueries(i)));
        }
        return new DecodedRead(queries, responseType);
    }

    private static byte[] decompress(byte[] body) {
        if (body.length == 0) {
            throw new RemoteReadException(RemoteReadErrorCode.MALFORMED_REQUEST,
                    "empty body: expected a snappy-compressed ReadRequest");
        }
        if (body.length > MAX_COMPRESSED_BYTES) {
            throw new RemoteReadException(RemoteReadErrorCode.REQUEST_TOO_LARGE,
                    "body of " + body.length + " bytes is over the limit of " + MAX_COMPRESSED_BYTES + " bytes");
        }
        try {
            return SnappyBlock.decompress(body, MAX_DECOMPRESSED_BYTES);
        } catch (SnappyBlockException e) {
            throw new RemoteReadException(e.tooLarge() ? RemoteReadErrorCode.REQUEST_TOO_LARGE : RemoteReadErrorCode.MALFORMED_REQUEST,
                    e.getMessage(), e);
        }
    }

    private static ReadRequest parse(byte[] bytes) {
        try {
            return ReadRequest.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new RemoteReadException(RemoteReadErrorCode.MALFORMED_REQUEST,
                    "invalid ReadRequest protobuf: " + e.getMessage(), e);
        }
    }

    private static ResponseType negotiate(ReadRequest request) {
        if (request.getAcceptedResponseTypesCount() == 0) {
            return ResponseType.SAMPLES;
        }
        for (int number : request.getAcceptedResponseTypesValueList()) {
            ResponseType type = ResponseType.ofNumber(number);
            if (type != null) {
                return type;
            }
        }
        throw new RemoteReadException(RemoteReadErrorCode.UNSUPPORTED_RESPONSE_TYPE,
                "none of the accepted response types " + request.getAcceptedResponseTypesValueList()
                        + " is supported; supported: 0 (SAMPLES), 1 (STREAMED_XOR_CHUNKS)");
    }

    private static ReadQuery query(int index, Query query) {
        long start = query.getStartTimestampMs();
        long end = query.getEndTimestampMs();
        if (start > end) {
            throw new RemoteReadException(RemoteReadErrorCode.INVALID_TIME_RANGE,
                    "query " + index + ": start " + start + " is after end " + end + " (milliseconds since the epoch)");
        }
        List<LabelMatcher> matchers = new ArrayList<>(query.getMatchersCount());
        for (int m = 0; m < query.getMatchersCount(); m++) {
            matchers.add(matcher(index, m, query.getMatchers(m)));
        }
        return new ReadQuery(start, end, matchers, hints(start, end, query));
    }

    private static LabelMatcher matcher(int query, int index, dev.meridian.proto.remote.LabelMatcher matcher) {
        MatchType type = switch (matcher.getTypeValue()) {
            case dev.meridian.proto.remote.LabelMatcher.Type.EQ_VALUE -> MatchType.EQUAL;
            case dev.meridian.proto.remote.LabelMatcher.Type.NEQ_VALUE -> MatchType.NOT_EQUAL;
            case dev.meridian.proto.remote.LabelMatcher.Type.RE_VALUE -> MatchType.REGEX;
            case dev.meridian.proto.remote.LabelMatcher.Type.NRE_VALUE -> MatchType.NOT_REGEX;
            default -> throw new RemoteReadException(RemoteReadErrorCode.INVALID_MATCHER, "query " + query + ", matcher "
                    + index + " on label \"" + matcher.getName() + "\": unknown type " + matcher.getTypeValue()
                    + " (expected 0 EQ, 1 NEQ, 2 RE or 3 NRE)");
        };
        try {
            return LabelMatcher.of(type, matcher.getName(), matcher.getValue());
        } catch (IllegalArgumentException e) {
            throw new RemoteReadException(RemoteReadErrorCode.INVALID_MATCHER, "query " + query + ", matcher " + index
                    + " on label \"" + matcher.getName() + "\": " + e.getMessage(), e);
        }
    }

    /**
     * The request's hints as storage advice. Storage may narrow its read to the hints' time range
     * (Prometheus' TSDB does, and so do our storage nodes), so hints without a usable range —
     * start after end, or not overlapping the query — get the query's range instead: a client that
     * sets only {@code func} must not get an empty answer.
     */
    private static SelectHints hints(long start, long end, Query query) {
        if (!query.hasHints()) {
            return SelectHints.ofRange(start, end);
        }
        ReadHints hints = query.getHints();
        long from = hints.getStartMs();
        long to = hints.getEndMs();
        if (from > to || to < start || from > end) {
            from = start;
            to = end;
        }
        return new SelectHints(from, to, hints.getStepMs(), hints.getRangeMs(), hints.getFunc(), hints.getGroupingList(),
                hints.getBy());
    }
}
