package dev.meridian.storage.commitlog;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.StorageException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * A commit log's Micrometer meters, named {@code meridian_storage_commitlog_<what>_<unit>} once
 * rendered for Prometheus:
 *
 * <ul>
 *   <li>{@code meridian_storage_commitlog_records_written_total}, {@code
 *       meridian_storage_commitlog_written_bytes_total}: what the writer wrote to segment files
 *       (bytes include frame headers)
 *   <li>{@code meridian_storage_commitlog_fsync_seconds}: fsync latency, with histogram buckets; its
 *       count is the number of fsyncs
 *   <li>{@code meridian_storage_commitlog_segments}, {@code meridian_storage_commitlog_buffered_bytes}:
 *       segment files on disk and appended bytes not yet written (after {@link #monitor})
 *   <li>{@code meridian_storage_commitlog_tail_truncations_total}, {@code
 *       meridian_storage_commitlog_tail_discarded_bytes_total}: damaged tails cut off at open
 *   <li>{@code meridian_storage_commitlog_failures_total}: writes or fsyncs that failed the log
 * </ul>
 *
 * Pass it as the log's listener ({@link CommitLogOptions#withListener}), then call {@link
 * #monitor} with the opened log for the gauges.
 */
public final class CommitLogMeters implements CommitLogListener {
    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter recordsWritten;
    private final Counter bytesWritten;
    private final Timer fsync;
    private final Counter tailTruncations;
    private final Counter tailDiscardedBytes;
    private final Counter failures;

    /** @param tags what tells this log from others, e.g. {@code namespace} */
    public CommitLogMeters(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = requireNonNull(registry, "registry is null");
        this.tags = Tags.of(requireNonNull(tags, "tags is null"));
        recordsWritten = Counter.builder("meridian.storage.commitlog.records.written")
                .description("Records written to commit log segment files")
                .tags(this.tags).register(registry);
        bytesWritten = Counter.builder("meridian.storage.commitlog.written").baseUnit("bytes")
                .description("Bytes of records, frame headers included, written to commit log segment files")
                .tags(this.tags).register(registry);
        fsync = Timer.builder("meridian.storage.commitlog.fsync")
                .description("Time an fsync of a commit log segment took")
                .serviceLevelObjectives(micros(100), micros(250), micros(500), micros(1000), micros(2500), micros(5000),
                        micros(10_000), micros(25_000), micros(100_000), micros(1_000_000))
                .tags(this.tags).register(registry);
        tailTruncations = Counter.builder("meridian.storage.commitlog.tail.truncations")
                .description("Damaged tails (torn writes, zero-filled space) cut off the newest segment at open")
                .tags(this.tags).register(registry);
        tailDiscardedBytes = Counter.builder("meridian.storage.commitlog.tail.discarded").baseUnit("bytes")
                .description("Bytes cut off the newest segment at open")
                .tags(this.tags).register(registry);
        failures = Counter.builder("meridian.storage.commitlog.failures")
                .description("Writes or fsyncs that failed and stopped the commit log")
                .tags(this.tags).register(registry);
    }

    private static java.time.Duration micros(long us) {
        return java.time.Duration.ofNanos(us * 1000);
    }

    /** Registers the gauges that read {@code log}'s state. */
    public void monitor(CommitLog log) {
        requireNonNull(log, "log is null");
        Gauge.builder("meridian.storage.commitlog.segments", log, l -> l.stats().segments())
                .description("Segment files in the commit log directory")
                .tags(tags).register(registry);
        Gauge.builder("meridian.storage.commitlog.buffered", log, l -> l.stats().bufferedBytes()).baseUnit("bytes")
                .description("Appended bytes waiting in memory for the commit log writer")
                .tags(tags).register(registry);
    }

    @Override
    public void onWrite(int records, long bytes) {
        recordsWritten.increment(records);
        bytesWritten.increment(bytes);
    }

    @Override
    public void onFsync(long nanos, LogPosition durableThrough) {
        fsync.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onTailTruncated(TailDamage damage) {
        tailTruncations.increment();
        tailDiscardedBytes.increment(damage.discardedBytes());
    }

    @Override
    public void onFailure(StorageException failure) {
        failures.increment();
    }
}
