package dev.meridian.coordinator.write;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.meridian.api.MetricMetadata;
import dev.meridian.proto.remote.WriteRequest;
import dev.meridian.coordinator.snappy.SnappyBlock;
import dev.meridian.coordinator.snappy.SnappyBlockException;
import dev.meridian.storage.SeriesError;
import dev.meridian.storage.StorageErrorCode;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.metadata.FamilyMetadata;
import dev.meridian.storage.series.SeriesLabels;
import dev.meridian.storage.series.SeriesValidator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns the parts of a Prometheus remote-write 1.0 request (prometheus.io/docs/specs/remote_write_spec/)
 * into {@link DecodedWrite}: checks the headers, decompresses the snappy block, reads the
 * WriteRequest protobuf and validates each series, keeping the good ones. Everything it refuses
 * is a {@link RemoteWriteException}; no input makes it throw anything else.
 *
 * <p>Steps, each refusing the whole request:
 * <ol>
 *   <li>Content-Type must be {@code application/x-protobuf} (a {@code proto=} parameter, if any,
 *       must name {@code prometheus.WriteRequest}), Content-Encoding {@code snappy}, and
 *       X-Prometheus-Remote-Write-Version absent or below 2 — else 415.
 *   <li>The body must be at most {@code maxCompressedBytes} — else 413.
 *   <li>The snappy block header (a uvarint, github.com/google/snappy format_description.txt) is
 *       read first, and a claimed length over {@code maxDecompressedBytes} is refused (413) before
 *       a byte is allocated, so a small body cannot make the coordinator allocate gigabytes.
 *   <li>Decompression and the protobuf must be well formed — else 400 naming the problem.
 *   <li>At most {@code maxSeriesPerRequest} series — else 413.
 * </ol>
 * Then each series is checked on its own ({@link SeriesReader}); a bad one becomes a {@link
 * SeriesError} and the rest are kept. Thread-safe: every call uses its own scratch state.
 */
public final class RemoteWriteDecoder {
    public static final String CONTENT_TYPE = "application/x-protobuf";
    public static final String CONTENT_ENCODING = "snappy";
    public static final String VERSION_HEADER = "X-Prometheus-Remote-Write-Version";
    /** The version remote-write 1.0 senders put in {@link #VERSION_HEADER}. */
    public static final String VERSION = "0.1.0";
    private static final String WRITE_REQUEST_PROTO = "prometheus.WriteRequest";

    private final RemoteWriteLimits limits;
    private final int shards;
    private final SeriesValidator validator;
    private final ExternalLabels external;

    /**
     * A decoder that adds no labels.
     *
     * @param shards the number of virtual shards of the namespace written to
     */
    public RemoteWriteDecoder(RemoteWriteLimits limits, int shards) {
        this(limits, shards, ExternalLabels.NONE);
    }

    /**
     * @param shards the number of virtual shards of the namespace written to
     * @param external labels added to every series (before it is validated and sharded)
     */
    public RemoteWriteDecoder(RemoteWriteLimits limits, int shards, ExternalLabels external) {
        this.external = requireNonNull(external, "external is null");
        this.limits = requireNonNull(limits, "limits is null");
        if (shards <= 0) {
            throw new IllegalArgumentException("shards must be > 0 (got: " + shards + ")");
        }
        this.shards = shards;
        this.validator = new SeriesValidator(limits.series());
    }

    /**
     * Decodes one request.
     *
     * @param contentType the Content-Type header, or null if absent
     * @param contentEncoding the Content-Encoding header, or null if absent
     * @param version the X-Prometheus-Remote-Write-Version header, or null if absent
     * @param body the body as received
     * @throws RemoteWriteException if the request as a whole is refused
     */
    public DecodedWrite decode(String contentType, String contentEncoding, String version, byte[] body) {
        requireNonNull(body, "body is null");
        checkContentType(contentType);
        checkEncoding(contentEncoding);
        checkVersion(version);
        byte[] request = decompress(body);
        return read(request);
    }

    private static void checkContentType(String contentType) {
        if (contentType == null) {
            throw new RemoteWriteException(RemoteWriteErrorCode.UNSUPPORTED_CONTENT_TYPE,
                    "missing Content-Type: expected " + CONTENT_TYPE);
        }
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase(CONTENT_TYPE)) {
            throw new RemoteWriteException(RemoteWriteErrorCode.UNSUPPORTED_CONTENT_TYPE,
                    "unsupported Content-Type \"" + contentType + "\": expected " + CONTENT_TYPE);
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int eq = parameter.indexOf('=');
            if (eq > 0 && parameter.substring(0, eq).trim().equalsIgnoreCase("proto")) {
                String proto = parameter.substring(eq + 1).trim();
                if (!proto.equals(WRITE_REQUEST_PROTO)) {
                    throw new RemoteWriteException(RemoteWriteErrorCode.UNSUPPORTED_CONTENT_TYPE,
                            "unsupported message proto=" + proto + " in Content-Type: this receiver speaks remote write 1.0 ("
                                    + WRITE_REQUEST_PROTO + ")");
                }
            }
        }
    }

    private static void checkEncoding(String contentEncoding) {
        if (contentEncoding == null || !contentEncoding.trim().equalsIgnoreCase(CONTENT_ENCODING)) {
            throw new RemoteWriteException(RemoteWriteErrorCode.UNSUPPORTED_ENCODING,
                    (contentEncoding == null ? "missing Content-Encoding" : "unsupported Content-Encoding \"" + contentEncoding + "\"")
                            + ": expected " + CONTENT_ENCODING + " (block format)");
        }
    }

    private static void checkVersion(String version) {
        if (version == null || version.isBlank()) {
            return;
        }
        String v = version.trim();
        int end = 0;
        while (end < v.length() && end < 9 && Character.isDigit(v.charAt(end))) {
            end++;
        }
        if (end > 0 && Integer.parseInt(v.substring(0, end)) >= 2) {
            throw new RemoteWriteException(RemoteWriteErrorCode.UNSUPPORTED_VERSION,
                    "unsupported " + VERSION_HEADER + " " + v + ": this receiver speaks remote write 1.0 (" + VERSION + ")");
        }
    }

    private byte[] decompress(byte[] body) {
        if (body.length > limits.maxCompressedBytes()) {
            throw new RemoteWriteException(RemoteWriteErrorCode.BODY_TOO_LARGE, "body of " + body.length
                    + " bytes is over the limit of " + limits.maxCompressedBytes() + " bytes");
        }
        if (body.length == 0) {
            throw new RemoteWriteException(RemoteWriteErrorCode.MALFORMED_BODY,
                    "empty body: expected a snappy-compressed WriteRequest");
        }
        try {
            return SnappyBlock.decompress(body, limits.maxDecompressedBytes());
        } catch (SnappyBlockException e) {
            throw new RemoteWriteException(e.tooLarge() ? RemoteWriteErrorCode.DECOMPRESSED_TOO_LARGE : RemoteWriteErrorCode.MALFORMED_BODY,
                    e.getMessage(), e);
        }
    }

    private DecodedWrite read(byte[] request) {
        WireReader in = new WireReader(request, 0, request.length);
        SeriesReader series = new SeriesReader(validator, external);
        SortedMap<Integer, WriteBatch> batches = new TreeMap<>();
        List<SeriesError> errors = new ArrayList<>();
        List<MetricMetadata> metadata = new ArrayList<>();
        List<String> metadataErrors = new ArrayList<>();
        int metadataCount = 0;
        int seriesCount = 0;
        int withoutSamples = 0;
        while (!in.atEnd()) {
            int tag = in.readTag();
            int field = WireReader.fieldNumber(tag);
            boolean message = WireReader.wireType(tag) == WireReader.LENGTH_DELIMITED;
            if (field == WriteRequest.TIMESERIES_FIELD_NUMBER && message) {
                if (seriesCount == limits.maxSeriesPerRequest()) {
                    throw new RemoteWriteException(RemoteWriteErrorCode.TOO_MANY_SERIES, "more than "
                            + limits.maxSeriesPerRequest() + " series in one request; send smaller batches");
                }
                readSeries(in, series, seriesCount++);
                if (series.sampleCount() == 0) {
                    withoutSamples++;
                    continue;
                }
                SeriesLabels labels = series.labels();
                SeriesError error = labels == null
                        ? series.error(StorageErrorCode.INVALID_SERIES, series.labelProblem())
                        : series.checkSamples();
                if (error != null) {
                    errors.add(error);
                    continue;
                }
                batches.computeIfAbsent(labels.shard(shards), s -> new WriteBatch())
                        .add(labels, series.timestamps(), series.values(), series.sampleCount());
            } else if (field == WriteRequest.METADATA_FIELD_NUMBER && message) {
                int index = metadataCount++;
                MetricMetadata entry = readMetadata(in, index);
                Optional<String> problem = FamilyMetadata.problem(entry.family(), entry.help(), entry.unit());
                if (problem.isPresent()) {
                    metadataErrors.add("metadata[" + index + "]: " + problem.get());
                } else {
                    metadata.add(entry);
                }
            } else {
                in.skip(tag);
            }
        }
        return new DecodedWrite(batches, errors, metadata, metadataErrors, seriesCount, withoutSamples);
    }

    private static void readSeries(WireReader in, SeriesReader series, int index) {
        try {
            int outer = in.enter();
            series.read(in);
            in.leave(outer);
        } catch (RemoteWriteException e) {
            throw new RemoteWriteException(e.code(), "timeseries[" + index + "]: " + e.getMessage(), e);
        }
    }

    private static MetricMetadata readMetadata(WireReader in, int index) {
        int length = in.readLength();
        int offset = in.skipLengthDelimited(length);
        dev.meridian.proto.remote.MetricMetadata m;
        try {
            m = dev.meridian.proto.remote.MetricMetadata.parseFrom(ByteBuffer.wrap(in.buffer(), offset, length));
        } catch (InvalidProtocolBufferException e) {
            throw new RemoteWriteException(RemoteWriteErrorCode.MALFORMED_BODY,
                    "metadata[" + index + "]: invalid protobuf: " + e.getMessage(), e);
        }
        int type = m.getTypeValue();
        MetricMetadata.Type[] types = MetricMetadata.Type.values();
        return new MetricMetadata(m.getMetricFamilyName(),
                type >= 0 && type < types.length ? types[type] : MetricMetadata.Type.UNKNOWN,
                m.getHelp(), m.getUnit());
    }
}
