package dev.meridian.coordinator.write;

import static java.util.Objects.requireNonNull;

import dev.meridian.api.MetricMetadata;
import dev.meridian.storage.SeriesError;
import dev.meridian.storage.WriteBatch;
import dev.meridian.storage.metadata.FamilyMetadata;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A decoded remote write: the good series' samples by virtual shard, ready for the storage
 * nodes that own each shard, the good metadata entries, and the series and entries refused, each
 * with its reason.
 *
 * <p>The endpoint stores every batch and entry, then answers 204 if {@link #rejection()} is empty
 * and the rejection's status (400) and message otherwise, so a sender learns which series or
 * entries were refused and why, and does not retry them (the spec's "4xx: do not retry").
 *
 * @param batchesByShard the good series by {@code SeriesLabels.shard(shards)}, in shard order;
 *     each entry's samples in time order
 * @param errors the refused series, in request order
 * @param metadata the request's metric metadata the storage nodes accept ({@link
 *     FamilyMetadata#problem}), in request order
 * @param metadataErrors why each other entry was refused, e.g. {@code metadata[2]: metric family
 *     name is empty}, in request order
 * @param seriesInRequest how many TimeSeries the request held
 * @param seriesWithoutSamples how many of them held no samples and were passed over (e.g. only
 *     exemplars or native histograms, which are not stored yet)
 */
public record DecodedWrite(
        SortedMap<Integer, WriteBatch> batchesByShard,
        List<SeriesError> errors,
        List<MetricMetadata> metadata,
        List<String> metadataErrors,
        int seriesInRequest,
        int seriesWithoutSamples) {
    public DecodedWrite {
        batchesByShard = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(batchesByShard, "batchesByShard is null")));
        errors = List.copyOf(errors);
        metadata = List.copyOf(metadata);
        metadataErrors = List.copyOf(metadataErrors);
    }

    /** Series kept, over all shards. */
    public int seriesAccepted() {
        return batchesByShard.values().stream().mapToInt(WriteBatch::size).sum();
    }

    /** Samples kept, over all shards. */
    public long samplesAccepted() {
        return batchesByShard.values().stream().mapToLong(WriteBatch::sampleCount).sum();
    }

    /** Samples of the refused series. */
    public long samplesRejected() {
        return errors.stream().mapToLong(SeriesError::samplesRejected).sum();
    }

    /** Metadata entries in the request, accepted or not. */
    public int metadataInRequest() {
        return metadata.size() + metadataErrors.size();
    }

    /** The 400 to answer after storing the good series and metadata, if any series or entry was refused. */
    public Optional<RemoteWriteException> rejection() {
        return errors.isEmpty() && metadataErrors.isEmpty()
                ? Optional.empty()
                : Optional.of(RemoteWriteException.refused(errors, seriesInRequest, metadataErrors, metadataInRequest()));
    }
}
