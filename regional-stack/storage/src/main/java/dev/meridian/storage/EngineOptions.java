package dev.meridian.storage;

import static java.util.Objects.requireNonNull;

import dev.meridian.storage.chunk.ChunkEncoding;
import dev.meridian.storage.series.SeriesLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a {@link StorageEngine} is set up. Build with {@link #builder(Path)}; everything but the
 * data directory and at least one namespace has a default.
 *
 * @param dataDir one subdirectory per namespace
 * @param namespaces the namespaces, unique by name
 * @param fsync when the commit log forces writes to disk
 * @param commitLogSegmentBytes size at which the commit log starts a new segment
 * @param encoding how new chunks are encoded
 * @param limits label limits enforced on new series
 * @param headChunkFileBytes size of each memory-mapped head chunk file
 * @param clock what "now" is (a {@link ManualClock} in simulations)
 * @param registry where meters go
 * @param tickInterval how often background work (flush, truncation, GC, compaction, retention)
 *     runs; zero: never by itself, the caller calls {@link StorageEngine#tick()}
 * @param recoverInBackground true: {@link StorageEngine#open} returns once blocks are loaded and
 *     recovers heads on other threads (reads are served from blocks meanwhile); false: it returns
 *     once every head is recovered
 */
public record EngineOptions(Path dataDir, List<NamespaceOptions> namespaces, FsyncPolicy fsync, long commitLogSegmentBytes,
        ChunkEncoding encoding, SeriesLimits limits, int headChunkFileBytes, Clock clock, MeterRegistry registry,
        Duration tickInterval, boolean recoverInBackground) {
    public static final long DEFAULT_SEGMENT_BYTES = 128L << 20;
    public static final int DEFAULT_HEAD_CHUNK_FILE_BYTES = 64 << 20;

    public EngineOptions {
        requireNonNull(dataDir, "dataDir is null");
        namespaces = List.copyOf(namespaces);
        if (namespaces.isEmpty()) {
            throw new IllegalArgumentException("at least one namespace is needed");
        }
        Set<String> names = new HashSet<>();
        for (NamespaceOptions ns : namespaces) {
            if (!names.add(ns.name())) {
                throw new IllegalArgumentException("namespace \"" + ns.name() + "\" is defined twice");
            }
        }
        requireNonNull(fsync, "fsync is null");
        requireNonNull(encoding, "encoding is null");
        requireNonNull(limits, "limits is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(registry, "registry is null");
        requireNonNull(tickInterval, "tickInterval is null");
        if (commitLogSegmentBytes < (64 << 10)) {
            throw new IllegalArgumentException("commitLogSegmentBytes must be >= 64 KiB (got: " + commitLogSegmentBytes + ")");
        }
        if (headChunkFileBytes < (1 << 20)) {
            throw new IllegalArgumentException("headChunkFileBytes must be >= 1 MiB (got: " + headChunkFileBytes + ")");
        }
        if (tickInterval.isNegative()) {
            throw new IllegalArgumentException("tickInterval must not be negative (got: " + tickInterval + ")");
        }
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Builds {@link EngineOptions}. */
    public static final class Builder {
        private final Path dataDir;
        private final List<NamespaceOptions> namespaces = new ArrayList<>();
        private FsyncPolicy fsync = FsyncPolicy.every(Duration.ofMillis(100));
        private long commitLogSegmentBytes = DEFAULT_SEGMENT_BYTES;
        private ChunkEncoding encoding = ChunkEncoding.TSZ;
        private SeriesLimits limits = SeriesLimits.DEFAULT;
        private int headChunkFileBytes = DEFAULT_HEAD_CHUNK_FILE_BYTES;
        private Clock clock = Clock.systemUTC();
        private MeterRegistry registry;
        private Duration tickInterval = Duration.ofSeconds(5);
        private boolean recoverInBackground;

        private Builder(Path dataDir) {
            this.dataDir = requireNonNull(dataDir, "dataDir is null");
        }

        public Builder namespace(NamespaceOptions options) {
            namespaces.add(requireNonNull(options, "options is null"));
            return this;
        }

        public Builder fsync(FsyncPolicy fsync) {
            this.fsync = fsync;
            return this;
        }

        public Builder commitLogSegmentBytes(long bytes) {
            this.commitLogSegmentBytes = bytes;
            return this;
        }

        public Builder encoding(ChunkEncoding encoding) {
            this.encoding = encoding;
            return this;
        }

        public Builder limits(SeriesLimits limits) {
            this.limits = limits;
            return this;
        }

        public Builder headChunkFileBytes(int bytes) {
            this.headChunkFileBytes = bytes;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public Builder registry(MeterRegistry registry) {
            this.registry = registry;
            return this;
        }

        /** Zero: no background thread; the caller ticks. */
        public Builder tickInterval(Duration interval) {
            this.tickInterval = interval;
            return this;
        }

        public Builder recoverInBackground(boolean background) {
            this.recoverInBackground = background;
            return this;
        }

        public EngineOptions build() {
            return new EngineOptions(dataDir, namespaces, fsync, commitLogSegmentBytes, encoding, limits, headChunkFileBytes, clock,
                    registry == null ? new SimpleMeterRegistry() : registry, tickInterval, recoverInBackground);
        }
    }
}
