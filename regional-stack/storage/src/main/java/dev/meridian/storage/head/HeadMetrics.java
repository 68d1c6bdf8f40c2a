package dev.meridian.storage.head;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/** The head's counters, tagged with the namespace (names follow DESIGN.md: meridian_storage_*). */
public final class HeadMetrics {
    private final Counter samplesAppended;
    private final Counter outOfOrder;
    private final Counter seriesCreated;
    private final Counter seriesRemoved;

    public HeadMetrics(MeterRegistry registry, String namespace) {
        Tags tags = Tags.of("namespace", namespace);
        samplesAppended = Counter.builder("meridian.storage.samples.appended")
                .description("Samples written to the head (retried samples already stored included)")
                .tags(tags).register(registry);
        outOfOrder = Counter.builder("meridian.storage.samples.out.of.order")
                .description("Samples accepted older than their series' newest sample")
                .tags(tags).register(registry);
        seriesCreated = Counter.builder("meridian.storage.head.series.added")
                .description("Series added to the head and its active index")
                .tags(tags).register(registry);
        seriesRemoved = Counter.builder("meridian.storage.head.series.removed")
                .description("Series garbage-collected from the head after a block duration without samples")
                .tags(tags).register(registry);
    }

    void samplesAppended(long n) {
        if (n > 0) {
            samplesAppended.increment(n);
        }
    }

    void outOfOrderSample() {
        outOfOrder.increment();
    }

    void seriesCreated() {
        seriesCreated.increment();
    }

    void seriesRemoved(int n) {
        if (n > 0) {
            seriesRemoved.increment(n);
        }
    }
}
