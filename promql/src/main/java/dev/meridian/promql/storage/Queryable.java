package dev.meridian.promql.storage;

/**
 * A source of series data: the first role of the storage SPI, and the seam between the PromQL
 * engine and every data source (the local TSDB, a coordinator over storage nodes, the gateway over
 * regions). Merging replicas and fanning out to regions are decorators over these same interfaces.
 *
 * <p>{@code Queryable → Querier → SeriesSet → Series → SampleIterator}
 */
@FunctionalInterface
public interface Queryable {
    /**
     * Opens a querier over samples with timestamps in {@code [mint, maxt]} (milliseconds since the
     * epoch). The caller closes it.
     */
    Querier querier(long mint, long maxt);
}
