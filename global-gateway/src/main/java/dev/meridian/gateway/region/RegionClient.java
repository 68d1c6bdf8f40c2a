package dev.meridian.gateway.region;

import dev.meridian.promql.labels.LabelMatcher;
import dev.meridian.promql.labels.Labels;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One region as the gateway sees it: the calls of {@code meridian.region.Region}
 * (federation-proto's region.proto) in Java terms. Implementations: the gRPC client over a
 * region's read coordinators, decorators (results cache), and in-memory fakes in tests.
 *
 * <p>Every call is asynchronous and must not block the caller. A failed call completes its
 * future exceptionally with a {@link RegionException} saying what kind of failure it was, which
 * decides whether the gateway may answer without the region. Calls are made within the caller's
 * OpenTelemetry context ({@code Context.current()} at the time of the call), which an
 * implementation that goes over the network propagates.
 */
public interface RegionClient {
    /** The region's name, the value of its {@code region} label. */
    String name();

    /** What the region last said about itself; never blocks. */
    RegionInfo info();

    /** Evaluates an instant-vector PromQL expression in the region. */
    CompletableFuture<QueryResult> query(RegionQuery query, CallOptions options);

    /** The raw samples of the series matching a selector (RegionStore). */
    CompletableFuture<StoreResult> store(StoreQuery query, CallOptions options);

    /** Label sets of the series matching any of the sets, sorted. */
    CompletableFuture<Listing<Labels>> series(List<List<LabelMatcher>> matcherSets, long start, long end,
            CallOptions options);

    /** Label names of series matching any of the sets (all series if none), sorted. */
    CompletableFuture<Listing<String>> labelNames(List<List<LabelMatcher>> matcherSets, long start, long end,
            CallOptions options);

    /** Values of label {@code name} among series matching any of the sets (all if none), sorted. */
    CompletableFuture<Listing<String>> labelValues(String name, List<List<LabelMatcher>> matcherSets, long start,
            long end, CallOptions options);

    /** Metric metadata, only of family {@code metric} if non-empty. */
    CompletableFuture<Listing<Metadata>> metadata(String metric, CallOptions options);
}
