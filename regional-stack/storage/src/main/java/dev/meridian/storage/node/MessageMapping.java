package dev.meridian.storage.node;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.UnsafeByteOperations;
import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.MatchType;
import dev.meridian.proto.node.Chunk;
import dev.meridian.proto.node.ErrorCode;
import dev.meridian.proto.node.HealthResponse;
import dev.meridian.proto.node.NamespaceTimeRange;
import dev.meridian.proto.node.SeriesChunks;
import dev.meridian.proto.node.SeriesError;
import dev.meridian.proto.node.SeriesSamples;
import dev.meridian.proto.node.TimeRangesResponse;
import dev.meridian.proto.node.WriteRequest;
import dev.meridian.proto.node.WriteResponse;
import dev.meridian.storage.ChunkedSeries;
import dev.meridian.storage.Health;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.TimeRange;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.WriteResult;
import dev.meridian.storage.chunk.ChunkEncoding;
import dev.meridian.storage.metadata.FamilyMetadata;
import dev.meridian.storage.metadata.MetricType;
import dev.meridian.storage.series.SeriesLabels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Translates between node.proto messages and the storage API, in both directions: the server
 * ({@link StorageNodeService}) and the client ({@link StorageNodeClient}) use the same methods, so
 * what one side writes the other reads back unchanged.
 *
 * <p>Requests are checked only for what the translation itself needs (parallel arrays of equal
 * length, known matcher types, valid regular expressions, ordered ranges), failing with an {@link
 * InvalidRequestException} that names the offending field. Whether a series is valid is the
 * storage's call, so label bytes pass through undecoded. Responses that cannot be translated (an
 * error code or chunk encoding this build does not know, malformed label bytes) fail with an
 * {@link IllegalArgumentException}.
 */
final class MessageMapping {
    private MessageMapping() {}

    // ------------------------------------------------------------ write

    /** Client side: a batch as a request. Label bytes are wrapped, not copied (they never change). */
    static WriteRequest toWriteRequest(String namespace, WriteBatch batch) {
        requireNonNull(namespace, "namespace is null");
        WriteRequest.Builder request = WriteRequest.newBuilder().setNamespace(namespace);
        for (int entry = 0; entry < batch.size(); entry++) {
            SeriesSamples.Builder series = SeriesSamples.newBuilder()
                    .setLabels(UnsafeByteOperations.unsafeWrap(batch.labels(entry).bytes()));
            for (int s = batch.firstSample(entry); s < batch.endSample(entry); s++) {
                series.addTimestamps(batch.timestamp(s));
                series.addValues(batch.value(s));
            }
            request.addSeries(series);
        }
        return request.build();
    }

    /**
     * Server side: the samples of a write request as a batch. Each series' label bytes are copied
     * once (the batch must own them) and never decoded; samples are copied through two reused
     * arrays, because a batch entry takes arrays.
     *
     * @throws InvalidRequestException if a series has no samples, or not as many values as timestamps
     */
    static WriteBatch toWriteBatch(WriteRequest request) {
        WriteBatch batch = new WriteBatch();
        long[] timestamps = new long[0];
        double[] values = new double[0];
        for (int i = 0; i < request.getSeriesCount(); i++) {
            SeriesSamples series = request.getSeries(i);
            int count = series.getTimestampsCount();
            if (count != series.getValuesCount()) {
                throw new InvalidRequestException("series[" + i + "] has " + count + " timestamps but "
                        + series.getValuesCount() + " values; they must pair up");
            }
            if (count == 0) {
                throw new InvalidRequestException("series[" + i + "] has no samples");
            }
            if (count > timestamps.length) {
                timestamps = new long[count];
                values = new double[count];
            }
            for (int s = 0; s < count; s++) {
                timestamps[s] = series.getTimestamps(s);
                values[s] = series.getValues(s);
            }
            batch.add(SeriesLabels.wrap(series.getLabels().toByteArray()), timestamps, values, count);
        }
        return batch;
    }

    /** Server side. */
    static WriteResponse toWriteResponse(WriteResult result) {
        WriteResponse.Builder response = WriteResponse.newBuilder().setSamplesWritten(result.samplesWritten());
        for (dev.meridian.storage.SeriesError error : result.errors()) {
            response.addErrors(SeriesError.newBuilder()
                    .setSeries(error.series())
                    .setCode(wireCode(error.code()))
                    .setReason(error.reason())
                    .setSamplesRejected(error.samplesRejected()));
        }
        return response.build();
    }

    /**
     * Client side.
     *
     * @throws IllegalArgumentException if a series error has a code this build does not know
     */
    static WriteResult toWriteResult(WriteResponse response) {
        List<dev.meridian.storage.SeriesError> errors = new ArrayList<>(response.getErrorsCount());
        for (SeriesError error : response.getErrorsList()) {
            errors.add(new dev.meridian.storage.SeriesError(error.getSeries(), storageCode(error.getCode()),
                    error.getReason(), error.getSamplesRejected()));
        }
        return new WriteResult(response.getSamplesWritten(), errors);
    }

    // ------------------------------------------------------------ error codes

    /** The node.proto form of a storage error code, for per-series errors and the status trailer. */
    static ErrorCode wireCode(StorageErrorCode code) {
        return switch (code) {
            case INVALID_SERIES -> ErrorCode.INVALID_SERIES;
            case SAMPLE_OUT_OF_BOUNDS -> ErrorCode.SAMPLE_OUT_OF_BOUNDS;
            case DUPLICATE_SAMPLE -> ErrorCode.DUPLICATE_SAMPLE;
            case UNKNOWN_NAMESPACE -> ErrorCode.UNKNOWN_NAMESPACE;
            case NOT_READY -> ErrorCode.NOT_READY;
            case IO -> ErrorCode.IO;
            case CORRUPTION -> ErrorCode.CORRUPTION;
        };
    }

    /**
     * The storage error code of a wire code.
     *
     * @throws IllegalArgumentException for {@code ERROR_CODE_UNSPECIFIED} and for codes of a newer
     *     node.proto
     */
    static StorageErrorCode storageCode(ErrorCode code) {
        return switch (code) {
            case INVALID_SERIES -> StorageErrorCode.INVALID_SERIES;
            case SAMPLE_OUT_OF_BOUNDS -> StorageErrorCode.SAMPLE_OUT_OF_BOUNDS;
            case DUPLICATE_SAMPLE -> StorageErrorCode.DUPLICATE_SAMPLE;
            case UNKNOWN_NAMESPACE -> StorageErrorCode.UNKNOWN_NAMESPACE;
            case NOT_READY -> StorageErrorCode.NOT_READY;
            case IO -> StorageErrorCode.IO;
            case CORRUPTION -> StorageErrorCode.CORRUPTION;
            case ERROR_CODE_UNSPECIFIED, UNRECOGNIZED ->
                    throw new IllegalArgumentException("unknown error code " + code + " (expected one of "
                            + List.of(StorageErrorCode.values()) + ")");
        };
    }

    // ------------------------------------------------------------ read

    /** Client side. */
    static List<dev.meridian.proto.node.LabelMatcher> toWireMatchers(List<LabelMatcher> matchers) {
        List<dev.meridian.proto.node.LabelMatcher> result = new ArrayList<>(matchers.size());
        for (LabelMatcher matcher : matchers) {
            dev.meridian.proto.node.LabelMatcher.Type type = switch (matcher.type()) {
                case EQUAL -> dev.meridian.proto.node.LabelMatcher.Type.EQ;
                case NOT_EQUAL -> dev.meridian.proto.node.LabelMatcher.Type.NEQ;
                case REGEX -> dev.meridian.proto.node.LabelMatcher.Type.RE;
                case NOT_REGEX -> dev.meridian.proto.node.LabelMatcher.Type.NRE;
            };
            result.add(dev.meridian.proto.node.LabelMatcher.newBuilder()
                    .setType(type)
                    .setName(matcher.name())
                    .setValue(matcher.value())
                    .build());
        }
        return result;
    }

    /**
     * Server side.
     *
     * @throws InvalidRequestException for an unknown type, an empty name or an invalid regular
     *     expression, naming the matcher by its index
     */
    static List<LabelMatcher> toMatchers(List<dev.meridian.proto.node.LabelMatcher> matchers) {
        List<LabelMatcher> result = new ArrayList<>(matchers.size());
        for (int i = 0; i < matchers.size(); i++) {
            dev.meridian.proto.node.LabelMatcher matcher = matchers.get(i);
            MatchType type = switch (matcher.getType()) {
                case EQ -> MatchType.EQUAL;
                case NEQ -> MatchType.NOT_EQUAL;
                case RE -> MatchType.REGEX;
                case NRE -> MatchType.NOT_REGEX;
                case UNRECOGNIZED -> throw new InvalidRequestException("matchers[" + i + "] has an unknown type "
                        + matcher.getTypeValue() + " (expected EQ, NEQ, RE or NRE)");
            };
            if (matcher.getName().isEmpty()) {
                throw new InvalidRequestException("matchers[" + i + "] has an empty label name");
            }
            try {
                result.add(LabelMatcher.of(type, matcher.getName(), matcher.getValue()));
            } catch (IllegalArgumentException badRegex) {
                throw new InvalidRequestException("matchers[" + i + "] (" + matcher.getName() + "): "
                        + badRegex.getMessage());
            }
        }
        return result;
    }

    /**
     * Server side: checks an inclusive request range.
     *
     * @throws InvalidRequestException if it ends before it starts
     */
    static void checkRange(long startMs, long endMs) {
        if (endMs < startMs) {
            throw new InvalidRequestException(
                    "end_ms must not be before start_ms (got: start_ms=" + startMs + ", end_ms=" + endMs + ")");
        }
    }

    /**
     * Server side: a fetched series in wire form. Labels go out canonical, as writers send them.
     * Chunk data is wrapped rather than copied: a {@link dev.meridian.storage.chunk.Chunk} never
     * changes its bytes, and the label bytes are a fresh array nobody else holds.
     */
    static SeriesChunks toSeriesChunks(ChunkedSeries series) {
        SeriesChunks.Builder message = SeriesChunks.newBuilder()
                .setLabels(UnsafeByteOperations.unsafeWrap(SeriesLabels.of(series.labels()).bytes()));
        for (dev.meridian.storage.chunk.Chunk chunk : series.chunks()) {
            message.addChunks(Chunk.newBuilder()
                    .setEncoding(Byte.toUnsignedInt(chunk.encoding().id()))
                    .setMinTimeMs(chunk.minTime())
                    .setMaxTimeMs(chunk.maxTime())
                    .setNumSamples(chunk.numSamples())
                    .setData(UnsafeByteOperations.unsafeWrap(chunk.data())));
        }
        return message.build();
    }

    /**
     * Client side: decodes the labels and takes each chunk's data out of the message (one copy).
     *
     * @throws IllegalArgumentException for malformed label bytes, an unknown chunk encoding, or a
     *     chunk with no samples or a time range that ends before it starts
     */
    static ChunkedSeries toChunkedSeries(SeriesChunks series) {
        List<dev.meridian.storage.chunk.Chunk> chunks = new ArrayList<>(series.getChunksCount());
        for (Chunk chunk : series.getChunksList()) {
            if ((chunk.getEncoding() & ~0xFF) != 0) {
                throw new IllegalArgumentException("unknown chunk encoding id " + Integer.toUnsignedString(chunk.getEncoding()));
            }
            chunks.add(new dev.meridian.storage.chunk.Chunk(ChunkEncoding.fromId((byte) chunk.getEncoding()),
                    chunk.getData().toByteArray(), chunk.getNumSamples(), chunk.getMinTimeMs(), chunk.getMaxTimeMs()));
        }
        return new ChunkedSeries(SeriesLabels.wrap(series.getLabels().toByteArray()).toLabels(), chunks);
    }

    // ------------------------------------------------------------ metadata

    /** Both sides: entries in wire form. */
    static List<dev.meridian.proto.node.FamilyMetadata> toWireMetadata(List<FamilyMetadata> entries) {
        List<dev.meridian.proto.node.FamilyMetadata> result = new ArrayList<>(entries.size());
        for (FamilyMetadata entry : entries) {
            result.add(dev.meridian.proto.node.FamilyMetadata.newBuilder()
                    .setFamily(entry.family())
                    .setTypeValue(entry.type().ordinal())
                    .setHelp(entry.help())
                    .setUnit(entry.unit())
                    .setReceivedMs(entry.receivedMs())
                    .build());
        }
        return result;
    }

    /**
     * Server side: the entries of a WriteMetadata request.
     *
     * @throws InvalidRequestException naming the entry by its index and family if one breaks a
     *     rule of {@link FamilyMetadata} or has an unknown type
     */
    static List<FamilyMetadata> toFamilyMetadata(List<dev.meridian.proto.node.FamilyMetadata> entries) {
        try {
            return fromWireMetadata(entries);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    /**
     * Client side: the entries of a Metadata response.
     *
     * @throws IllegalArgumentException as {@link #toFamilyMetadata}
     */
    static List<FamilyMetadata> fromWireMetadata(List<dev.meridian.proto.node.FamilyMetadata> entries) {
        List<FamilyMetadata> result = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            dev.meridian.proto.node.FamilyMetadata entry = entries.get(i);
            try {
                result.add(new FamilyMetadata(entry.getFamily(), MetricType.ofNumber(entry.getTypeValue()),
                        entry.getHelp(), entry.getUnit(), entry.getReceivedMs()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("metadata[" + i + "] (family \"" + entry.getFamily() + "\"): "
                        + e.getMessage(), e);
            }
        }
        return result;
    }

    // ------------------------------------------------------------ health

    static HealthResponse toHealthResponse(Health health) {
        return HealthResponse.newBuilder().setReady(health.ready()).setState(health.state()).build();
    }

    static Health toHealth(HealthResponse response) {
        return new Health(response.getReady(), response.getState());
    }

    // ------------------------------------------------------------ time ranges

    static TimeRangesResponse toTimeRangesResponse(Map<String, TimeRange> ranges) {
        TimeRangesResponse.Builder response = TimeRangesResponse.newBuilder();
        new TreeMap<>(ranges).forEach((namespace, range) -> response.addNamespaces(NamespaceTimeRange.newBuilder()
                .setNamespace(namespace)
                .setMinTimeMs(range.minTime())
                .setMaxTimeMs(range.maxTime())));
        return response.build();
    }

    /**
     * Client side: the ranges of a TimeRanges response by namespace, in name order.
     *
     * @throws IllegalArgumentException if a namespace is empty or repeated
     */
    static Map<String, TimeRange> toTimeRanges(TimeRangesResponse response) {
        TreeMap<String, TimeRange> ranges = new TreeMap<>();
        for (NamespaceTimeRange entry : response.getNamespacesList()) {
            if (entry.getNamespace().isEmpty()) {
                throw new IllegalArgumentException("a time range has an empty namespace");
            }
            TimeRange range = entry.getMinTimeMs() > entry.getMaxTimeMs()
                    ? TimeRange.EMPTY
                    : new TimeRange(entry.getMinTimeMs(), entry.getMaxTimeMs());
            if (ranges.put(entry.getNamespace(), range) != null) {
                throw new IllegalArgumentException("namespace \"" + entry.getNamespace() + "\" has two time ranges");
            }
        }
        return Collections.unmodifiableMap(ranges);
    }
}
