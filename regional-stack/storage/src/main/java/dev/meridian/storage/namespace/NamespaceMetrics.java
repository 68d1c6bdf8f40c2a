package dev.meridian.storage.namespace;

import dev.meridian.storage.block.Block;
import dev.meridian.storage.head.Head;
import dev.meridian.storage.head.HeadRecovery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A namespace's meters (names follow DESIGN.md; Prometheus sees them as {@code
 * meridian_storage_*}): head series, blocks, flush and compaction durations, the index rotation
 * backlog, and how the last start recovered.
 */
final class NamespaceMetrics {
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Timer flushes;
    private final Timer compactions;
    private final Counter blocksFlushed;
    private final Counter blocksExpired;
    private volatile HeadRecovery.Outcome recovery;

    NamespaceMetrics(MeterRegistry registry, String namespace, Namespace ns) {
        this.registry = registry;
        Tags tags = Tags.of("namespace", namespace);
        meters.add(Gauge.builder("meridian.storage.series", ns, n -> {
            Head h = n.head();
            return h == null ? 0 : h.seriesCount();
        }).description("Series in the head and its active index").tags(tags).register(registry));
        meters.add(Gauge.builder("meridian.storage.blocks", ns, n -> n.view().blocks().size())
                .description("Blocks on disk").tags(tags).register(registry));
        meters.add(Gauge.builder("meridian.storage.block.bytes", ns, n -> BlockSet.bytes(n.view().blocks()))
                .description("Bytes of chunks and indexes in blocks").baseUnit("bytes").tags(tags).register(registry));
        meters.add(Gauge.builder("meridian.storage.index.rotation.backlog", ns, Namespace::flushBacklog)
                .description("Block windows that have closed but are not flushed to a block (and index block) yet")
                .tags(tags).register(registry));
        meters.add(Gauge.builder("meridian.storage.head.min.valid.time", ns, n -> {
            Head h = n.head();
            return h == null || h.minValidTime() == Long.MIN_VALUE ? Double.NaN : h.minValidTime() / 1000.0;
        }).description("Unix time before which the head accepts no samples (the end of the newest block)")
                .baseUnit("seconds").tags(tags).register(registry));
        meters.add(Gauge.builder("meridian.storage.recovery.duration", this, m -> {
            HeadRecovery.Outcome o = m.recovery;
            return o == null ? Double.NaN : o.nanos() / 1e9;
        }).description("How long the last start took to restore or replay the head").baseUnit("seconds").tags(tags)
                .register(registry));
        meters.add(Gauge.builder("meridian.storage.recovery.replayed.samples", this, m -> {
            HeadRecovery.Outcome o = m.recovery;
            return o == null ? 0 : o.replayedSamples();
        }).description("Samples the last start replayed from the commit log").tags(tags).register(registry));
        flushes = Timer.builder("meridian.storage.flush.duration").description("Time to flush a block window to a block")
                .tags(tags).serviceLevelObjectives(seconds(0.1), seconds(0.5), seconds(1), seconds(5), seconds(15), seconds(60),
                        seconds(300))
                .register(registry);
        compactions = Timer.builder("meridian.storage.compaction.duration").description("Time to merge adjacent blocks")
                .tags(tags).register(registry);
        blocksFlushed = Counter.builder("meridian.storage.blocks.flushed").description("Blocks written from the head")
                .tags(tags).register(registry);
        blocksExpired = Counter.builder("meridian.storage.blocks.expired").description("Blocks dropped by retention")
                .tags(tags).register(registry);
        meters.add(flushes);
        meters.add(compactions);
        meters.add(blocksFlushed);
        meters.add(blocksExpired);
    }

    private static java.time.Duration seconds(double s) {
        return java.time.Duration.ofMillis((long) (s * 1000));
    }

    void recovered(HeadRecovery.Outcome outcome) {
        recovery = outcome;
    }

    void flushed(long nanos, Block block) {
        flushes.record(nanos, TimeUnit.NANOSECONDS);
        if (block != null) {
            blocksFlushed.increment();
        }
    }

    void compacted(long nanos) {
        compactions.record(nanos, TimeUnit.NANOSECONDS);
    }

    void expired(int blocks) {
        blocksExpired.increment(blocks);
    }

    void close() {
        for (Meter m : meters) {
            registry.remove(m);
        }
    }
}
